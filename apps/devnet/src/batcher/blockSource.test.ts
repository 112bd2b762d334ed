// The batcher reading the real devnet engine over HTTP with its JWT: blocks with their L1 origin
// from the L1-info deposit and without deposits, and the whole path engine → batcher → anvil L1
// → decoded batches.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  type Address,
  type Hash,
  loadProtocolWasm,
  parseJwtSecret,
  payloadAttributesToJson,
  type RollupConfig,
} from "@supernode/protocol";
import { type Anvil, startAnvil } from "@supernode/test-helpers/anvil";
import type { AnvilProcess } from "../anvil/anvilProcess.ts";
import { type EngineServer, startEngineServer } from "../engine/engineServer.ts";
import { ExecutionEngine } from "../engine/executionEngine.ts";
import {
  BLOCK_TIME,
  blockAttributes,
  CHAIN_ID,
  GENESIS_TIME,
  rules,
  startChainAnvil,
} from "../engine/testChain.ts";
import { Batcher } from "./batcher.ts";
import { type BatchBlock, EngineBlockSource } from "./blockSource.ts";
import { jsonRpc } from "./rpc.ts";
import { stepAndMine } from "./testDrive.ts";
import { decodeBatches, readInbox, walkSafeChain } from "./testInbox.ts";
import { BATCHER, BATCHER_KEY, testRollup } from "./testL2Chain.ts";

const secret = parseJwtSecret("ab".repeat(32));
const BLOCKS = 12;
let l1: Anvil;
let engineAnvil: AnvilProcess;
let server: EngineServer;
let rollup: RollupConfig;

/** Builds blocks 1..count on the engine as a sequencer does: FCU with attributes, getPayload, newPayload, FCU. */
async function buildChain(count: number): Promise<void> {
  const call = jsonRpc(server.url, { side: "l2", jwtSecret: secret });
  let head = (await call<{ hash: Hash }>("eth_getBlockByNumber", ["latest", false])).hash;
  for (let n = 1; n <= count; n++) {
    const state = { headBlockHash: head, safeBlockHash: head, finalizedBlockHash: `0x${"00".repeat(32)}` };
    const fcu = await call<{ payloadId: string }>("engine_forkchoiceUpdatedV3", [
      state,
      payloadAttributesToJson(await blockAttributes(n)),
    ]);
    const envelope = await call<{ executionPayload: { blockHash: Hash }; parentBeaconBlockRoot: Hash }>(
      "engine_getPayloadV4",
      [fcu.payloadId],
    );
    await call("engine_newPayloadV4", [envelope.executionPayload, [], envelope.parentBeaconBlockRoot, []]);
    head = envelope.executionPayload.blockHash;
    await call("engine_forkchoiceUpdatedV3", [{ ...state, headBlockHash: head }, null]);
  }
}

beforeAll(async () => {
  await loadProtocolWasm();
  [l1, engineAnvil] = await Promise.all([
    startAnvil(["--no-mining", "--hardfork", "prague"]),
    startChainAnvil(),
  ]);
  server = startEngineServer({
    engine: await ExecutionEngine.create(engineAnvil, rules),
    jwtSecret: secret,
    chainId: CHAIN_ID,
  });
  const genesis = await jsonRpc(server.url, { side: "l2", jwtSecret: secret })<{ hash: Hash }>(
    "eth_getBlockByNumber",
    ["0x0", false],
  );
  const base = testRollup();
  rollup = testRollup({
    genesis: { ...base.genesis, l2: { number: 0, hash: genesis.hash }, l2Time: GENESIS_TIME },
    blockTime: BLOCK_TIME,
    l2ChainId: BigInt(CHAIN_ID),
    batchInboxAddress: "0xff00000000000000000000000000000000000384" as Address,
  });
  await buildChain(BLOCKS);
}, 60_000);
afterAll(async () => {
  await server?.stop();
  await Promise.all([l1?.stop(), engineAnvil?.stop()]);
});

describe("EngineBlockSource", () => {
  test("blocks of the devnet engine, read with its JWT: L1 origin from the L1-info deposit, no deposits", async () => {
    const source = new EngineBlockSource({ url: server.url, jwtSecret: secret, rollup });
    const head = await source.head();
    expect(head.number).toBe(BLOCKS);
    const genesis = await source.blockByNumber(0);
    expect(genesis).toMatchObject({
      number: 0,
      hash: rollup.genesis.l2.hash,
      l1Origin: rollup.genesis.l1,
      transactions: [],
    });
    let parent = genesis as BatchBlock;
    for (let n = 1; n <= BLOCKS; n++) {
      const block = (await source.blockByNumber(n)) as BatchBlock;
      // testChain's block n: L1 origin 100 + n with hash n, three deposits, from block 2 one transfer.
      expect(block).toMatchObject({
        number: n,
        parentHash: parent.hash,
        timestamp: GENESIS_TIME + BLOCK_TIME * n,
        l1Origin: { number: 100 + n, hash: `0x${n.toString(16).padStart(64, "0")}` },
        sequenceNumber: 0,
      });
      const attributes = await blockAttributes(n);
      expect(block.transactions).toEqual(n > 1 ? [attributes.transactions[3] as Uint8Array] : []);
      parent = block;
    }
    expect(parent.hash).toBe(head.hash);
    expect(await source.blockByNumber(BLOCKS + 1)).toBeNull();
  });

  test("a wrong JWT secret is a critical error", async () => {
    const source = new EngineBlockSource({
      url: server.url,
      jwtSecret: parseJwtSecret("cd".repeat(32)),
      rollup,
    });
    await expect(source.blockByNumber(1)).rejects.toMatchObject({
      meta: { kind: "critical", reason: "l2-rpc" },
    });
    const none = new EngineBlockSource({ url: server.url, rollup });
    await expect(none.head()).rejects.toThrow("HTTP 401");
  });

  test("engine → batcher (l2Url + JWT) → anvil: the batches decode to the engine's blocks", async () => {
    const batcher = new Batcher({
      l1Url: l1.url,
      l2Url: server.url,
      l2JwtSecret: secret,
      batcherKey: BATCHER_KEY,
      rollup,
      maxFrameSize: 1_000,
      channel: { maxBlocks: 5 },
    });
    const reports = await stepAndMine(batcher, l1, BLOCKS);
    expect(reports[0]?.loadedBlocks).toBe(BLOCKS);
    expect(reports.flatMap((r) => r.closedChannels).map((c) => [c.firstBlock, c.lastBlock])).toEqual([
      [1, 5],
      [6, 10],
      [11, 12],
    ]);
    const source = new EngineBlockSource({ url: server.url, jwtSecret: secret, rollup });
    const chain = await Promise.all(Array.from({ length: BLOCKS + 1 }, (_, n) => source.blockByNumber(n)));
    const batches = decodeBatches(
      await readInbox(l1, rollup.batchInboxAddress, BATCHER),
      rollup.channelTimeout,
    );
    const walk = walkSafeChain(batches, chain as BatchBlock[], rollup);
    expect(walk.problems).toEqual([]);
    expect(walk.derived).toEqual(Array.from({ length: BLOCKS }, (_, i) => i + 1));
  }, 60_000);
});
