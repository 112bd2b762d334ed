// `supernode inspect` on the real OP Mainnet data of ../shared/fixtures gives the counts of
// kona/derived/expected_decodes.json.
import { expect, test } from "bun:test";
import { describeWithFixtures } from "@supernode/test-helpers/fixtures";
import { runSupernode } from "./inspect.test.ts";

interface Expected {
  block_tx_counts: number[];
  per_block_l1_origin: number[];
  first_l2_timestamp: number;
  tx_type_counts: Record<string, number>;
}

function check(
  report: {
    channels: {
      batches: {
        blockCount: number;
        blocks: {
          timestamp: number;
          l1OriginNumber: number;
          txCount: number;
          txTypes: Record<string, number>;
        }[];
      }[];
    }[];
  },
  want: Expected,
) {
  const batch = report.channels[0]?.batches[0];
  expect(report.channels[0]?.batches).toHaveLength(1);
  expect(batch?.blocks.map((b) => b.txCount)).toEqual(want.block_tx_counts);
  expect(batch?.blocks.map((b) => b.l1OriginNumber)).toEqual(want.per_block_l1_origin);
  expect(batch?.blocks[0]?.timestamp).toBe(want.first_l2_timestamp);
  const types: Record<string, number> = {};
  for (const block of batch?.blocks ?? [])
    for (const [t, n] of Object.entries(block.txTypes)) types[t] = (types[t] ?? 0) + n;
  expect(types).toEqual(want.tx_type_counts);
}

describeWithFixtures("supernode inspect on real OP Mainnet data", (fixtures) => {
  const expected = fixtures.json<Record<string, { batches: Expected[] }>>(
    "kona/derived/expected_decodes.json",
  );
  test("inspect tx raw_batcher_tx.bin", () => {
    const result = runSupernode([
      "inspect",
      "tx",
      fixtures.path("kona/derive/raw_batcher_tx.bin"),
      "--network",
      "op-mainnet",
    ]);
    expect(result.code).toBe(0);
    check(JSON.parse(result.stdout), expected["raw_batcher_tx.bin"]!.batches[0]!);
  });

  test("inspect channel batch.hex (hex text file) with --full", () => {
    const result = runSupernode([
      "inspect",
      "channel",
      fixtures.path("kona/derive/batch.hex"),
      "--network",
      "op-mainnet",
      "--full",
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    check(report, expected["batch.hex"]!.batches[0]!);
    const hashes = report.channels[0].batches[0].blocks.flatMap((b: { txHashes: string[] }) => b.txHashes);
    expect(hashes).toHaveLength(1766);
    expect(new Set(hashes).size).toBe(1766);
  });
});
