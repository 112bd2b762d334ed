import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { bytesToHex, concatBytes, encodeUvarint } from "../encoding/bytes.ts";
import { signedTransactions, TEST_CHAIN_ID } from "../testing/transactions.ts";
import { BatchError } from "./batchError.ts";
import { BitList } from "./bitlist.ts";
import {
  buildRawSpanBatch,
  decodeRawSpanBatch,
  deriveSpanBatch,
  encodeRawSpanBatch,
  type SpanBatchBlock,
} from "./spanBatch.ts";

const genesisTimestamp = 1_000_000;
const txs = signedTransactions();
const blocks: SpanBatchBlock[] = [
  { timestamp: 1_000_100, epochNum: 50, transactions: txs.slice(0, 2) },
  { timestamp: 1_000_102, epochNum: 50, transactions: [] },
  { timestamp: 1_000_104, epochNum: 51, transactions: txs.slice(2, 5) },
  { timestamp: 1_000_106, epochNum: 52, transactions: txs.slice(5) },
];
const context = {
  parentHash: new Uint8Array(32).fill(0xaa),
  lastL1OriginHash: new Uint8Array(32).fill(0xbb),
  genesisTimestamp,
  blockTime: 2,
  chainId: TEST_CHAIN_ID,
};

function reason(bytes: Uint8Array): string {
  try {
    decodeRawSpanBatch(bytes);
    return "ok";
  } catch (error) {
    assert.ok(error instanceof BatchError, String(error));
    return error.meta.reason;
  }
}

/** A span batch prefix and payload up to the tx section, for hand-made malformed inputs. */
function header(blockCount: number, originBits: Uint8Array, txCounts: number[]): Uint8Array {
  return concatBytes([
    encodeUvarint(100),
    encodeUvarint(50),
    new Uint8Array(40),
    encodeUvarint(blockCount),
    originBits,
    ...txCounts.map((n) => encodeUvarint(n)),
  ]);
}

describe("span batch", () => {
  test("blocks → raw → bytes → raw → blocks, with every transaction type", () => {
    const raw = buildRawSpanBatch(blocks, context);
    const bytes = encodeRawSpanBatch(raw);
    const decoded = decodeRawSpanBatch(bytes);
    assert.equal(bytesToHex(encodeRawSpanBatch(decoded)), bytesToHex(bytes));
    const derived = deriveSpanBatch(decoded, { genesisTimestamp, blockTime: 2, chainId: TEST_CHAIN_ID });
    assert.deepEqual(
      derived.elements.map((e) => [e.timestamp, e.epochNum, e.transactions.map(bytesToHex)]),
      blocks.map((b) => [b.timestamp, b.epochNum, b.transactions.map(bytesToHex)]),
    );
    assert.deepEqual(derived.parentCheck, context.parentHash.subarray(0, 20));
    assert.deepEqual(derived.l1OriginCheck, context.lastL1OriginHash.subarray(0, 20));
  });

  test("L1 origins walk back from the last block; bit 0 changes nothing", () => {
    const raw = buildRawSpanBatch(blocks, context);
    const withBit0 = { ...raw, originBits: BitList.from([true, false, true, true]) };
    const origins = (r: typeof raw) =>
      deriveSpanBatch(r, { genesisTimestamp, blockTime: 2, chainId: TEST_CHAIN_ID }).elements.map(
        (e) => e.epochNum,
      );
    assert.deepEqual(origins(raw), [50, 50, 51, 52]);
    assert.deepEqual(origins(withBit0), [50, 50, 51, 52]);
  });

  test("the builder refuses blocks a span batch cannot express", () => {
    const skip = [blocks[0]!, { ...blocks[1]!, epochNum: 52 }];
    assert.throws(
      () => buildRawSpanBatch(skip, context),
      (e: unknown) => e instanceof BatchError && e.meta.reason === "blocks not consecutive",
    );
    const gap = [blocks[0]!, { ...blocks[1]!, timestamp: blocks[1]!.timestamp + 2 }];
    assert.throws(
      () => buildRawSpanBatch(gap, context),
      (e: unknown) => e instanceof BatchError && e.meta.reason === "blocks not consecutive",
    );
    assert.throws(
      () => buildRawSpanBatch([], context),
      (e: unknown) => e instanceof BatchError && e.meta.reason === "empty span batch",
    );
  });

  test("limits and malformed input are typed errors", () => {
    assert.equal(reason(header(0, new Uint8Array(0), [])), "empty span batch");
    assert.equal(reason(header(10_000_001, new Uint8Array(0), [])), "too many elements");
    assert.equal(reason(header(1, Uint8Array.of(0b10), [0])), "bitlist too long");
    assert.equal(reason(header(2, Uint8Array.of(0), [10_000_001])), "too many elements");
    assert.equal(reason(header(2, Uint8Array.of(0), [6_000_000, 5_000_000])), "too many elements");
    assert.equal(reason(header(1, Uint8Array.of(0), [1])), "truncated");
    assert.equal(reason(encodeUvarint(1).subarray(0, 0)), "truncated");
    assert.equal(
      reason(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f)),
      "varint overflow",
    );
    // One tx whose data is an RLP string, not a list.
    const txSection = concatBytes([
      Uint8Array.of(0, 0),
      new Uint8Array(64),
      new Uint8Array(20),
      Uint8Array.of(0x83, 1, 2, 3),
    ]);
    assert.equal(reason(concatBytes([header(1, Uint8Array.of(0), [1]), txSection])), "tx data not a list");
  });

  test("an unsupported tx type decodes but fails when the batch is derived, like op-node", () => {
    const raw = buildRawSpanBatch(blocks.slice(0, 1), context);
    const first = raw.txs[0]!;
    const bad = {
      ...raw,
      txs: [{ ...first, type: 5, data: concatBytes([Uint8Array.of(5), first.data]) }, ...raw.txs.slice(1)],
    };
    const decoded = decodeRawSpanBatch(encodeRawSpanBatch(bad));
    assert.throws(
      () => deriveSpanBatch(decoded, { genesisTimestamp, blockTime: 2, chainId: TEST_CHAIN_ID }),
      (e: unknown) => e instanceof BatchError && e.meta.reason === "unsupported tx type",
    );
  });
});
