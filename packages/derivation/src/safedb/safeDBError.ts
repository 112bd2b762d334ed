// SafeDB errors. `kind` says what the caller does: `foreign`, `corrupt` and `schema` refuse a file
// at open (and leave it as it was: fix the path or the data dir, never delete it blindly); `io` is
// SQLite or the file system failing (disk full, permissions); `invalid` is a bad argument or a
// write that would break the recorded history (a caller bug); `closed` is a use after `close()`.
import { SupernodeError } from "@supernode/protocol";

export type SafeDBErrorKind =
  /** The file belongs to someone else: another chain id or genesis, another program, a directory. */
  | "foreign"
  /** Not a SQLite database, or a SafeDB whose meta row or entries are malformed. */
  | "corrupt"
  /** A SafeDB written by a newer schema than this build reads. */
  | "schema"
  | "io"
  | "invalid"
  | "closed";

export class SafeDBError extends SupernodeError<"SAFEDB", { kind: SafeDBErrorKind; path: string }> {
  override readonly name = "SafeDBError";

  constructor(kind: SafeDBErrorKind, path: string, message: string, options?: { cause?: unknown }) {
    super("SAFEDB", `SafeDB ${path}: ${message}`, { kind, path }, options);
  }

  get kind(): SafeDBErrorKind {
    return this.meta.kind;
  }
}
