// The SafeDB on real files: op-node's safedb_test.go cases (store, reset truncation, L1 at safe
// head, first entry), the L1-reorg replacement, permanent gaps apart from not-yet, and the files
// it must refuse without touching them.

import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BlockID, Hash } from "@supernode/protocol";
import { SafeDB, type SafeDBLookup, type SafeDBOptions, type SafeHeadEntry, safeDBPath } from "./safeDB.ts";
import { SafeDBError, type SafeDBErrorKind } from "./safeDBError.ts";

const root = mkdtempSync(join(tmpdir(), "safedb-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let fileCount = 0;
const freshPath = () => join(root, `case-${++fileCount}`, "10", "safe.db");

const GENESIS: Hash = `0x${"0a".repeat(32)}`;
const OPTIONS: SafeDBOptions = { chainId: 10n, genesisHash: GENESIS };

/** A distinct 32-byte hash per (tag, n): tag 1 for L1 blocks, 2 for L2 blocks, 3+ for forks. */
const hash = (tag: number, n: number): Hash =>
  `0x${tag.toString(16).padStart(2, "0")}${n.toString(16).padStart(62, "0")}`;
const l1 = (n: number, tag = 1): BlockID => ({ hash: hash(tag, n), number: n });
const l2 = (n: number, tag = 2): BlockID => ({ hash: hash(tag, n), number: n });
const entry = (l1Block: BlockID, safeHead: BlockID): SafeHeadEntry => ({ l1Block, safeHead });
const found = (l1Block: BlockID, safeHead: BlockID): SafeDBLookup => ({
  kind: "found",
  entry: entry(l1Block, safeHead),
});

function openFresh(options: SafeDBOptions = OPTIONS): SafeDB {
  return SafeDB.open(freshPath(), options);
}

function expectSafeDBError(run: () => unknown, kind: SafeDBErrorKind, message: RegExp): SafeDBError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(SafeDBError);
  const error = thrown as SafeDBError;
  expect(error.code).toBe("SAFEDB");
  expect(error.kind).toBe(kind);
  expect(error.message).toMatch(message);
  return error;
}

describe("open", () => {
  test("creates <data-dir>/<chainId>/safe.db in WAL mode with its meta row", () => {
    const dataDir = join(root, "datadir");
    const path = safeDBPath(dataDir, 11155420n);
    expect(path).toBe(join(dataDir, "11155420", "safe.db"));
    const db = SafeDB.open(path, {
      chainId: 11155420n,
      genesisHash: GENESIS.toUpperCase().replace("0X", "0x") as Hash,
    });
    db.record(l1(100), l2(20));
    expect(existsSync(`${path}-wal`)).toBe(true);

    const raw = new Database(path, { readonly: true });
    expect(raw.query("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    expect(raw.query("SELECT schema_version, chain_id, genesis_hash FROM meta").all()).toEqual([
      { schema_version: 1, chain_id: "11155420", genesis_hash: GENESIS },
    ]);
    raw.close();
    db.close();
  });

  test("reopening after close keeps the entries and the gaps", () => {
    const path = freshPath();
    const db = SafeDB.open(path, OPTIONS);
    db.record(l1(100), l2(20));
    db.record(l1(150), l2(25));
    db.resetTo(l2(30));
    db.close();
    expect(existsSync(`${path}-wal`)).toBe(false); // checkpointed into the file on close

    const again = SafeDB.open(path, OPTIONS);
    expect(again.lastEntry()).toEqual(entry(l1(150), l2(25)));
    expect(again.safeHeadAtL1Block(120)).toEqual(found(l1(100), l2(20)));
    expect(again.gaps()).toEqual([{ afterL1: 150, afterL2: 25, throughL2: 30 }]);
    again.close();
  });

  test("refuses another chain's or another genesis' SafeDB and leaves its bytes as they were", () => {
    const path = freshPath();
    const db = SafeDB.open(path, OPTIONS);
    db.record(l1(100), l2(20));
    db.close();
    const before = readFileSync(path);

    expectSafeDBError(
      () => SafeDB.open(path, { chainId: 8453n, genesisHash: GENESIS }),
      "foreign",
      /belongs to chain 10, not chain 8453/,
    );
    expectSafeDBError(
      () => SafeDB.open(path, { chainId: 10n, genesisHash: `0x${"0b".repeat(32)}` }),
      "foreign",
      /belongs to chain 10 with genesis 0x0a0a.*, not genesis 0x0b0b/,
    );
    expect(readFileSync(path).equals(before)).toBe(true);

    const owner = SafeDB.open(path, OPTIONS);
    expect(owner.lastEntry()).toEqual(entry(l1(100), l2(20)));
    owner.close();
  });

  test("refuses a file that is not a SQLite database and leaves its bytes as they were", () => {
    const path = freshPath();
    mkdirSync(join(path, ".."), { recursive: true });
    const garbage = new Uint8Array(4096).map((_, i) => (i * 131 + 7) % 256);
    writeFileSync(path, garbage);
    expectSafeDBError(() => SafeDB.open(path, OPTIONS), "corrupt", /is not a SQLite database/);
    expect(new Uint8Array(readFileSync(path))).toEqual(garbage);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  test("refuses another program's SQLite database and leaves its bytes as they were", () => {
    const path = freshPath();
    mkdirSync(join(path, ".."), { recursive: true });
    const other = new Database(path, { create: true });
    other.run("CREATE TABLE kv (k TEXT PRIMARY KEY, v BLOB)");
    other.run("INSERT INTO kv VALUES ('a', x'01')");
    other.close();
    const before = readFileSync(path);
    expectSafeDBError(() => SafeDB.open(path, OPTIONS), "foreign", /not a SafeDB \(tables: kv\)/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  test("refuses a SafeDB of a newer schema, a malformed meta row and a directory", () => {
    const newer = freshPath();
    SafeDB.open(newer, OPTIONS).close();
    const raw = new Database(newer);
    raw.run("UPDATE meta SET schema_version = 2");
    raw.close();
    const before = readFileSync(newer);
    expectSafeDBError(
      () => SafeDB.open(newer, OPTIONS),
      "schema",
      /written with schema 2; this build reads schema 1/,
    );
    expect(readFileSync(newer).equals(before)).toBe(true);

    const malformed = freshPath();
    SafeDB.open(malformed, OPTIONS).close();
    const raw2 = new Database(malformed);
    raw2.run("UPDATE meta SET chain_id = 'ten'");
    raw2.close();
    expectSafeDBError(() => SafeDB.open(malformed, OPTIONS), "corrupt", /malformed chain id/);

    const directory = freshPath();
    mkdirSync(directory, { recursive: true });
    expectSafeDBError(() => SafeDB.open(directory, OPTIONS), "foreign", /is not a file/);
  });

  test("an empty file becomes a SafeDB; bad options are refused", () => {
    const path = freshPath();
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, "");
    const db = SafeDB.open(path, OPTIONS);
    expect(db.lastEntry()).toBeNull();
    db.close();

    expectSafeDBError(() => openFresh({ chainId: 0n, genesisHash: GENESIS }), "invalid", /chain id 0/);
    expectSafeDBError(() => openFresh({ chainId: 10n, genesisHash: "0x1234" }), "invalid", /genesis hash/);
  });
});

describe("record", () => {
  test("appends, is idempotent, and replaces the entry of the same L1 block", () => {
    const db = openFresh();
    expect(db.record(l1(100), l2(20))).toBe("appended");
    expect(db.record(l1(100), l2(20))).toBe("unchanged");
    // A later safe head within the same L1 block replaces the entry.
    expect(db.record(l1(100), l2(22))).toBe("replaced");
    expect(db.record(l1(101), l2(22))).toBe("appended");
    expect(db.lastEntry()).toEqual(entry(l1(101), l2(22)));
    expect(db.safeHeadAtL1Block(100)).toEqual(found(l1(100), l2(22)));
    db.close();
  });

  test("an L1 reorg: a record at or below the last L1 number replaces every entry from it on", () => {
    const db = openFresh();
    db.record(l1(100), l2(20));
    db.record(l1(101), l2(22));
    db.record(l1(102), l2(24));
    db.record(l1(103), l2(26));
    // Re-recording an entry that is already there changes nothing, even below the tip.
    expect(db.record(l1(101), l2(22))).toBe("unchanged");
    expect(db.lastEntry()).toEqual(entry(l1(103), l2(26)));

    expect(db.record(l1(101, 3), l2(23, 4))).toBe("replaced");
    expect(db.lastEntry()).toEqual(entry(l1(101, 3), l2(23, 4)));
    expect(db.safeHeadAtL1Block(103)).toEqual(found(l1(101, 3), l2(23, 4)));
    expect(db.safeHeadAtL1Block(100)).toEqual(found(l1(100), l2(20)));
    expect(db.l1AtSafeHead(24)).toEqual({ kind: "not-yet" });
    db.close();
  });

  test("refuses a safe head that moves back, and bad block ids, without writing", () => {
    const db = openFresh();
    db.record(l1(100), l2(20));
    db.record(l1(101), l2(25));
    expectSafeDBError(
      () => db.record(l1(102), l2(24)),
      "invalid",
      /L2 24 at L1 102 is below L2 25 at L1 101/,
    );
    expectSafeDBError(() => db.record(l1(101, 3), l2(19)), "invalid", /below L2 20 at L1 100/);
    expectSafeDBError(() => db.record(l1(-1), l2(30)), "invalid", /L1 block number -1 is not a block number/);
    expectSafeDBError(() => db.record(l1(1.5), l2(30)), "invalid", /not a block number/);
    expectSafeDBError(
      () => db.record(l1(102), { hash: "0x12", number: 30 }),
      "invalid",
      /hash 0x12 is not 32 bytes/,
    );
    expect(db.lastEntry()).toEqual(entry(l1(101), l2(25)));
    db.close();
  });

  test("hashes come back lower-case whatever case they were given in", () => {
    const db = openFresh();
    const upper = `0x${"AB".repeat(32)}` as Hash;
    db.record({ hash: upper, number: 7 }, { hash: upper, number: 3 });
    expect(db.lastEntry()).toEqual(
      entry({ hash: `0x${"ab".repeat(32)}`, number: 7 }, { hash: `0x${"ab".repeat(32)}`, number: 3 }),
    );
    expect(db.record({ hash: upper, number: 7 }, { hash: upper, number: 3 })).toBe("unchanged");
    db.close();
  });
});

describe("safeHeadAtL1Block", () => {
  test("the entry at or below the L1 block (op-node TestStoreSafeHeads)", () => {
    const db = openFresh();
    expect(db.safeHeadAtL1Block(100)).toEqual({ kind: "not-yet" });
    db.record(l1(100), l2(20));
    db.record(l1(150), l2(25));
    expect(db.safeHeadAtL1Block(99)).toEqual({ kind: "before-first-entry", first: entry(l1(100), l2(20)) });
    expect(db.safeHeadAtL1Block(100)).toEqual(found(l1(100), l2(20)));
    expect(db.safeHeadAtL1Block(101)).toEqual(found(l1(100), l2(20)));
    expect(db.safeHeadAtL1Block(150)).toEqual(found(l1(150), l2(25)));
    expect(db.safeHeadAtL1Block(151)).toEqual(found(l1(150), l2(25)));
    db.close();
  });

  test("with the current L1: not-yet until derivation is past the L1 block", () => {
    const db = openFresh();
    db.record(l1(100), l2(20));
    db.record(l1(150), l2(25));
    expect(db.safeHeadAtL1Block(150, { currentL1Number: 150 })).toEqual({ kind: "not-yet" });
    expect(db.safeHeadAtL1Block(160, { currentL1Number: 155 })).toEqual({ kind: "not-yet" });
    expect(db.safeHeadAtL1Block(150, { currentL1Number: 151 })).toEqual(found(l1(150), l2(25)));
    expect(db.safeHeadAtL1Block(99, { currentL1Number: 151 }).kind).toBe("before-first-entry");
    db.close();
  });
});

describe("l1AtSafeHead", () => {
  test("the earliest L1 block at which the L2 block was safe (op-node TestL1AtSafeHead)", () => {
    const db = openFresh();
    expect(db.l1AtSafeHead(500)).toEqual({ kind: "not-yet" });
    db.record(l1(100), l2(500));
    db.record(l1(110), l2(510));
    db.record(l1(120), l2(520));
    expect(db.l1AtSafeHead(500)).toEqual(found(l1(100), l2(500)));
    expect(db.l1AtSafeHead(505)).toEqual(found(l1(110), l2(510)));
    expect(db.l1AtSafeHead(510)).toEqual(found(l1(110), l2(510)));
    expect(db.l1AtSafeHead(520)).toEqual(found(l1(120), l2(520)));
    expect(db.l1AtSafeHead(521)).toEqual({ kind: "not-yet" });
    expect(db.l1AtSafeHead(499)).toEqual({ kind: "before-first-entry", first: entry(l1(100), l2(500)) });
    db.close();
  });

  test("an L2 head recorded at several L1 blocks: the earliest", () => {
    const db = openFresh();
    db.record(l1(100), l2(500));
    db.record(l1(101), l2(502));
    db.record(l1(102), l2(502));
    db.record(l1(103), l2(504));
    expect(db.l1AtSafeHead(501)).toEqual(found(l1(101), l2(502)));
    expect(db.l1AtSafeHead(502)).toEqual(found(l1(101), l2(502)));
    db.close();
  });
});

describe("resetTo", () => {
  test("between entries: later entries go, the reset head is recorded at the boundary (op-node TestTruncateOnSafeHeadReset)", () => {
    const db = openFresh();
    db.record(l1(100), l2(20));
    db.record(l1(150), l2(25));
    db.record(l1(160), l2(30));
    const outcome = db.resetTo(l2(22));
    expect(outcome).toEqual({ removed: 2, rewritten: entry(l1(150), l2(22)), gap: null });
    expect(db.safeHeadAtL1Block(150)).toEqual(found(l1(150), l2(22)));
    expect(db.safeHeadAtL1Block(160)).toEqual(found(l1(150), l2(22)));
    expect(db.safeHeadAtL1Block(100)).toEqual(found(l1(100), l2(20)));
    expect(db.gaps()).toEqual([]);
    db.close();
  });

  test("before the first entry: everything goes (op-node …_BeforeFirstEntry)", () => {
    const db = openFresh();
    db.record(l1(150), l2(25));
    db.record(l1(160), l2(30));
    expect(db.resetTo(l2(22))).toEqual({ removed: 2, rewritten: null, gap: null });
    expect(db.lastEntry()).toBeNull();
    expect(db.safeHeadAtL1Block(160)).toEqual({ kind: "not-yet" });
    db.close();
  });

  test("to the head an entry holds: that entry stays, later ones go", () => {
    const db = openFresh();
    db.record(l1(100), l2(20));
    db.record(l1(150), l2(25));
    db.record(l1(160), l2(30));
    expect(db.resetTo(l2(30))).toEqual({ removed: 0, rewritten: null, gap: null });
    expect(db.resetTo(l2(20))).toEqual({ removed: 2, rewritten: null, gap: null });
    expect(db.lastEntry()).toEqual(entry(l1(100), l2(20)));
    // The same height on another L2 branch is rewritten at the boundary, as in op-node.
    db.record(l1(150), l2(25));
    expect(db.resetTo(l2(25, 5))).toEqual({ removed: 1, rewritten: entry(l1(150), l2(25, 5)), gap: null });
    db.close();
  });

  test("above the last entry: entries stay (op-node …_AfterLastEntry) and the skipped L2 blocks are a gap", () => {
    const db = openFresh();
    db.record(l1(100), l2(20));
    db.record(l1(150), l2(22));
    db.record(l1(160), l2(25));
    const outcome = db.resetTo(l2(30));
    expect(outcome).toEqual({
      removed: 0,
      rewritten: null,
      gap: { afterL1: 160, afterL2: 25, throughL2: 30 },
    });
    expect(db.safeHeadAtL1Block(100)).toEqual(found(l1(100), l2(20)));
    expect(db.safeHeadAtL1Block(150)).toEqual(found(l1(150), l2(22)));
    expect(db.safeHeadAtL1Block(160)).toEqual(found(l1(160), l2(25)));
    db.close();
  });
});

describe("gaps: permanent, apart from not-yet", () => {
  /** Entries to L2 25 at L1 160, then derivation resumed from L2 30 (e.g. after an EL sync). */
  function withGap(): SafeDB {
    const db = openFresh();
    db.record(l1(100), l2(20));
    db.record(l1(160), l2(25));
    db.resetTo(l2(30));
    return db;
  }
  const gap = { afterL1: 160, afterL2: 25, throughL2: 30 };

  test("before the next entry: L2 blocks in the gap are a gap, above it not-yet", () => {
    const db = withGap();
    expect(db.l1AtSafeHead(26)).toEqual({ kind: "gap", gap });
    expect(db.l1AtSafeHead(30)).toEqual({ kind: "gap", gap });
    expect(db.l1AtSafeHead(31)).toEqual({ kind: "not-yet" });
    expect(db.l1AtSafeHead(25)).toEqual(found(l1(160), l2(25)));
    expect(db.safeHeadAtL1Block(170)).toEqual({ kind: "gap", gap });
    expect(db.safeHeadAtL1Block(160)).toEqual(found(l1(160), l2(25)));
    db.close();
  });

  test("after derivation records again: exact answers above the gap, the gap stays", () => {
    const db = withGap();
    expect(db.record(l1(175), l2(32))).toBe("appended");
    db.record(l1(180), l2(35));
    expect(db.l1AtSafeHead(28)).toEqual({ kind: "gap", gap });
    expect(db.l1AtSafeHead(31)).toEqual(found(l1(175), l2(32)));
    expect(db.l1AtSafeHead(33)).toEqual(found(l1(180), l2(35)));
    expect(db.safeHeadAtL1Block(174)).toEqual({ kind: "gap", gap });
    expect(db.safeHeadAtL1Block(175)).toEqual(found(l1(175), l2(32)));
    expect(db.safeHeadAtL1Block(179)).toEqual(found(l1(175), l2(32)));
    db.close();
  });

  test("a record inside the gap after its anchor is refused: derivation resumed above it", () => {
    const db = withGap();
    expectSafeDBError(
      () => db.record(l1(170), l2(28)),
      "invalid",
      /below L2 30, where derivation resumed after L1 160/,
    );
    db.close();
  });

  test("a reset at or below the gap's start closes it; inside it, the gap ends at the reset head", () => {
    const db = withGap();
    db.record(l1(175), l2(32));
    const clipped = { afterL1: 160, afterL2: 25, throughL2: 28 };
    const inside = db.resetTo(l2(28));
    expect(inside.gap).toEqual(clipped);
    expect(inside.rewritten).toEqual(entry(l1(175), l2(28)));
    expect(db.l1AtSafeHead(28)).toEqual({ kind: "gap", gap: clipped });
    expect(db.safeHeadAtL1Block(175)).toEqual(found(l1(175), l2(28)));
    db.record(l1(176), l2(29));
    expect(db.l1AtSafeHead(29)).toEqual(found(l1(176), l2(29)));

    expect(db.resetTo(l2(25))).toEqual({ removed: 2, rewritten: null, gap: null });
    expect(db.gaps()).toEqual([]);
    db.record(l1(165), l2(27));
    expect(db.l1AtSafeHead(26)).toEqual(found(l1(165), l2(27)));
    db.close();
  });

  test("a replayed record at the anchor's L1 block that reaches the gap closes it", () => {
    // The process stopped after L2 30 was safe at L1 160 but before that was recorded.
    const db = withGap();
    expect(db.record(l1(160), l2(31))).toBe("replaced");
    expect(db.gaps()).toEqual([]);
    expect(db.l1AtSafeHead(26)).toEqual(found(l1(160), l2(31)));
    db.close();
  });

  test("truncateFromL1 below the anchor moves the gap onto the last entry left", () => {
    const db = withGap();
    expect(db.truncateFromL1(150)).toBe(1);
    expect(db.gaps()).toEqual([{ afterL1: 100, afterL2: 20, throughL2: 30 }]);
    expect(db.l1AtSafeHead(25)).toEqual({ kind: "gap", gap: { afterL1: 100, afterL2: 20, throughL2: 30 } });
    expect(db.truncateFromL1(0)).toBe(1);
    expect(db.gaps()).toEqual([]);
    expect(db.l1AtSafeHead(25)).toEqual({ kind: "not-yet" });
    db.close();
  });
});

describe("truncateFromL1", () => {
  test("drops the entries at and above an L1 number", () => {
    const db = openFresh();
    db.record(l1(100), l2(20));
    db.record(l1(101), l2(22));
    db.record(l1(102), l2(24));
    expect(db.truncateFromL1(101)).toBe(2);
    expect(db.truncateFromL1(101)).toBe(0);
    expect(db.lastEntry()).toEqual(entry(l1(100), l2(20)));
    expect(db.record(l1(101, 3), l2(21))).toBe("appended");
    expectSafeDBError(() => db.truncateFromL1(-3), "invalid", /L1 number -3/);
    db.close();
  });
});

describe("firstEntry and lastEntry", () => {
  test("the first entry only once derivation is past its L1 block", () => {
    const db = openFresh();
    expect(db.firstEntry(1_000)).toBeNull();
    expect(db.lastEntry()).toBeNull();
    db.record(l1(100), l2(20));
    expect(db.firstEntry(100)).toBeNull();
    // Still in L1 block 100: the entry can be replaced.
    db.record(l1(100), l2(21));
    expect(db.firstEntry(101)).toEqual(entry(l1(100), l2(21)));
    db.record(l1(150), l2(25));
    expect(db.firstEntry(151)).toEqual(entry(l1(100), l2(21)));
    expect(db.lastEntry()).toEqual(entry(l1(150), l2(25)));
    db.close();
  });

  test("a reset ahead of the first entry leaves it first (op-node TestFirstEntry_StableAfterResetAhead)", () => {
    const db = openFresh();
    db.record(l1(100), l2(20));
    db.record(l1(150), l2(25));
    db.resetTo(l2(25));
    expect(db.firstEntry(151)).toEqual(entry(l1(100), l2(20)));
    db.close();
  });
});

describe("close and damage", () => {
  test("a closed SafeDB refuses every call; closing twice is harmless", () => {
    const db = openFresh();
    db.close();
    db.close();
    expectSafeDBError(() => db.lastEntry(), "closed", /lastEntry: the SafeDB is closed/);
    expectSafeDBError(() => db.record(l1(1), l2(1)), "closed", /closed/);
    expectSafeDBError(() => db.safeHeadAtL1Block(1), "closed", /closed/);
  });

  test("a malformed row is a clear corrupt error, not a crash elsewhere", () => {
    const path = freshPath();
    const db = SafeDB.open(path, OPTIONS);
    db.record(l1(100), l2(20));
    db.record(l1(150), l2(25));
    const raw = new Database(path);
    raw.run("PRAGMA ignore_check_constraints = ON");
    raw.run("UPDATE safe_heads SET l2_hash = x'0102' WHERE l1_number = 150");
    raw.close();
    expectSafeDBError(() => db.lastEntry(), "corrupt", /the entry at L1 150 is malformed/);
    expectSafeDBError(() => db.safeHeadAtL1Block(160), "corrupt", /the entry at L1 150 is malformed/);
    // Entries that are intact still answer.
    expect(db.safeHeadAtL1Block(120)).toEqual(found(l1(100), l2(20)));
    db.close();
  });
});
