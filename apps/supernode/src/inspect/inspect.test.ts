// `supernode inspect` as a user runs it: a real process, JSON on stdout, one line on stderr for
// malformed input.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  bytesToHex,
  ChannelOut,
  compressChannel,
  concatBytes,
  encodeBatchData,
  encodeBatcherData,
  encodeBlob,
  loadBrotli,
  rlpEncodeList,
  rlpEncodeString,
  rlpEncodeUint,
  type SingularBatch,
} from "@supernode/protocol";

await loadBrotli();

const main = join(import.meta.dir, "..", "main.ts");

export function runSupernode(args: string[]) {
  const result = Bun.spawnSync([process.execPath, main, ...args], { stdout: "pipe", stderr: "pipe" });
  return { code: result.exitCode, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
}

const batch = (i: number): SingularBatch => ({
  parentHash: `0x${"11".repeat(32)}`,
  epochNum: 40 + i,
  epochHash: `0x${"22".repeat(32)}`,
  timestamp: 1000 + 2 * i,
  transactions: [Uint8Array.of(2, 0xc0), Uint8Array.of(0xc1, 0x80), Uint8Array.of(2, 0xc1, 0x01)].slice(
    0,
    i + 1,
  ),
});

/** A type-2 transaction whose calldata is `data` (signature fields are placeholders). */
function batcherTx(data: Uint8Array): Uint8Array {
  const fields = [901, 0, 1, 2, 21000].map((n) => rlpEncodeUint(n));
  const body = rlpEncodeList([
    ...fields,
    rlpEncodeString(new Uint8Array(20).fill(0xff)),
    rlpEncodeUint(0),
    rlpEncodeString(data),
    rlpEncodeList([]),
    rlpEncodeUint(1),
    rlpEncodeUint(5),
    rlpEncodeUint(6),
  ]);
  return concatBytes([Uint8Array.of(2), body]);
}

describe("supernode inspect", () => {
  for (const compression of ["zlib", "brotli"] as const) {
    test(`channel (${compression}): batches with per-block timestamp, origin and tx types`, () => {
      const rlp = concatBytes(
        [0, 1, 2].map((i) => rlpEncodeString(encodeBatchData({ type: "singular", batch: batch(i) }))),
      );
      const result = runSupernode(["inspect", "channel", bytesToHex(compressChannel(rlp, compression))]);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout);
      const channel = report.channels[0];
      expect(channel.compression).toBe(compression);
      expect(channel.stoppedBy).toBeNull();
      expect(channel.batches.map((b: { blocks: unknown[] }) => b.blocks[0])).toEqual([
        { timestamp: 1000, l1OriginNumber: 40, txCount: 1, txTypes: { "2": 1 } },
        { timestamp: 1002, l1OriginNumber: 41, txCount: 2, txTypes: { "0": 1, "2": 1 } },
        { timestamp: 1004, l1OriginNumber: 42, txCount: 3, txTypes: { "0": 1, "2": 2 } },
      ]);
    });
  }

  test("tx: frames of two channels in one transaction, --full adds hashes", () => {
    const frames = [0, 1].flatMap((n) => {
      const out = new ChannelOut(new Uint8Array(16).fill(n + 1), {
        compression: "zlib",
        targetCompressedSize: 10_000,
      });
      out.addBatch({ type: "singular", batch: batch(n) });
      return out.frames(60);
    });
    const result = runSupernode([
      "inspect",
      "tx",
      bytesToHex(batcherTx(encodeBatcherData(frames))),
      "--full",
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.transaction.type).toBe(2);
    expect(report.transaction.to).toBe(`0x${"ff".repeat(20)}`);
    expect(report.frames.length).toBe(frames.length);
    expect(report.channels.map((c: { id: string; complete: boolean }) => [c.id, c.complete])).toEqual([
      [`0x${"01".repeat(16)}`, true],
      [`0x${"02".repeat(16)}`, true],
    ]);
    expect(report.channels[1].batches[0].blocks[0].txHashes).toHaveLength(2);
  });

  const malformed: [string, string[], RegExp][] = [
    ["a missing file", ["inspect", "tx", "/nonexistent/tx.bin"], /no such file/],
    ["odd hex", ["inspect", "channel", "0xabc"], /odd number of digits/],
    ["an unknown compression", ["inspect", "channel", "0x02aabb"], /unknown compression/],
    ["garbage where a zlib stream belongs", ["inspect", "channel", "0x78dafffffff0"], /inflate/],
    ["a transaction of an unknown type", ["inspect", "tx", "0x05c0"], /not a batcher transaction/],
    ["a blob transaction", ["inspect", "tx", "0x03c0"], /blobs/],
    [
      "calldata that is no frame",
      ["inspect", "tx", bytesToHex(batcherTx(Uint8Array.of(0, 1, 2)))],
      /truncated frame/,
    ],
  ];
  for (const [name, args, message] of malformed) {
    test(`${name}: one line on stderr, exit 1`, () => {
      const result = runSupernode(args);
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    });
  }

  test("blobs: frames of one channel spread over two blobs, plus a blob that does not decode", () => {
    const out = new ChannelOut(new Uint8Array(16).fill(9), {
      compression: "brotli",
      targetCompressedSize: 100_000,
    });
    for (const i of [0, 1, 2]) out.addBatch({ type: "singular", batch: batch(i) });
    const frames = out.frames(80);
    const half = Math.ceil(frames.length / 2);
    const dir = mkdtempSync(join(tmpdir(), "inspect-blobs-"));
    try {
      const files = [frames.slice(0, half), frames.slice(half)].map((part, i) => {
        const path = join(dir, `blob${i}.bin`);
        writeFileSync(path, encodeBlob(encodeBatcherData(part)));
        return path;
      });
      const broken = join(dir, "broken.bin");
      const bad = encodeBlob(Uint8Array.of(0, 1));
      bad[1] = 7;
      writeFileSync(broken, bad);
      const result = runSupernode(["inspect", "blobs", files[0]!, broken, files[1]!]);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.stdout);
      expect(report.blobs[1].error).toMatch(/unknown version/);
      expect(report.frames).toHaveLength(frames.length);
      expect(report.channels[0].complete).toBe(true);
      expect(report.channels[0].compression).toBe("brotli");
      expect(
        report.channels[0].batches.map((b: { blocks: { timestamp: number }[] }) => b.blocks[0]?.timestamp),
      ).toEqual([1000, 1002, 1004]);
      const none = runSupernode(["inspect", "blobs", broken]);
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/no blob held a frame/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("usage errors exit 2", () => {
    expect(runSupernode(["inspect", "frames", "x"]).code).toBe(2);
    expect(runSupernode(["inspect", "tx", "0x00", "--bogus"]).code).toBe(2);
    expect(runSupernode(["inspect", "channel", "0x00", "--network", "nowhere"]).stderr).toMatch(
      /unknown network nowhere/,
    );
  });
});
