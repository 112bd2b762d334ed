// Span batch validity, one test per rule (reference/derivation.md §1.6a span rules), on a fake
// safe chain.
import { describe, expect, test } from "bun:test";
import { type Hash, hexToBytes, type L1BlockRef, type L2BlockRef, type SpanBatch } from "@supernode/protocol";
import type { BatchContext } from "./singularBatchValidity.ts";
import { checkSpanBatch, type SafeChainSource } from "./spanBatchValidity.ts";
import { testBatchRules } from "./testRules.ts";

// Distinct in their first 20 bytes, which is what the span checks compare.
const h = (n: number): Hash => `0x${n.toString(16).padStart(8, "0")}${"00".repeat(28)}`;
const l1 = (number: number, timestamp: number): L1BlockRef => ({
  hash: h(0x1000 + number),
  number,
  parentHash: h(0x1000 + number - 1),
  timestamp,
});
const epoch = l1(100, 1_000);
const nextEpoch = l1(101, 1_012);
const l2 = (number: number, origin = 100): L2BlockRef => ({
  hash: h(0x2000 + number),
  number,
  parentHash: h(0x2000 + number - 1),
  timestamp: 1_000 + 2 * (number - 48),
  l1origin: { hash: h(0x1000 + origin), number: origin },
  sequenceNumber: 0,
});
const safe = l2(50); // timestamp 1004
const tx = (n: number) => new Uint8Array([0x02, 0xc1, n]);
const check20 = (hash: Hash) => hexToBytes(hash).subarray(0, 20);
const rules = (hardforks: Record<string, number> = { deltaTime: 0 }) => testBatchRules(hardforks);
const context = (overrides: Partial<BatchContext> = {}): BatchContext => ({
  safe,
  l1Blocks: [epoch, nextEpoch],
  inclusionBlock: l1(102, 1_024),
  ...overrides,
});

/** A span of `count` blocks starting at `start` (timestamp), all with L1 origin `origin` unless given. */
function span(
  start: number,
  count: number,
  options: { parent?: Hash; origins?: number[]; originHash?: Hash; txs?: Uint8Array[][] } = {},
): SpanBatch {
  const origins = options.origins ?? Array(count).fill(100);
  const lastOrigin = origins.at(-1) as number;
  return {
    parentCheck: check20(options.parent ?? safe.hash),
    l1OriginCheck: check20(options.originHash ?? h(0x1000 + lastOrigin)),
    elements: Array.from({ length: count }, (_, i) => ({
      timestamp: start + 2 * i,
      epochNum: origins[i] as number,
      transactions: options.txs?.[i] ?? [tx(i)],
    })),
  };
}

class SafeChain implements SafeChainSource {
  blocks = new Map<number, { ref: L2BlockRef; transactions: Uint8Array[] }>();
  async blockByNumber(number: number) {
    return this.blocks.get(number) ?? null;
  }
}
const chain = new SafeChain();
for (let n = 46; n <= 50; n++)
  chain.blocks.set(n, { ref: l2(n), transactions: [new Uint8Array([0x7e, 0xc0]), tx(n - 49)] });

const check = (s: SpanBatch, c: Partial<BatchContext> = {}, r = rules(), source: SafeChainSource = chain) =>
  checkSpanBatch(r, context(c), s, source).then((v) => v.validity);

