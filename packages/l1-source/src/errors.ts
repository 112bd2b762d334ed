// L1 source errors: every failure says whether waiting helps (not found: the block is not there
// yet; transient: retry later) or not (permanent: a bad request, bad data, a root mismatch).
import { SupernodeError } from "@supernode/protocol";

export type L1ErrorKind = "not-found" | "transient" | "permanent";

export class L1SourceError extends SupernodeError<
  "L1_SOURCE",
  { kind: L1ErrorKind; method: string; status?: number }
> {
  override readonly name = "L1SourceError";

  constructor(
    kind: L1ErrorKind,
    method: string,
    message: string,
    options?: { status?: number; cause?: unknown },
  ) {
    const meta = options?.status === undefined ? { kind, method } : { kind, method, status: options.status };
    super(
      "L1_SOURCE",
      `${method}: ${message}`,
      meta,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
  }

  get kind(): L1ErrorKind {
    return this.meta.kind;
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof L1SourceError && error.kind === "not-found";
}
