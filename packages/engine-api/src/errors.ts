// Engine API errors, each with the kind the driver acts on (STYLE.md): `temporary` (retry the
// call later), `reset` (the engine's view and ours diverged: restart from a sync point) or
// `critical` (retrying cannot help: stop this chain and say why). `reason` names what happened.
import { SupernodeError } from "@supernode/protocol";

export type EngineErrorKind = "temporary" | "reset" | "critical";

export type EngineErrorReason =
  | "auth" // 401/403: the JWT secret does not match the engine's
  | "network" // connection refused, reset, DNS
  | "timeout"
  | "http" // a non-200 answer other than auth
  | "bad-response" // not JSON-RPC, or a result of the wrong shape
  | "unknown-payload" // -38001
  | "invalid-forkchoice-state" // -38002
  | "invalid-payload-attributes" // -38003
  | "too-large-request" // -38004
  | "unsupported-fork" // -38005
  | "server-error" // -32000 and other server-side errors
  | "method-not-found" // -32601
  | "invalid-params" // -32602
  | "syncing" // a SYNCING / ACCEPTED payload status where VALID was needed
  | "invalid-payload" // an INVALID / INVALID_BLOCK_HASH payload status
  | "missing-block"; // the engine lacks a block it must have (a label at open, a block it just accepted)

export class EngineApiError extends SupernodeError<
  "ENGINE_API",
  { kind: EngineErrorKind; reason: EngineErrorReason; method: string; rpcCode?: number; status?: number }
> {
  override readonly name = "EngineApiError";

  constructor(
    kind: EngineErrorKind,
    reason: EngineErrorReason,
    method: string,
    message: string,
    extra: { rpcCode?: number; status?: number; cause?: unknown } = {},
  ) {
    const { cause, ...codes } = extra;
    super(
      "ENGINE_API",
      `${method}: ${message}`,
      { kind, reason, method, ...codes },
      cause === undefined ? undefined : { cause },
    );
  }

  get kind(): EngineErrorKind {
    return this.meta.kind;
  }

  get reason(): EngineErrorReason {
    return this.meta.reason;
  }
}

/** The kind and reason of a JSON-RPC error code from an execution client. */
export function classifyRpcCode(code: number): { kind: EngineErrorKind; reason: EngineErrorReason } {
  switch (code) {
    case -38001:
      // The build was lost (engine restarted or evicted it): start the build again.
      return { kind: "temporary", reason: "unknown-payload" };
    case -38002:
      // op-node: BlockInsertPrestateErr, the forkchoice we sent does not hold: reset.
      return { kind: "reset", reason: "invalid-forkchoice-state" };
    case -38003:
      // op-node: BlockInsertPayloadErr. The same attributes will fail again; the driver decides
      // (deposits-only after Holocene, or drop the attributes).
      return { kind: "critical", reason: "invalid-payload-attributes" };
    case -38004:
      return { kind: "critical", reason: "too-large-request" };
    case -38005:
      return { kind: "critical", reason: "unsupported-fork" };
    case -32601:
      return { kind: "critical", reason: "method-not-found" };
    case -32602:
      return { kind: "critical", reason: "invalid-params" };
    default:
      // -32000 (server busy, state not available), -32603 and anything unknown: try again.
      return { kind: "temporary", reason: "server-error" };
  }
}