describe("span batch validity", () => {
  test("delta: a span starting at the next block on the safe head is accepted", async () => {
    expect(await check(span(1_006, 3))).toBe("accept");
  });
  test("delta: no buffered L1 origins or an empty span is undecided", async () => {
    expect(await check(span(1_006, 3), { l1Blocks: [] })).toBe("undecided");
    expect(await check({ ...span(1_006, 1), elements: [] })).toBe("undecided");
  });
  test("delta: a span starting in the next epoch is undecided while the next L1 origin is unknown", async () => {
    expect(await check(span(1_012, 1, { origins: [101] }), { l1Blocks: [epoch] })).toBe("undecided");
  });
  test("delta: a span batch whose L1 origin is before Delta is dropped", async () => {
    expect(await check(span(1_006, 2), {}, rules({ deltaTime: 1_001 }))).toBe("drop");
  });
  test("delta: a span starting after the next block is future", async () => {
    expect(await check(span(1_008, 2))).toBe("future");
  });
  test("delta: a span ending before the next block is dropped", async () => {
    expect(await check(span(1_000, 2, { parent: l2(47).hash }))).toBe("drop");
  });
  test("delta: an overlapping span must start on a block boundary at or before the safe head", async () => {
    expect(await check(span(1_005, 3))).toBe("drop");
  });
  test("delta: an overlapping span's parent is read from the safe chain; unreadable is undecided", async () => {
    expect(await check(span(1_002, 3, { parent: l2(48).hash, txs: [[tx(0)], [tx(1)], [tx(9)]] }))).toBe(
      "accept",
    );
    expect(await check(span(1_002, 3, { parent: l2(48).hash }), {}, rules(), new SafeChain())).toBe(
      "undecided",
    );
  });
  test("delta: a parent check that does not match is dropped", async () => {
    expect(await check(span(1_006, 2, { parent: h(5) }))).toBe("drop");
  });
  test("delta: a span included after its start epoch + sequencing window is dropped", async () => {
    expect(await check(span(1_006, 2), { inclusionBlock: l1(3_701, 60_000) })).toBe("drop");
  });
  test("delta: a start epoch beyond the parent's L1 origin + 1 is dropped", async () => {
    expect(
      await check(span(1_006, 1, { origins: [102] }), { l1Blocks: [epoch, nextEpoch, l1(102, 1_030)] }),
    ).toBe("drop");
  });
  test("delta: the last block's L1 origin must be buffered (else undecided) and match the origin check", async () => {
    expect(await check(span(1_006, 4, { origins: [100, 100, 100, 101] }), { l1Blocks: [epoch] })).toBe(
      "undecided",
    );
    expect(await check(span(1_006, 2, { originHash: h(3) }))).toBe("drop");
  });
  test("delta: a start epoch older than the parent's L1 origin is dropped", async () => {
    const newer = { ...safe, l1origin: { hash: nextEpoch.hash, number: 101 } };
    expect(await check(span(1_006, 1, { origins: [100], originHash: epoch.hash }), { safe: newer })).toBe(
      "drop",
    );
  });
  test("delta: a block whose L1 origin is not buffered is dropped", async () => {
    const s = span(1_006, 3, { origins: [100, 101, 102] });
    expect(await check(s, { l1Blocks: [epoch, l1(102, 1_008)] })).toBe("drop");
  });
  test("delta: a block timestamped before its L1 origin is dropped", async () => {
    expect(await check(span(1_006, 2, { origins: [100, 101], originHash: nextEpoch.hash }))).toBe("drop");
  });
  test("delta: past the max sequencer drift a block with transactions is dropped; an empty one waits for the next origin", async () => {
    const late = { ...safe, timestamp: 1_602 };
    const base = { parent: safe.hash };
    expect(await check(span(1_604, 1, base), { safe: late, l1Blocks: [epoch, l1(101, 2_000)] })).toBe("drop");
    expect(await check(span(1_604, 1, { ...base, txs: [[]] }), { safe: late, l1Blocks: [epoch] })).toBe(
      "undecided",
    );
    expect(
      await check(span(1_604, 1, { ...base, txs: [[]] }), { safe: late, l1Blocks: [epoch, l1(101, 1_604)] }),
    ).toBe("drop");
    expect(
      await check(span(1_604, 1, { ...base, txs: [[]] }), { safe: late, l1Blocks: [epoch, l1(101, 2_000)] }),
    ).toBe("accept");
  });
  test("delta: empty and deposit transactions are dropped; EIP-7702 only from Isthmus, by each block's timestamp", async () => {
    expect(await check(span(1_006, 1, { txs: [[new Uint8Array(0)]] }))).toBe("drop");
    expect(await check(span(1_006, 1, { txs: [[new Uint8Array([0x7e])]] }))).toBe("drop");
    expect(await check(span(1_006, 2, { txs: [[tx(0)], [new Uint8Array([0x04, 0xc0])]] }))).toBe("drop");
    expect(
      await check(
        span(1_006, 2, { txs: [[tx(0)], [new Uint8Array([0x04, 0xc0])]] }),
        {},
        rules({ deltaTime: 0, isthmusTime: 1_008 }),
      ),
    ).toBe("accept");
  });
  test("delta: overlapping blocks must equal the safe chain's (non-deposit transactions and L1 origin)", async () => {
    const parent = l2(48).hash;
    expect(await check(span(1_002, 3, { parent, txs: [[tx(7)], [tx(1)], [tx(9)]] }))).toBe("drop");
    expect(await check(span(1_002, 3, { parent, txs: [[], [tx(1)], [tx(9)]] }))).toBe("drop");
  });
  test("holocene: a future span is dropped and one ending at or before the safe head is past, by inclusion time", async () => {
    const holocene = rules({ deltaTime: 0, holoceneTime: 1_024 });
    expect(await check(span(1_008, 2), {}, holocene)).toBe("drop");
    expect(await check(span(1_000, 2, { parent: l2(47).hash }), {}, holocene)).toBe("past");
  });
});
