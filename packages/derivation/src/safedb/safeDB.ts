// The virtual node's SafeDB (op-node op-node/node/safedb/safedb.go): for each L1 block at which
// the local-safe L2 head changed, that head. It answers `optimism_safeHeadAtL1Block` (the entry at
// or below an L1 block) and op-supernode's L1AtSafeHead (the earliest L1 block at which an L2
// block was local-safe). bun:sqlite, WAL, one file per chain: `<data-dir>/<chainId>/safe.db`.
//
// Answers are exact or absent, never rounded (a dispute game settles on them): a query misses as
// `not-yet` (retry as derivation advances), `before-first-entry` (older than the records) or
// `gap` (a recorded hole: derivation resumed above the last entry, so the L1 blocks of the L2
// blocks in between are unknown for good). The last two are permanent.
import { Database } from "bun:sqlite";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { type BlockID, type Hash, type Logger, silentLogger } from "@supernode/protocol";
import { SafeDBError } from "./safeDBError.ts";
import { APPLICATION_ID, inspectFile, SCHEMA_V1, SCHEMA_VERSION, sqliteError } from "./schema.ts";

/** The local-safe head after an L1 block; also `optimism_safeHeadAtL1Block`'s JSON shape. */
export interface SafeHeadEntry {
  readonly l1Block: BlockID;
  readonly safeHead: BlockID;
}

/**
 * L2 blocks `afterL2 + 1 … throughL2` whose L1 block is unknown: derivation resumed from
 * `throughL2` while the last entry (at L1 `afterL1`) held `afterL2`. L1 blocks after `afterL1` up to
 * the next entry have an unknown safe head.
 */
export interface SafeDBGap {
  readonly afterL1: number;
  readonly afterL2: number;
  readonly throughL2: number;
}

export type SafeDBLookup =
  | { readonly kind: "found"; readonly entry: SafeHeadEntry }
  /** Nothing recorded that far yet (or the database is empty): ask again later. */
  | { readonly kind: "not-yet" }
  /** Older than the first entry: permanently unknown here. */
  | { readonly kind: "before-first-entry"; readonly first: SafeHeadEntry }
  /** Inside a recorded gap: permanently unknown here. */
  | { readonly kind: "gap"; readonly gap: SafeDBGap };

/** What `record` did: a new tip, a replacement of entries from that L1 number on, or nothing. */
export type SafeDBRecordOutcome = "appended" | "replaced" | "unchanged";

export interface SafeDBResetOutcome {
  /** Entries deleted (the boundary entry rewritten with the reset head counts as deleted). */
  readonly removed: number;
  /** op-node's boundary rewrite: the reset head recorded at the L1 block of the first entry that reached it. */
  readonly rewritten: SafeHeadEntry | null;
  /** The gap that now ends at or covers the reset head, if its L1 block is unknown. */
  readonly gap: SafeDBGap | null;
}

export interface SafeDBOptions {
  readonly chainId: bigint;
  /** The L2 genesis block hash (rollup config `genesis.l2.hash`). */
  readonly genesisHash: Hash;
  /** SQLite `synchronous`: `full` (default; an fsync per write, as op-node's Sync: true) or `normal`. */
  readonly synchronous?: "full" | "normal";
  readonly logger?: Logger;
}

/** `<dataDir>/<chainId>/safe.db`. */
export function safeDBPath(dataDir: string, chainId: bigint): string {
  return join(dataDir, chainId.toString(), "safe.db");
}

interface EntryRow {
  readonly l1_number: unknown;
  readonly l1_hash: unknown;
  readonly l2_number: unknown;
  readonly l2_hash: unknown;
}

interface GapRow {
  readonly after_l1: unknown;
  readonly after_l2: unknown;
  readonly through_l2: unknown;
}

type Statements = ReturnType<typeof prepare>;

const ENTRY = "SELECT l1_number, l1_hash, l2_number, l2_hash FROM safe_heads";
const GAP = "SELECT after_l1, after_l2, through_l2 FROM gaps";

