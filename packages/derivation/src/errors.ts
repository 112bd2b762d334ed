// Derivation errors carry the kind the driver acts on (STYLE.md): `temporary` (retry later: an
// RPC failure, data not there yet), `reset` (an L1 reorg or inconsistency: re-run the sync-start
// search), `critical` (stop this chain and say why). End of data is a return value, not an error.
import { SupernodeError } from "@supernode/protocol";

export type DerivationErrorKind = "temporary" | "reset" | "critical";

export class DerivationError extends SupernodeError<
  "DERIVATION",
  { kind: DerivationErrorKind; stage: string }
> {
  override readonly name = "DerivationError";

  constructor(kind: DerivationErrorKind, stage: string, message: string, options?: { cause?: unknown }) {
    super("DERIVATION", `${stage}: ${message}`, { kind, stage }, options);
  }

  get kind(): DerivationErrorKind {
    return this.meta.kind;
  }
}
