// The engine controller against two devnet engines over real HTTP + JWT: blocks built from
// attributes with labels moving, an unsafe payload from another engine inserted, consolidation
// matching and naming each mismatching field, a rewind of 5 blocks with the labels read back,
// the refusal below finalized, and a rewind whose FCU is refused (wrong JWT) keeping the auth
// error's kind.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  consolidate,
  createEngineApiMetrics,
  createEngineTransport,
  type EngineApiError,
  EngineClient,
  EngineController,
  L2Reader,
  RewindError,
  type RpcCall,
} from "@supernode/engine-api";
import { type Hash, opSepolia, type PayloadAttributes } from "@supernode/protocol";
import { Registry } from "prom-client";
import {
  attributes,
  CHAIN_ID,
  chainOpConfig,
  type DevnetEngine,
  forks,
  startDevnetEngine,
} from "./devnetChain.ts";

const secret = new Uint8Array(32).fill(0x42);

const controllers: EngineController[] = [];
const readers: L2Reader[] = [];

const devnets: DevnetEngine[] = [];
const registry = new Registry();
const metrics = createEngineApiMetrics(registry);

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const devnet = await startDevnetEngine(secret);
    const call = createEngineTransport({ url: devnet.server.url, jwtSecret: secret });
    const genesis = {
      l1: { hash: `0x${"99".repeat(32)}` as Hash, number: 100 },
      l2: { hash: devnet.engine.genesis.hash, number: 0 },
      systemConfig: opSepolia.genesis.systemConfig,
    };
    const reader = new L2Reader({ call, forks, genesis });
    devnets.push(devnet);
    readers.push(reader);
    controllers.push(
      await EngineController.open(
        new EngineClient(call, forks),
        reader,
        forks,
        i === 0 ? { metrics, chainId: CHAIN_ID } : {},
      ),
    );
  }
});
afterAll(() => Promise.all(devnets.map((d) => d.stop())));