function prepare(db: Database) {
  return {
    begin: db.prepare<null, []>("BEGIN IMMEDIATE"),
    commit: db.prepare<null, []>("COMMIT"),
    rollback: db.prepare<null, []>("ROLLBACK"),
    entryAt: db.prepare<EntryRow, [number]>(`${ENTRY} WHERE l1_number = ?`),
    atOrBefore: db.prepare<EntryRow, [number]>(
      `${ENTRY} WHERE l1_number <= ? ORDER BY l1_number DESC LIMIT 1`,
    ),
    before: db.prepare<EntryRow, [number]>(`${ENTRY} WHERE l1_number < ? ORDER BY l1_number DESC LIMIT 1`),
    first: db.prepare<EntryRow, []>(`${ENTRY} ORDER BY l1_number ASC LIMIT 1`),
    last: db.prepare<EntryRow, []>(`${ENTRY} ORDER BY l1_number DESC LIMIT 1`),
    // L2 numbers never decrease along L1, so the lowest (l2, l1) reaching a number is the earliest L1.
    firstReaching: db.prepare<EntryRow, [number]>(
      `${ENTRY} WHERE l2_number >= ? ORDER BY l2_number ASC, l1_number ASC LIMIT 1`,
    ),
    insert: db.prepare<null, [number, Uint8Array, number, Uint8Array]>(
      "INSERT INTO safe_heads (l1_number, l1_hash, l2_number, l2_hash) VALUES (?, ?, ?, ?)",
    ),
    deleteFrom: db.prepare<null, [number]>("DELETE FROM safe_heads WHERE l1_number >= ?"),
    gapAt: db.prepare<GapRow, [number]>(`${GAP} WHERE after_l1 = ?`),
    gapBefore: db.prepare<GapRow, [number]>(`${GAP} WHERE after_l1 < ? ORDER BY after_l1 DESC LIMIT 1`),
    gapCovering: db.prepare<GapRow, [number, number]>(
      `${GAP} WHERE after_l2 < ? AND through_l2 >= ? ORDER BY after_l1 LIMIT 1`,
    ),
    gaps: db.prepare<GapRow, []>(`${GAP} ORDER BY after_l1`),
    maxThroughFrom: db.prepare<{ through: unknown }, [number]>(
      "SELECT max(through_l2) AS through FROM gaps WHERE after_l1 >= ?",
    ),
    deleteGapsFrom: db.prepare<null, [number]>("DELETE FROM gaps WHERE after_l1 >= ?"),
    deleteGapsReaching: db.prepare<null, [number]>("DELETE FROM gaps WHERE after_l2 >= ?"),
    clipGaps: db.prepare<null, [number, number]>("UPDATE gaps SET through_l2 = ? WHERE through_l2 > ?"),
    upsertGap: db.prepare<null, [number, number, number]>(
      "INSERT INTO gaps (after_l1, after_l2, through_l2) VALUES (?, ?, ?) " +
        "ON CONFLICT (after_l1) DO UPDATE SET after_l2 = excluded.after_l2, " +
        "through_l2 = max(gaps.through_l2, excluded.through_l2)",
    ),
  };
}

export class SafeDB {
  readonly path: string;
  readonly #db: Database;
  readonly #s: Statements;
  readonly #logger: Logger;
  #closed = false;

  private constructor(path: string, db: Database, logger: Logger) {
    this.path = path;
    this.#db = db;
    this.#s = prepare(db);
    this.#logger = logger;
  }

