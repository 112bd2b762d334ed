// The Engine API client against the devnet execution engine over real HTTP + JWT: 20 blocks
// built and imported through the client's own methods (the versions of the fork), an engine
// refusing our JWT surfaces as an auth error, and a build the engine refuses as -38003.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EngineServer, ExecutionEngine } from "@supernode/devnet";
import {
  createEngineTransport,
  EngineApiError,
  EngineClient,
  expectValid,
  L2Reader,
  readJwtSecretFile,
} from "@supernode/engine-api";
import { bytesToHex, encodeDepositTx, type Hash, opSepolia } from "@supernode/protocol";
import { privateKeyToAccount } from "viem/accounts";
import {
  attributes,
  CHAIN_ID,
  type DevnetEngine,
  forks,
  GENESIS_TIME,
  startDevnetEngine,
} from "./devnetChain.ts";

const dir = mkdtempSync(join(tmpdir(), "engine-api-devnet-"));
const secretPath = join(dir, "jwt.hex");
writeFileSync(secretPath, `0x${"5e".repeat(32)}\n`);
const ZERO: Hash = `0x${"00".repeat(32)}`;

let devnet: DevnetEngine;
let server: EngineServer;
let engine: ExecutionEngine;

beforeAll(async () => {
  devnet = await startDevnetEngine(readJwtSecretFile(secretPath));
  ({ server, engine } = devnet);
});
afterAll(() => devnet.stop());

const user = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

/** Block 1 funds `user` by a minting deposit; blocks 2–4 carry its EIP-1559, legacy and EIP-2930 transfers. */
async function userTransactions(n: number): Promise<`0x${string}`[]> {
  if (n === 1) {
    return [
      bytesToHex(
        encodeDepositTx({
          sourceHash: `0x${"44".repeat(32)}`,
          from: "0x000000000000000000000000000000000000f00d",
          to: user.address,
          mint: 10n ** 18n,
          value: 10n ** 18n,
          gas: 100_000n,
          isSystemTx: false,
          data: new Uint8Array(0),
        }),
      ),
    ];
  }
  const common = {
    chainId: CHAIN_ID,
    nonce: n - 2,
    to: "0x0000000000000000000000000000000000000bad",
    value: 1n,
    gas: 21_000n,
  } as const;
  if (n === 2)
    return [
      await user.signTransaction({
        ...common,
        type: "eip1559",
        maxFeePerGas: 10_000_000_000n,
        maxPriorityFeePerGas: 1n,
      }),
    ];
  if (n === 3) return [await user.signTransaction({ ...common, type: "legacy", gasPrice: 10_000_000_000n })];
  if (n === 4)
    return [
      await user.signTransaction({
        ...common,
        type: "eip2930",
        gasPrice: 10_000_000_000n,
        accessList: [{ address: user.address, storageKeys: [`0x${"00".repeat(32)}`] }],
        gas: 30_000n,
      }),
    ];
  return [];
}

