// The SafeDB file: schema v1 and the checks made before a file is opened for writing. An existing
// file is first read through a read-only connection, and refused (left byte for byte as it was)
// unless it is an empty SQLite database or this chain's SafeDB of a schema this build reads.
import { Database } from "bun:sqlite";
import { closeSync, openSync, readSync, statSync } from "node:fs";
import type { Hash } from "@supernode/protocol";
import { SafeDBError } from "./safeDBError.ts";

export const SCHEMA_VERSION = 1;

/** `PRAGMA application_id` of a SafeDB file: "SFDB". Tells our file from another program's. */
export const APPLICATION_ID = 0x53464442;

/**
 * Schema v1. `safe_heads`: one row per L1 block at which the local-safe head changed, keyed by the
 * L1 number (the table's rowid, so range scans by L1 are on the primary key), indexed by L2 number.
 * `gaps`: L2 ranges whose L1 block is permanently unknown (derivation resumed above the last
 * entry), each anchored at the entry before it. `meta`: the one row that names the file's owner
 * (chain id in decimal, lower-case genesis hash); every later schema keeps `meta.schema_version`.
 */
export const SCHEMA_V1 = `
CREATE TABLE meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  schema_version INTEGER NOT NULL,
  chain_id TEXT NOT NULL,
  genesis_hash TEXT NOT NULL
) STRICT;
CREATE TABLE safe_heads (
  l1_number INTEGER PRIMARY KEY CHECK (l1_number >= 0),
  l1_hash BLOB NOT NULL CHECK (length(l1_hash) = 32),
  l2_number INTEGER NOT NULL CHECK (l2_number >= 0),
  l2_hash BLOB NOT NULL CHECK (length(l2_hash) = 32)
) STRICT;
CREATE INDEX safe_heads_by_l2 ON safe_heads (l2_number);
CREATE TABLE gaps (
  after_l1 INTEGER PRIMARY KEY,
  after_l2 INTEGER NOT NULL,
  through_l2 INTEGER NOT NULL,
  CHECK (through_l2 > after_l2)
) STRICT;
`;

const SQLITE_HEADER = "SQLite format 3\0";
const TABLES = ["gaps", "meta", "safe_heads"];

export interface Owner {
  readonly chainId: bigint;
  readonly genesisHash: Hash;
}

/**
 * What is at `path`: nothing usable yet ("fresh": no file, an empty file or an empty SQLite
 * database) or this owner's SafeDB ("ours"). Anything else throws a SafeDBError and is not written.
 */
export function inspectFile(path: string, owner: Owner): "fresh" | "ours" {
  let size: number;
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (stat === undefined) return "fresh";
    if (!stat.isFile())
      throw new SafeDBError(
        "foreign",
        path,
        "is not a file (an op-node safe_db directory?): refusing to use it",
      );
    size = stat.size;
  } catch (error) {
    if (error instanceof SafeDBError) throw error;
    throw new SafeDBError("io", path, `cannot stat: ${describe(error)}`, { cause: error });
  }
  if (size === 0) return "fresh";
  if (readHeader(path) !== SQLITE_HEADER)
    throw new SafeDBError("corrupt", path, "is not a SQLite database: refusing to open or overwrite it");

  let db: Database | undefined;
  try {
    db = new Database(path, { readonly: true });
    return inspectDatabase(db, path, owner);
  } catch (error) {
    if (error instanceof SafeDBError) throw error;
    throw sqliteError(error, path, "cannot read");
  } finally {
    db?.close();
  }
}

function inspectDatabase(db: Database, path: string, owner: Owner): "fresh" | "ours" {
  const applicationId = (db.query("PRAGMA application_id").get() as { application_id: number })
    .application_id;
  const tables = (
    db.query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[]
  ).map((row) => row.name);
  if (applicationId === 0 && tables.length === 0) return "fresh";
  if (applicationId !== APPLICATION_ID) {
    const what = applicationId === 0 ? `tables: ${tables.join(", ")}` : `application_id ${applicationId}`;
    throw new SafeDBError("foreign", path, `is a SQLite database that is not a SafeDB (${what})`);
  }
  if (!tables.includes("meta")) throw new SafeDBError("corrupt", path, "has no meta table");

  const rows = db.query("SELECT * FROM meta").all() as Record<string, unknown>[];
  const meta = rows[0];
  if (rows.length !== 1 || meta === undefined)
    throw new SafeDBError("corrupt", path, `has ${rows.length} meta rows (expected one)`);
  const version = meta.schema_version;
  if (typeof version !== "number" || !Number.isSafeInteger(version) || version < 1)
    throw new SafeDBError("corrupt", path, `has a malformed schema version (${String(version)})`);
  if (version > SCHEMA_VERSION)
    throw new SafeDBError(
      "schema",
      path,
      `was written with schema ${version}; this build reads schema ${SCHEMA_VERSION} (upgrade the supernode)`,
    );

  const chainId = meta.chain_id;
  const genesisHash = meta.genesis_hash;
  if (typeof chainId !== "string" || !/^[0-9]+$/.test(chainId))
    throw new SafeDBError("corrupt", path, `has a malformed chain id in its meta row (${String(chainId)})`);
  if (typeof genesisHash !== "string" || !/^0x[0-9a-f]{64}$/.test(genesisHash))
    throw new SafeDBError(
      "corrupt",
      path,
      `has a malformed genesis hash in its meta row (${String(genesisHash)})`,
    );
  if (BigInt(chainId) !== owner.chainId)
    throw new SafeDBError(
      "foreign",
      path,
      `belongs to chain ${chainId}, not chain ${owner.chainId}: refusing to use it (check --data-dir)`,
    );
  if (genesisHash !== owner.genesisHash.toLowerCase())
    throw new SafeDBError(
      "foreign",
      path,
      `belongs to chain ${chainId} with genesis ${genesisHash}, not genesis ${owner.genesisHash.toLowerCase()} (a chain reset?): refusing to use it`,
    );
  const missing = TABLES.filter((table) => !tables.includes(table));
  if (missing.length > 0) throw new SafeDBError("corrupt", path, `lacks the tables ${missing.join(", ")}`);
  return "ours";
}

function readHeader(path: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    const header = new Uint8Array(16);
    const read = readSync(fd, header, 0, 16, 0);
    return new TextDecoder("latin1").decode(header.subarray(0, read));
  } catch (error) {
    throw new SafeDBError("io", path, `cannot read: ${describe(error)}`, { cause: error });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A SQLite failure as a SafeDBError: `corrupt` for SQLITE_CORRUPT* and SQLITE_NOTADB, else `io`. */
export function sqliteError(error: unknown, path: string, operation: string): SafeDBError {
  const code = error instanceof Error && "code" in error && typeof error.code === "string" ? error.code : "";
  const corrupt = code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB";
  return new SafeDBError(corrupt ? "corrupt" : "io", path, `${operation}: ${describe(error)}`, {
    cause: error,
  });
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = "code" in error && typeof error.code === "string" ? ` (${error.code})` : "";
  return `${error.message}${code}`;
}