describe("engine controller on the devnet engine", () => {
  test("10 blocks from attributes, the first 6 safe; labels follow; another engine inserts them as unsafe payloads", async () => {
    const [a, b] = controllers as [EngineController, EngineController];
    for (let n = 1; n <= 10; n++) {
      const envelope = await a.buildFromAttributes(attributes(n), { safe: n <= 6 });
      expect(a.labels.unsafe).toMatchObject({
        number: n,
        hash: envelope.executionPayload.blockHash,
        l1origin: { number: 100 + n },
      });
      expect(a.labels.safe.number).toBe(Math.min(n, 6));
      const inserted = await b.insertUnsafePayload(envelope);
      expect(inserted.hash).toBe(envelope.executionPayload.blockHash);
    }
    expect(b.labels.unsafe.number).toBe(10);
    expect(b.labels.safe.number).toBe(0);
    expect((await readers[0]!.blockRef("safe"))?.number).toBe(6);
    const text = await registry.metrics();
    expect(text).toContain('supernode_engine_head_number{chain_id="901",label="unsafe"} 10');
    expect(text).toContain('supernode_engine_head_number{chain_id="901",label="safe"} 6');
    expect(text).toContain('supernode_engine_head_number{chain_id="901",label="finalized"} 0');
  }, 60_000);

  test("consolidation: the block's own attributes match; each changed field is named", async () => {
    const block = (await readers[0]!.block(3))!;
    const parent = (await readers[0]!.blockRef(2))!;
    const attrs = attributes(3);
    expect(consolidate(attrs, block, parent.hash, forks, chainOpConfig)).toEqual({ match: true });
    const cases: [string, Partial<PayloadAttributes> | Hash][] = [
      ["parentHash", `0x${"01".repeat(32)}`],
      ["timestamp", { timestamp: attrs.timestamp + 1n }],
      ["prevRandao", { prevRandao: `0x${"07".repeat(32)}` }],
      ["feeRecipient", { suggestedFeeRecipient: "0x4200000000000000000000000000000000000019" }],
      ["gasLimit", { gasLimit: 29_000_000n }],
      ["transactions.length", { transactions: [] }],
      ["transactions[0]", { transactions: attributes(4).transactions }],
      ["withdrawals", { withdrawals: [{}] }],
      ["parentBeaconBlockRoot", { parentBeaconBlockRoot: `0x${"bf".repeat(32)}` }],
      ["extraData", { eip1559Params: "0x000000fa00000008" }],
    ];
    for (const [field, change] of cases) {
      const result =
        typeof change === "string"
          ? consolidate(attrs, block, change, forks, chainOpConfig)
          : consolidate({ ...attrs, ...change }, block, parent.hash, forks, chainOpConfig);
      expect(result).toMatchObject({ match: false, field });
    }
  });

  test("rewind from 10 to 5: the engine's head, safe and finalized read back; building goes on from 5", async () => {
    const a = controllers[0]!;
    const target = (await readers[0]!.blockRef(5))!;
    const labels = await a.rewind(target.hash);
    expect(labels.unsafe).toEqual(target);
    expect(labels.safe).toEqual(target); // was 6, lowered to the target
    expect(labels.finalized.number).toBe(0);
    expect((await readers[0]!.blockRef("latest"))?.hash).toBe(target.hash);
    expect((await readers[0]!.blockRef("safe"))?.hash).toBe(target.hash);
    expect(await readers[0]!.blockRef(6)).toBeNull(); // the old branch is no longer canonical
    const rebuilt = await a.buildFromAttributes(attributes(6, [], 1));
    expect(rebuilt.executionPayload.parentHash).toBe(target.hash);
    expect(a.labels.unsafe.number).toBe(6);
  }, 30_000);

  test("a rewind below finalized is refused and nothing moves", async () => {
    const a = controllers[0]!;
    const four = (await readers[0]!.blockRef(4))!;
    await a.promote({ finalized: four });
    expect((await readers[0]!.blockRef("finalized"))?.hash).toBe(four.hash);
    const before = a.labels;
    const three = (await readers[0]!.blockRef(3))!;
    const error = await a.rewind(three.hash).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RewindError);
    expect([(error as RewindError).meta.reason, (error as RewindError).kind]).toEqual([
      "over-finalized",
      "critical",
    ]);
    expect(a.labels).toEqual(before);
    expect((await readers[0]!.blockRef("latest"))?.hash).toBe(before.unsafe.hash);
  }, 30_000);

  test("a rewind whose FCUs the engine refuses (wrong JWT secret): fcu-rejected and critical, as the auth error; nothing moves", async () => {
    const url = devnets[1]!.server.url;
    const good = createEngineTransport({ url, jwtSecret: secret });
    const wrong = createEngineTransport({ url, jwtSecret: new Uint8Array(32).fill(0x43) });
    const call: RpcCall = <T>(method: string, params: readonly unknown[], options?: { timeoutMs?: number }) =>
      (method.startsWith("engine_forkchoiceUpdated") ? wrong : good)<T>(method, params, options);
    const controller = await EngineController.open(new EngineClient(call, forks), readers[1]!, forks);
    const before = controller.labels;
    expect(before.unsafe.number).toBe(10);
    const target = (await readers[1]!.blockRef(8))!;
    const error = await controller.rewind(target.hash).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RewindError);
    expect([(error as RewindError).meta.reason, (error as RewindError).kind]).toEqual([
      "fcu-rejected",
      "critical",
    ]);
    const cause = (error as RewindError).cause as EngineApiError;
    expect([cause.kind, cause.reason, cause.meta.status]).toEqual(["critical", "auth", 401]);
    expect(controller.labels).toEqual(before);
    expect((await readers[1]!.blockRef("latest"))?.hash).toBe(before.unsafe.hash);
  }, 30_000);
});