  /**
   * Opens the SafeDB at `path`, creating its directory and file (WAL, schema v1) when there is
   * none. A file that is not this chain's SafeDB is refused with a SafeDBError (`foreign`,
   * `corrupt`, `schema`) before anything is written to it.
   */
  static open(path: string, options: SafeDBOptions): SafeDB {
    const { chainId, genesisHash } = options;
    if (chainId <= 0n) throw new SafeDBError("invalid", path, `chain id ${chainId} is not positive`);
    if (!isHash(genesisHash))
      throw new SafeDBError("invalid", path, `genesis hash ${String(genesisHash)} is not 32 bytes of hex`);
    const logger = (options.logger ?? silentLogger).child({ chainId: chainId.toString(), safeDb: path });

    const found = inspectFile(path, { chainId, genesisHash });
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw new SafeDBError("io", path, `cannot create its directory: ${String(error)}`, { cause: error });
    }
    let db: Database | undefined;
    try {
      const conn = new Database(path, { create: true, readwrite: true });
      db = conn;
      conn.run("PRAGMA busy_timeout = 5000");
      conn.run("PRAGMA journal_mode = WAL");
      conn.run(`PRAGMA synchronous = ${options.synchronous === "normal" ? "NORMAL" : "FULL"}`);
      if (found === "fresh") {
        conn
          .transaction(() => {
            conn.run(`PRAGMA application_id = ${APPLICATION_ID}`);
            conn.run(SCHEMA_V1);
            conn.run("INSERT INTO meta (id, schema_version, chain_id, genesis_hash) VALUES (1, ?, ?, ?)", [
              SCHEMA_VERSION,
              chainId.toString(),
              genesisHash.toLowerCase(),
            ]);
          })
          .immediate();
        logger.info("SafeDB created", { schemaVersion: SCHEMA_VERSION });
      }
      const safeDb = new SafeDB(path, conn, logger);
      if (found === "ours") {
        const last = safeDb.lastEntry();
        logger.info("SafeDB opened", {
          lastL1: last?.l1Block.number ?? null,
          lastL2: last?.safeHead.number ?? null,
        });
      }
      return safeDb;
    } catch (error) {
      db?.close();
      if (error instanceof SafeDBError) throw error;
      throw sqliteError(error, path, "cannot open");
    }
  }

  /**
   * Records that after L1 block `l1` the local-safe head is `l2`. Entries at `l1.number` and above
   * are replaced (a later safe head within the same L1 block, or an L1 reorg); an entry that is
   * already there as given changes nothing. The safe head may not move back without `resetTo`.
   */
  record(l1: BlockID, l2: BlockID): SafeDBRecordOutcome {
    this.#checkId("record", "L1 block", l1);
    this.#checkId("record", "L2 block", l2);
    return this.#write("record", (s) => {
      const last = this.#entry(s.last.get());
      const appending = last === null || last.l1Block.number < l1.number;
      const existing = appending ? null : this.#entry(s.entryAt.get(l1.number));
      if (existing !== null && sameEntry(existing, l1, l2)) return "unchanged";

      const prev = appending ? last : this.#entry(s.before.get(l1.number));
      if (prev !== null && l2.number < prev.safeHead.number)
        throw new SafeDBError(
          "invalid",
          this.path,
          `record: L2 ${l2.number} at L1 ${l1.number} is below L2 ${prev.safeHead.number} at L1 ${prev.l1Block.number}; a safe head moves back only through resetTo`,
        );
      const gap = this.#gap(s.gapBefore.get(l1.number));
      if (gap !== null && l2.number < gap.throughL2)
        throw new SafeDBError(
          "invalid",
          this.path,
          `record: L2 ${l2.number} at L1 ${l1.number} is below L2 ${gap.throughL2}, where derivation resumed after L1 ${gap.afterL1}; a safe head moves back only through resetTo`,
        );

      let removed = 0;
      if (!appending) {
        removed = s.deleteFrom.run(l1.number).changes;
        // Gaps anchored at the replaced entries now follow the new entry (or close, if it reaches them).
        const through = s.maxThroughFrom.get(l1.number)?.through ?? null;
        if (through !== null) {
          s.deleteGapsFrom.run(l1.number);
          const throughL2 = this.#number(through, "gap");
          if (l2.number < throughL2) s.upsertGap.run(l1.number, l2.number, throughL2);
        }
      }
      s.insert.run(l1.number, hashBytes(l1.hash), l2.number, hashBytes(l2.hash));
      return removed > 0 ? "replaced" : "appended";
    });
  }

  /**
   * op-node's SafeHeadReset: derivation restarts from `safeHead`. The first entry (by L1) whose L2
   * head reached `safeHead.number` and every later one go; when an entry precedes it, `safeHead` is
   * recorded at that first entry's L1 block. (When that first entry holds `safeHead` itself it is
   * kept as it is.) If `safeHead` is above the last entry, the L2 blocks in between will never be
   * recorded: they become a gap (history permanently unavailable).
   */
  resetTo(safeHead: BlockID): SafeDBResetOutcome {
    this.#checkId("resetTo", "safe head", safeHead);
    const outcome = this.#write("resetTo", (s): SafeDBResetOutcome => {
      let removed = 0;
      let rewritten: SafeHeadEntry | null = null;
      const reaching = this.#entry(s.firstReaching.get(safeHead.number));
      if (reaching !== null && sameBlock(reaching.safeHead, safeHead)) {
        // The first entry that reached the reset head holds that very block: it stays as it is.
        removed = s.deleteFrom.run(reaching.l1Block.number + 1).changes;
      } else if (reaching !== null) {
        const prev = this.#entry(s.before.get(reaching.l1Block.number));
        removed = s.deleteFrom.run(reaching.l1Block.number).changes;
        // Without an earlier entry the reset head may have been safe before the records start.
        if (prev !== null) {
          s.insert.run(
            reaching.l1Block.number,
            hashBytes(reaching.l1Block.hash),
            safeHead.number,
            hashBytes(safeHead.hash),
          );
          rewritten = {
            l1Block: reaching.l1Block,
            safeHead: { hash: safeHead.hash.toLowerCase() as Hash, number: safeHead.number },
          };
        }
      }
      // Everything above the reset head is derived (and recorded) again: gaps there close.
      s.deleteGapsReaching.run(safeHead.number);
      s.clipGaps.run(safeHead.number, safeHead.number);
      const last = this.#entry(s.last.get());
      if (last !== null && last.safeHead.number < safeHead.number)
        s.upsertGap.run(last.l1Block.number, last.safeHead.number, safeHead.number);
      const gap = this.#gap(s.gapCovering.get(safeHead.number, safeHead.number));
      return { removed, rewritten, gap };
    });
    this.#logger.info("SafeDB reset", { l2: safeHead.number, removed: outcome.removed });
    if (outcome.gap !== null)
      this.#logger.warn("SafeDB history unavailable: derivation resumes above the last entry", {
        fromL2: outcome.gap.afterL2 + 1,
        throughL2: outcome.gap.throughL2,
        afterL1: outcome.gap.afterL1,
      });
    return outcome;
  }

  /**
   * Drops the entries at L1 `l1Number` and above (L1 blocks that were reorged out). A gap that
   * followed a dropped entry now follows the last entry left, and takes in the L2 blocks whose
   * entries went: only a later `resetTo` at or below them closes it.
   */
  truncateFromL1(l1Number: number): number {
    this.#checkNumber("truncateFromL1", "L1 number", l1Number);
    return this.#write("truncateFromL1", (s) => {
      const removed = s.deleteFrom.run(l1Number).changes;
      const through = s.maxThroughFrom.get(l1Number)?.through ?? null;
      if (through !== null) {
        s.deleteGapsFrom.run(l1Number);
        const throughL2 = this.#number(through, "gap");
        const last = this.#entry(s.last.get());
        if (last !== null && last.safeHead.number < throughL2)
          s.upsertGap.run(last.l1Block.number, last.safeHead.number, throughL2);
      }
      return removed;
    });
  }

  /**
   * The local-safe head after L1 block `l1Number`: the entry at the highest L1 number at or below it
   * (op-node SafeHeadAtL1). With `currentL1Number` (the L1 block derivation is at), an L1 block
   * derivation has not passed yet is `not-yet`; without it the answer is op-node's.
   */
  safeHeadAtL1Block(l1Number: number, options: { readonly currentL1Number?: number } = {}): SafeDBLookup {
    this.#checkNumber("safeHeadAtL1Block", "L1 number", l1Number);
    const { currentL1Number } = options;
    if (currentL1Number !== undefined)
      this.#checkNumber("safeHeadAtL1Block", "current L1 number", currentL1Number);
    return this.#read("safeHeadAtL1Block", (s) => {
      if (currentL1Number !== undefined && l1Number >= currentL1Number) return { kind: "not-yet" };
      const entry = this.#entry(s.atOrBefore.get(l1Number));
      if (entry === null) {
        const first = this.#entry(s.first.get());
        return first === null ? { kind: "not-yet" } : { kind: "before-first-entry", first };
      }
      if (entry.l1Block.number < l1Number) {
        const gap = this.#gap(s.gapAt.get(entry.l1Block.number));
        if (gap !== null) return { kind: "gap", gap };
      }
      return { kind: "found", entry };
    });
  }

  /**
   * The earliest entry whose L2 head is at least `l2Number`: its L1 block is the earliest at which
   * that L2 block was local-safe. Above the last entry: `not-yet`; below the first, or inside a
   * gap: permanent (op-supernode's ErrL1AtSafeHeadUnavailable).
   */
  l1AtSafeHead(l2Number: number): SafeDBLookup {
    this.#checkNumber("l1AtSafeHead", "L2 number", l2Number);
    return this.#read("l1AtSafeHead", (s) => {
      const gap = this.#gap(s.gapCovering.get(l2Number, l2Number));
      if (gap !== null) return { kind: "gap", gap };
      const entry = this.#entry(s.firstReaching.get(l2Number));
      if (entry === null) return { kind: "not-yet" };
      if (entry.safeHead.number > l2Number && s.before.get(entry.l1Block.number) === null)
        return { kind: "before-first-entry", first: entry };
      return { kind: "found", entry };
    });
  }

  /**
   * The first entry, once it is stable: derivation is past its L1 block (`currentL1Number` above
   * it), so no later safe head in that L1 block can replace it. Null otherwise, or when empty.
   */
  firstEntry(currentL1Number: number): SafeHeadEntry | null {
    this.#checkNumber("firstEntry", "current L1 number", currentL1Number);
    return this.#read("firstEntry", (s) => {
      const first = this.#entry(s.first.get());
      return first !== null && currentL1Number > first.l1Block.number ? first : null;
    });
  }

  lastEntry(): SafeHeadEntry | null {
    return this.#read("lastEntry", (s) => this.#entry(s.last.get()));
  }

  /** The entry at the highest L1 number below `l1Number` (null when none): walking entries back. */
  entryBefore(l1Number: number): SafeHeadEntry | null {
    this.#checkNumber("entryBefore", "L1 number", l1Number);
    if (l1Number === 0) return null;
    return this.#read("entryBefore", (s) => this.#entry(s.atOrBefore.get(l1Number - 1)));
  }

  /** The recorded gaps, by L1. */
  gaps(): SafeDBGap[] {
    return this.#read("gaps", (s) => s.gaps.all().map((row) => this.#gap(row) as SafeDBGap));
  }

  /** Closes the file (checkpointing the WAL into it). Closing twice is harmless. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const statement of Object.values(this.#s)) statement.finalize();
    this.#db.close();
  }

  #read<T>(operation: string, body: (s: Statements) => T): T {
    if (this.#closed) throw new SafeDBError("closed", this.path, `${operation}: the SafeDB is closed`);
    try {
      return body(this.#s);
    } catch (error) {
      // SQLite's own failures become SafeDBErrors; ours (and bugs) pass as they are.
      if (error instanceof Error && error.name === "SQLiteError")
        throw sqliteError(error, this.path, operation);
      throw error;
    }
  }

  /** One immediate transaction: all of `body` is written, or none of it. */
  #write<T>(operation: string, body: (s: Statements) => T): T {
    return this.#read(operation, (s) => {
      s.begin.run();
      try {
        const result = body(s);
        s.commit.run();
        return result;
      } catch (error) {
        if (this.#db.inTransaction) s.rollback.run();
        throw error;
      }
    });
  }

  #entry(row: EntryRow | null | undefined): SafeHeadEntry | null {
    if (row === null || row === undefined) return null;
    const { l1_number, l1_hash, l2_number, l2_hash } = row;
    if (
      !isBlockNumber(l1_number) ||
      !isBlockNumber(l2_number) ||
      !isHashBlob(l1_hash) ||
      !isHashBlob(l2_hash)
    )
      throw new SafeDBError(
        "corrupt",
        this.path,
        `the entry at L1 ${String(l1_number)} is malformed (expected block numbers and 32-byte hashes)`,
      );
    return {
      l1Block: { hash: hashHex(l1_hash), number: l1_number },
      safeHead: { hash: hashHex(l2_hash), number: l2_number },
    };
  }

  #gap(row: GapRow | null | undefined): SafeDBGap | null {
    if (row === null || row === undefined) return null;
    const { after_l1, after_l2, through_l2 } = row;
    if (!isBlockNumber(after_l1) || !isBlockNumber(after_l2) || !isBlockNumber(through_l2))
      throw new SafeDBError("corrupt", this.path, `the gap after L1 ${String(after_l1)} is malformed`);
    return { afterL1: after_l1, afterL2: after_l2, throughL2: through_l2 };
  }

  #number(value: unknown, what: string): number {
    if (!isBlockNumber(value)) throw new SafeDBError("corrupt", this.path, `a ${what} row is malformed`);
    return value;
  }

  #checkNumber(operation: string, what: string, value: number): void {
    if (this.#closed) throw new SafeDBError("closed", this.path, `${operation}: the SafeDB is closed`);
    if (!isBlockNumber(value))
      throw new SafeDBError(
        "invalid",
        this.path,
        `${operation}: ${what} ${String(value)} is not a block number`,
      );
  }

  #checkId(operation: string, what: string, id: BlockID): void {
    this.#checkNumber(operation, `${what} number`, id.number);
    if (!isHash(id.hash))
      throw new SafeDBError(
        "invalid",
        this.path,
        `${operation}: ${what} hash ${String(id.hash)} is not 32 bytes of hex`,
      );
  }
}

function isBlockNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function isHash(value: unknown): value is Hash {
  return typeof value === "string" && /^0x[0-9a-fA-F]{64}$/.test(value);
}

function isHashBlob(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array && value.length === 32;
}

function hashBytes(hash: Hash): Uint8Array {
  return Buffer.from(hash.slice(2), "hex");
}

function hashHex(bytes: Uint8Array): Hash {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex")}`;
}

function sameBlock(stored: BlockID, given: BlockID): boolean {
  return stored.number === given.number && stored.hash === given.hash.toLowerCase();
}

function sameEntry(entry: SafeHeadEntry, l1: BlockID, l2: BlockID): boolean {
  return sameBlock(entry.l1Block, l1) && sameBlock(entry.safeHead, l2);
}
