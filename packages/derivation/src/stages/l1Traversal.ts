// L1 traversal (specs "L1 Traversal"; op-node l1_traversal.go; kona stages/l1_traversal.rs): the
// pipeline's L1 origin, advanced one block at a time with the parent-hash check (a mismatch is
// an L1 reorg: reset), applying each new block's SystemConfig updates to the retrieval-side copy
// the batcher is authenticated against. Each origin is handed to retrieval exactly once.
import type { Address, DepositReceipt, ForkSchedule, L1BlockRef, SystemConfig } from "@supernode/protocol";
import { DerivationError } from "../errors.ts";
import { applySystemConfigUpdates } from "../systemConfig/configUpdate.ts";

/** The L1 data port traversal reads: block refs by number, and a block's receipts. */
export interface L1BlockSource {
  /** Null when the block is not there yet. */
  blockRefByNumber(number: number): Promise<L1BlockRef | null>;
  receipts(block: L1BlockRef): Promise<readonly DepositReceipt[]>;
}

export interface L1TraversalConfig {
  readonly forks: ForkSchedule;
  readonly systemConfigAddress: Address;
}

export type AdvanceResult = "advanced" | "eof";

const STAGE = "l1-traversal";

async function temporary<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DerivationError) throw error;
    throw new DerivationError(
      "temporary",
      STAGE,
      `${what}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}

export class L1Traversal {
  #origin: L1BlockRef;
  #systemConfig: SystemConfig;
  #handedOut = false;

  constructor(
    private readonly l1: L1BlockSource,
    private readonly config: L1TraversalConfig,
    origin: L1BlockRef,
    systemConfig: SystemConfig,
  ) {
    this.#origin = origin;
    this.#systemConfig = systemConfig;
  }

  get origin(): L1BlockRef {
    return this.#origin;
  }

  /** The retrieval-side system config, as of exactly the current origin. */
  get systemConfig(): SystemConfig {
    return this.#systemConfig;
  }

  /** The current origin for retrieval, once; null (end of data) until the next advance. */
  nextL1Block(): L1BlockRef | null {
    if (this.#handedOut) return null;
    this.#handedOut = true;
    return this.#origin;
  }

  async advance(): Promise<AdvanceResult> {
    const number = this.#origin.number + 1;
    const next = await temporary(`L1 block ${number}`, () => this.l1.blockRefByNumber(number));
    if (next === null) return "eof";
    if (next.parentHash.toLowerCase() !== this.#origin.hash.toLowerCase()) {
      throw new DerivationError(
        "reset",
        STAGE,
        `L1 reorg: block ${number}'s parent ${next.parentHash} is not the origin ${this.#origin.hash}`,
      );
    }
    const receipts = await temporary(`receipts of L1 block ${number}`, () => this.l1.receipts(next));
    const ecotone = this.config.forks.isEcotone(next.timestamp);
    const { config, errors } = applySystemConfigUpdates(
      this.#systemConfig,
      receipts,
      this.config.systemConfigAddress,
      ecotone,
    );
    if (errors.length > 0) {
      throw new DerivationError(
        "critical",
        STAGE,
        `L1 block ${number}: ${errors.map((e) => e.message).join("; ")}`,
        { cause: errors[0] },
      );
    }
    this.#origin = next;
    this.#systemConfig = config;
    this.#handedOut = false;
    return "advanced";
  }

  reset(origin: L1BlockRef, systemConfig: SystemConfig): void {
    this.#origin = origin;
    this.#systemConfig = systemConfig;
    this.#handedOut = false;
  }
}
