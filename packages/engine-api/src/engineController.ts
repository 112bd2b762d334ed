// The engine controller of one chain: the forkchoice labels (unsafe, cross-unsafe, local-safe,
// safe, finalized) and every move of them — unsafe payloads, blocks built from attributes, safety
// promotions, and rewinds with op-supernode's synthetic-sibling technique (reference/
// supernode.md §1.6). Each engine failure reaches the caller as an EngineApiError with its kind.
import {
  EMPTY_REQUESTS_HASH,
  type ForkSchedule,
  type Hash,
  type L2BlockRef,
  type PayloadAttributes,
  payloadBlockHash,
  SupernodeError,
} from "@supernode/protocol";
import { type EngineClient, expectValid, type PayloadEnvelope } from "./engineClient.ts";
import { EngineApiError, type EngineErrorKind } from "./errors.ts";
import type { L2Reader } from "./l2Reader.ts";
import type { EngineApiMetrics } from "./metrics.ts";

export interface EngineLabels {
  readonly unsafe: L2BlockRef;
  readonly crossUnsafe: L2BlockRef;
  readonly localSafe: L2BlockRef;
  readonly safe: L2BlockRef;
  readonly finalized: L2BlockRef;
}

export type RewindFailure =
  | "target-not-found"
  | "over-finalized"
  | "synthetic-rejected"
  | "fcu-rejected"
  | "verification-failed";

const REWIND_KINDS: Record<RewindFailure, EngineErrorKind> = {
  "target-not-found": "critical", // the block to rewind to (or its parent) is not in the engine
  "over-finalized": "critical", // finalized history is never rewritten
  "synthetic-rejected": "critical",
  // An FCU that failed keeps its EngineApiError's kind (auth critical, INVALID or an invalid
  // forkchoice state reset, network or SYNCING temporary); critical only for a failure that is
  // not the engine's (a bug: retrying cannot help).
  "fcu-rejected": "critical",
  "verification-failed": "reset", // the engine's labels are not ours: resynchronise
};

/** A rewind that could not be done (or done and not verified); nothing was half-applied silently. */
export class RewindError extends SupernodeError<
  "REWIND_FAILED",
  { reason: RewindFailure; target: string; kind: EngineErrorKind }
> {
  override readonly name = "RewindError";

  /** What the caller does: retry, reset or stop (as EngineApiError's kinds). */
  get kind(): EngineErrorKind {
    return this.meta.kind;
  }

  /** `kind` defaults to the reason's; a failed FCU passes its own (the cause's). */
  constructor(
    reason: RewindFailure,
    target: string,
    message: string,
    options: { cause?: unknown; kind?: EngineErrorKind } = {},
  ) {
    const { cause, kind = REWIND_KINDS[reason] } = options;
    super(
      "REWIND_FAILED",
      `rewind to ${target}: ${message}`,
      { reason, target, kind },
      cause === undefined ? undefined : { cause },
    );
  }
}

const lower = (a: L2BlockRef, b: L2BlockRef) => (a.number <= b.number ? a : b);

export interface EngineControllerOptions {
  /** Head numbers per label, labelled with `chainId`. */
  readonly metrics?: EngineApiMetrics | null;
  readonly chainId?: number;
}

const METRIC_LABELS = {
  unsafe: "unsafe",
  crossUnsafe: "cross_unsafe",
  localSafe: "local_safe",
  safe: "safe",
  finalized: "finalized",
} as const;

export class EngineController {
  #labels: EngineLabels;

  private constructor(
    private readonly client: EngineClient,
    private readonly reader: L2Reader,
    private readonly forks: ForkSchedule,
    labels: EngineLabels,
    private readonly options: EngineControllerOptions,
  ) {
    this.#labels = labels;
    this.#publish();
  }

