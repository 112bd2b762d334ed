#!/usr/bin/env bun
// The SafeDB on a real file: 100,000 records (one transaction each, as the driver writes them: an
// L1 block every step, the L2 head 2–3 blocks further), then 100,000 random safeHeadAtL1Block and
// 100,000 random l1AtSafeHead lookups, then the reopen of the full file. Run for both `synchronous`
// settings (`full` fsyncs every record). The directory defaults to the OS temp dir (often tmpfs,
// where an fsync is nearly free): pass one on the disk the data dir lives on for real numbers.
// Run: bun bench/safedb/safedb.bench.ts [dir]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SafeDB } from "../../packages/derivation/src/safedb/safeDB.ts";
import type { Hash } from "../../packages/protocol/src/index.ts";

const N = 100_000;
const LOOKUPS = 100_000;
const baseDir = mkdtempSync(join(process.argv[2] ?? tmpdir(), "safedb-bench-"));
const hash = (tag: number, n: number): Hash =>
  `0x${tag.toString(16).padStart(2, "0")}${n.toString(16).padStart(62, "0")}`;
const options = { chainId: 10n, genesisHash: hash(0xee, 0) };

// A seeded generator, so every run looks up the same blocks.
let seed = 0x2545f491;
const random = (below: number) => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % below;
};

const rate = (count: number, ms: number) =>
  `${Math.round((count / ms) * 1000).toLocaleString("en-US")} ops/s`;

for (const synchronous of ["full", "normal"] as const) {
  const path = join(baseDir, synchronous, "10", "safe.db");
  const db = SafeDB.open(path, { ...options, synchronous });
  const l2Of = new Array<number>(N);

  let l2 = 0;
  let start = performance.now();
  for (let i = 0; i < N; i++) {
    l2 += 2 + (i % 2);
    l2Of[i] = l2;
    db.record({ hash: hash(1, i), number: 1_000 + i }, { hash: hash(2, l2), number: l2 });
  }
  const recordMs = performance.now() - start;

  start = performance.now();
  let hits = 0;
  for (let i = 0; i < LOOKUPS; i++) if (db.safeHeadAtL1Block(1_000 + random(N)).kind === "found") hits++;
  const atL1Ms = performance.now() - start;

  start = performance.now();
  for (let i = 0; i < LOOKUPS; i++)
    if (db.l1AtSafeHead((l2Of[random(N)] as number) - random(2)).kind === "found") hits++;
  const atL2Ms = performance.now() - start;
  db.close();

  start = performance.now();
  const reopened = SafeDB.open(path, { ...options, synchronous });
  const reopenMs = performance.now() - start;
  reopened.close();

  if (hits !== 2 * LOOKUPS) throw new Error(`expected every lookup to be found, got ${hits}`);
  console.log(`synchronous=${synchronous}`);
  console.log(`  record (append, 1 tx each)  ${rate(N, recordMs)}  (${N} in ${recordMs.toFixed(0)} ms)`);
  console.log(`  safeHeadAtL1Block (random)  ${rate(LOOKUPS, atL1Ms)}`);
  console.log(`  l1AtSafeHead (random)       ${rate(LOOKUPS, atL2Ms)}`);
  console.log(`  reopen (${N} entries)       ${reopenMs.toFixed(1)} ms`);
}
rmSync(baseDir, { recursive: true, force: true });