describe("engine-api client on the devnet engine", () => {
  test("20 blocks: FCU+attributes → getPayload → newPayload → FCU, through the client", async () => {
    const client = new EngineClient(
      createEngineTransport({ url: server.url, jwtSecret: readJwtSecretFile(secretPath) }),
      forks,
    );
    let head = engine.head.hash;
    for (let n = 1; n <= 20; n++) {
      const attrs = attributes(n, await userTransactions(n));
      const state = { headBlockHash: head, safeBlockHash: head, finalizedBlockHash: ZERO };
      const started = await client.forkchoiceUpdated(state, attrs);
      expectValid("engine_forkchoiceUpdatedV3", started.payloadStatus);
      const envelope = await client.getPayload(started.payloadId as string, Number(attrs.timestamp));
      expect(envelope.parentBeaconBlockRoot).toBe(attrs.parentBeaconBlockRoot as Hash);
      expect(envelope.executionPayload.transactions).toEqual(attrs.transactions.map(bytesToHex));
      const status = await client.newPayload(envelope.executionPayload, envelope.parentBeaconBlockRoot);
      expectValid("engine_newPayloadV4", status);
      head = envelope.executionPayload.blockHash;
      const adopted = await client.forkchoiceUpdated({ ...state, headBlockHash: head }, null);
      expect(adopted.payloadStatus.status).toBe("VALID");
    }
    expect(engine.head.hash).toBe(head);
    expect(Number(engine.head.header.number)).toBe(20);
  }, 60_000);

  test("an engine with another secret: an auth error, critical, not a retry", async () => {
    const client = new EngineClient(
      createEngineTransport({ url: server.url, jwtSecret: new Uint8Array(32).fill(1) }),
      forks,
    );
    const error = await client
      .forkchoiceUpdated(
        { headBlockHash: engine.head.hash, safeBlockHash: ZERO, finalizedBlockHash: ZERO },
        null,
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineApiError);
    expect((error as EngineApiError).meta).toMatchObject({ kind: "critical", reason: "auth", status: 401 });
  });

  test("attributes the engine cannot build: -38003, invalid payload attributes", async () => {
    const client = new EngineClient(
      createEngineTransport({ url: server.url, jwtSecret: readJwtSecretFile(secretPath) }),
      forks,
    );
    const head = engine.head;
    const n = Number(head.header.number) + 1;
    // A deposit with a wrong RLP body: the engine refuses the transaction, so the build fails.
    const error = await client
      .forkchoiceUpdated(
        { headBlockHash: head.hash, safeBlockHash: head.hash, finalizedBlockHash: ZERO },
        attributes(n, ["0x7ec0"]),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineApiError);
    expect((error as EngineApiError).meta).toMatchObject({
      kind: "critical",
      reason: "invalid-payload-attributes",
      rpcCode: -38003,
    });
  });

  test("L2 reads: block refs with L1 origin and sequence number, genesis from the rollup config, output roots both ways", async () => {
    const call = createEngineTransport({ url: server.url, jwtSecret: readJwtSecretFile(secretPath) });
    const genesis = engine.genesis;
    const l1Genesis = { hash: `0x${"99".repeat(32)}` as Hash, number: 100 };
    const reader = new L2Reader({
      call,
      forks,
      genesis: {
        l1: l1Genesis,
        l2: { hash: genesis.hash, number: 0 },
        systemConfig: opSepolia.genesis.systemConfig,
      },
    });
    expect(await reader.blockRef(0)).toEqual({
      hash: genesis.hash,
      number: 0,
      parentHash: genesis.header.parentHash,
      timestamp: GENESIS_TIME,
      l1origin: l1Genesis,
      sequenceNumber: 0,
    });
    const ref = await reader.blockRef(7);
    expect(ref).toMatchObject({
      number: 7,
      timestamp: GENESIS_TIME + 14,
      l1origin: { number: 107, hash: `0x${(107).toString(16).padStart(64, "0")}` },
      sequenceNumber: 0,
    });
    expect(await reader.blockRef(ref!.hash)).toEqual(ref);
    expect((await reader.blockRef("latest"))?.hash).toBe(engine.head.hash);
    expect(await reader.blockRef(10_000)).toBeNull();
    const viaHeader = await reader.output(12, "header");
    const viaProof = await reader.output(12, "proof");
    expect(viaHeader).toEqual(viaProof);
    expect(viaHeader?.outputRoot).toMatch(/^0x[0-9a-f]{64}$/);
    // The same output from the header alone (no transactions), by number and by hash, both ways.
    const block12 = await reader.header(12);
    expect(block12?.hash).toBe(viaHeader?.blockRef.hash as Hash);
    expect(Number(block12?.header.number)).toBe(12);
    const rootOnly = {
      outputRoot: viaHeader?.outputRoot,
      stateRoot: viaHeader?.stateRoot,
      messagePasserStorageRoot: viaHeader?.messagePasserStorageRoot,
      blockHash: viaHeader?.blockRef.hash,
    };
    expect(await reader.outputRoot(12)).toEqual(rootOnly as never);
    expect(await reader.outputRoot(block12?.hash as Hash, "proof")).toEqual(rootOnly as never);
    expect(await reader.outputRoot(10_000)).toBeNull();
    expect(await reader.header(10_000)).toBeNull();
    // The system config read back from a block: what its L1-info deposit was written from (the
    // scalar in its versioned form, the overhead gone), the header's gas limit and Holocene params.
    expect(await reader.systemConfig(7)).toEqual({
      ...opSepolia.genesis.systemConfig,
      overhead: `0x${"00".repeat(32)}`,
      scalar: `0x01${"00".repeat(28)}0a6fe0`,
      eip1559Params: "0x000000fa00000006",
    });
    expect(await reader.systemConfig(0)).toEqual(opSepolia.genesis.systemConfig);
    // Blocks as payloads, rebuilt from their JSON (deposits, EIP-1559, legacy and EIP-2930 transfers).
    for (const n of [1, 2, 3, 4, 7]) {
      const envelope = await reader.payload(n);
      const built = engine.canonicalByNumber(n)!;
      expect(envelope?.executionPayload.blockHash).toBe(built.hash);
      expect(envelope?.executionPayload.transactions).toEqual(built.payload.transactions);
      expect(envelope?.parentBeaconBlockRoot).toBe(built.header.parentBeaconBlockRoot as Hash);
    }
    const receipts = await reader.receipts(ref!.hash);
    expect(receipts).toHaveLength(1);
    // A rollup config with another genesis is refused, not silently followed.
    const wrong = new L2Reader({
      call,
      forks,
      genesis: {
        l1: l1Genesis,
        l2: { hash: `0x${"01".repeat(32)}`, number: 0 },
        systemConfig: opSepolia.genesis.systemConfig,
      },
    });
    const error = await wrong.blockRef(0).catch((e: unknown) => e);
    expect((error as EngineApiError).meta).toMatchObject({ kind: "critical", reason: "bad-response" });
  });
});