  /** Every label change goes through here, so the gauges never lag. */
  set #current(labels: EngineLabels) {
    this.#labels = labels;
    this.#publish();
  }

  #publish(): void {
    const metrics = this.options.metrics;
    if (!metrics) return;
    const chainId = String(this.options.chainId ?? "unknown");
    for (const [key, label] of Object.entries(METRIC_LABELS)) {
      metrics.head.set({ chain_id: chainId, label }, this.#labels[key as keyof EngineLabels].number);
    }
  }

  /**
   * Reads unsafe, safe and finalized from the engine. Cross-unsafe and local-safe start at safe:
   * after a restart nothing above safe is known to be cross-checked until interop says so. An
   * engine without one of them (still starting) is a temporary `missing-block`, as op-node
   * retries finding its L2 heads.
   */
  static async open(
    client: EngineClient,
    reader: L2Reader,
    forks: ForkSchedule,
    options: EngineControllerOptions = {},
  ): Promise<EngineController> {
    const [unsafe, safe, finalized] = await Promise.all(
      (["latest", "safe", "finalized"] as const).map(async (label) => {
        const ref = await reader.blockRef(label);
        if (!ref)
          throw new EngineApiError(
            "temporary",
            "missing-block",
            "eth_getBlockByNumber",
            `the engine has no ${label} block`,
          );
        return ref;
      }),
    );
    return new EngineController(
      client,
      reader,
      forks,
      {
        unsafe: unsafe as L2BlockRef,
        crossUnsafe: safe as L2BlockRef,
        localSafe: safe as L2BlockRef,
        safe: safe as L2BlockRef,
        finalized: finalized as L2BlockRef,
      },
      options,
    );
  }

  get labels(): EngineLabels {
    return this.#labels;
  }

  async #forkchoice(head: L2BlockRef, safe: L2BlockRef, finalized: L2BlockRef): Promise<void> {
    const result = await this.client.forkchoiceUpdated(
      { headBlockHash: head.hash, safeBlockHash: safe.hash, finalizedBlockHash: finalized.hash },
      null,
      head.timestamp,
    );
    expectValid("forkchoiceUpdated", result.payloadStatus);
  }

  /** The new head's labels: every label above the new head's parent that is not on it comes down. */
  #withHead(head: L2BlockRef, safe?: L2BlockRef): EngineLabels {
    const cap = (ref: L2BlockRef) => (ref.number >= head.number && ref.hash !== head.hash ? head : ref);
    const labels = this.#labels;
    const localSafe = safe ?? cap(labels.localSafe);
    return {
      unsafe: head,
      crossUnsafe: lower(cap(labels.crossUnsafe), head),
      localSafe,
      safe: safe ?? cap(labels.safe),
      finalized: labels.finalized,
    };
  }

  /** A block the engine just answered VALID: missing, its view is not ours (reset). */
  async #acceptedRef(hash: Hash): Promise<L2BlockRef> {
    const ref = await this.reader.blockRef(hash);
    if (!ref)
      throw new EngineApiError(
        "reset",
        "missing-block",
        "eth_getBlockByHash",
        `the engine does not have ${hash} right after accepting it`,
      );
    return ref;
  }

  /** A gossiped or sequenced block on top of unsafe: newPayload, then FCU to it. */
  async insertUnsafePayload(envelope: PayloadEnvelope): Promise<L2BlockRef> {
    const status = await this.client.newPayload(envelope.executionPayload, envelope.parentBeaconBlockRoot);
    expectValid("newPayload", status);
    const ref = await this.#acceptedRef(envelope.executionPayload.blockHash);
    const next = this.#withHead(ref);
    await this.#forkchoice(ref, next.safe, next.finalized);
    this.#current = next;
    return ref;
  }

  /**
   * Builds a block from derived attributes on `parent` (default: unsafe): FCU with attributes →
   * getPayload → newPayload → FCU. With `safe`, the block is also local-safe and safe (the last
   * block of a span batch is promoted; op-node promotes every derived block once its span ends).
   */
  async buildFromAttributes(
    attributes: PayloadAttributes,
    options: { parent?: L2BlockRef; safe?: boolean } = {},
  ): Promise<PayloadEnvelope> {
    const parent = options.parent ?? this.#labels.unsafe;
    const { safe, finalized } = this.#labels;
    const started = await this.client.forkchoiceUpdated(
      {
        headBlockHash: parent.hash,
        safeBlockHash: lower(safe, parent).hash,
        finalizedBlockHash: finalized.hash,
      },
      attributes,
    );
    expectValid("forkchoiceUpdated", started.payloadStatus);
    const envelope = await this.client.getPayload(started.payloadId as string, Number(attributes.timestamp));
    expectValid(
      "newPayload",
      await this.client.newPayload(envelope.executionPayload, envelope.parentBeaconBlockRoot),
    );
    const ref = await this.#acceptedRef(envelope.executionPayload.blockHash);
    const next = this.#withHead(ref, options.safe ? ref : undefined);
    await this.#forkchoice(ref, next.safe, next.finalized);
    this.#current = next;
    return envelope;
  }

  /** Raises safe (and local-safe) and/or finalized; never above unsafe or below what they are. */
  async promote(update: {
    crossUnsafe?: L2BlockRef;
    localSafe?: L2BlockRef;
    safe?: L2BlockRef;
    finalized?: L2BlockRef;
  }): Promise<void> {
    const labels = { ...this.#labels, ...update };
    // Safe implies local-safe.
    if (update.safe && !update.localSafe && labels.localSafe.number < update.safe.number)
      labels.localSafe = update.safe;
    await this.#forkchoice(labels.unsafe, labels.safe, labels.finalized);
    this.#current = labels;
  }

  /**
   * Makes `target` the head, evicting the blocks above it: a synthetic sibling of the target
   * (extraData's last byte flipped: not EVM-visible, so it executes to the same state) is
   * imported and made head with safe = finalized = the target's parent, then the target is made
   * head with safe and finalized lowered to it where they were above. Refuses to go below
   * finalized. The labels are read back from the engine and must be the ones set.
   */
  async rewind(targetHash: Hash): Promise<EngineLabels> {
    const envelope = await this.reader.payload(targetHash);
    const target = envelope ? await this.reader.blockRef(targetHash) : null;
    if (!envelope || !target)
      throw new RewindError("target-not-found", targetHash, "the engine does not have the target");
    const { finalized } = this.#labels;
    if (
      target.number < finalized.number ||
      (target.number === finalized.number && target.hash !== finalized.hash)
    ) {
      throw new RewindError(
        "over-finalized",
        targetHash,
        `the target ${target.number} is below finalized ${finalized.number}`,
      );
    }
    const parent = await this.reader.blockRef(target.parentHash);
    if (!parent)
      throw new RewindError(
        "target-not-found",
        targetHash,
        `the engine does not have the target's parent ${target.parentHash}`,
      );
    const payload = envelope.executionPayload;
    const extra = payload.extraData;
    const flipped =
      extra === "0x"
        ? "0x00"
        : `${extra.slice(0, -2)}${(Number.parseInt(extra.slice(-2), 16) ^ 0xff).toString(16).padStart(2, "0")}`;
    const context = {
      ...(envelope.parentBeaconBlockRoot === undefined
        ? {}
        : { parentBeaconBlockRoot: envelope.parentBeaconBlockRoot }),
      ...(this.forks.isIsthmus(target.timestamp) ? { requestsHash: EMPTY_REQUESTS_HASH } : {}),
    };
    const synthetic = { ...payload, extraData: flipped as typeof extra };
    const sibling = { ...synthetic, blockHash: payloadBlockHash(synthetic, context) };
    const status = await this.client.newPayload(sibling, envelope.parentBeaconBlockRoot);
    if (status.status !== "VALID") {
      throw new RewindError(
        "synthetic-rejected",
        targetHash,
        `the synthetic sibling was answered ${status.status}: ${status.validationError ?? ""}`,
      );
    }
    const siblingRef = { ...target, hash: sibling.blockHash };
    const forkchoice = async (head: L2BlockRef, safe: L2BlockRef, fin: L2BlockRef) => {
      try {
        await this.#forkchoice(head, safe, fin);
      } catch (error) {
        throw new RewindError(
          "fcu-rejected",
          targetHash,
          error instanceof Error ? error.message : String(error),
          {
            cause: error,
            ...(error instanceof EngineApiError ? { kind: error.kind } : {}),
          },
        );
      }
    };
    await forkchoice(siblingRef, parent, parent);
    await new Promise((resolve) => setTimeout(resolve, 50)); // op-supernode: reth needs a moment before the next FCU
    const next: EngineLabels = {
      unsafe: target,
      crossUnsafe: lower(this.#labels.crossUnsafe, target),
      localSafe: lower(this.#labels.localSafe, target),
      safe: lower(this.#labels.safe, target),
      finalized,
    };
    await forkchoice(target, next.safe, next.finalized);
    this.#current = next;
    const [unsafe, safe, fin] = await Promise.all([
      this.reader.blockRef("latest"),
      this.reader.blockRef("safe"),
      this.reader.blockRef("finalized"),
    ]);
    const labels = this.#labels;
    if (
      unsafe?.hash !== labels.unsafe.hash ||
      safe?.hash !== labels.safe.hash ||
      fin?.hash !== labels.finalized.hash
    ) {
      throw new RewindError(
        "verification-failed",
        targetHash,
        `the engine's labels are ${unsafe?.number}/${safe?.number}/${fin?.number}, not ${labels.unsafe.number}/${labels.safe.number}/${labels.finalized.number}`,
      );
    }
    return labels;
  }
}
