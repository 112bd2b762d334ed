// The devnet sequencer of one chain (op-node's sequencer, simplified): a block every block time on
// top of its engine's unsafe head. The payload attributes come from the derivation package's
// attributes builder — the one implementation, as in op-node — with the transaction pool open.
// The L1 origin is chosen as op-node's L1OriginSelector does: the next L1 block once the L2 time
// reaches it, the current one otherwise, and the next one without fail past the sequencer drift
// (then with the pool closed). Origins are taken only `l1Confirmations` blocks behind the L1 head,
// so the devnet's L1 reorgs never remove an origin the chain already built on.
import { type AttributesConfig, buildAttributes, maxSequencerDrift } from "@supernode/derivation";
import type { EngineController, L2Reader } from "@supernode/engine-api";
import { type L1Client, L1SourceError } from "@supernode/l1-source";
import {
  type BlockID,
  ForkSchedule,
  type L1ChainConfig,
  type L2BlockRef,
  type Logger,
  type RollupConfig,
  type SystemConfig,
  silentLogger,
} from "@supernode/protocol";
import { l1Epochs } from "./l1Epochs.ts";

export interface SequencerOptions {
  readonly rollup: RollupConfig;
  readonly l1Chain: L1ChainConfig;
  readonly l1: L1Client;
  readonly controller: EngineController;
  readonly reader: L2Reader;
  /** How far behind the L1 head an origin must be (op-node `--sequencer.l1-confs`). */
  readonly l1Confirmations?: number;
  readonly logger?: Logger;
}

export interface SequencedBlock {
  readonly ref: L2BlockRef;
  readonly transactions: number;
}

export class SequencerError extends Error {}

/** Forks whose activation block carries upgrade transactions. */
const UPGRADE_FORKS = ["ecotone", "fjord", "isthmus", "jovian", "interop"] as const;

export class Sequencer {
  readonly #forks: ForkSchedule;
  readonly #attributes: AttributesConfig;
  #systemConfig: SystemConfig;

  private constructor(
    private readonly options: SequencerOptions,
    systemConfig: SystemConfig,
  ) {
    this.#forks = new ForkSchedule(options.rollup);
    this.#attributes = {
      forks: this.#forks,
      blockTime: options.rollup.blockTime,
      depositContractAddress: options.rollup.depositContractAddress,
      systemConfigAddress: options.rollup.l1SystemConfigAddress,
      blobFees: { l1: options.l1Chain },
    };
    this.#systemConfig = systemConfig;
  }

  /** Resumes on the engine's unsafe head, its system config rebuilt from that block. */
  static async start(options: SequencerOptions): Promise<Sequencer> {
    const head = options.controller.labels.unsafe;
    const systemConfig = await options.reader.systemConfig(head.hash);
    if (!systemConfig) throw new SequencerError(`the engine does not have its head ${head.hash}`);
    return new Sequencer(options, systemConfig);
  }

  get head(): L2BlockRef {
    return this.options.controller.labels.unsafe;
  }

  /** The time of the next block. */
  get nextTimestamp(): number {
    return this.head.timestamp + this.options.rollup.blockTime;
  }

  /** The L1 origin of the next block, or null when it must wait for L1 (past the drift). */
  async #origin(
    parent: L2BlockRef,
    timestamp: number,
  ): Promise<{ origin: BlockID; pastDrift: boolean } | null> {
    const { l1 } = this.options;
    const current = (await l1.headerByHash(parent.l1origin.hash)).ref;
    const confirmations = this.options.l1Confirmations ?? 0;
    const head = (await l1.headerByLabel("latest")).ref;
    let next = null;
    if (current.number + 1 + confirmations <= head.number) {
      try {
        next = (await l1.headerByNumber(current.number + 1)).ref;
      } catch (error) {
        if (!(error instanceof L1SourceError && error.kind === "not-found")) throw error;
      }
    }
    const { rollup } = this.options;
    const drift = maxSequencerDrift(
      {
        forks: this.#forks,
        blockTime: rollup.blockTime,
        seqWindowSize: rollup.seqWindowSize,
        maxSequencerDrift: rollup.maxSequencerDrift,
      },
      current.timestamp,
    );
    const pastDrift = timestamp > current.timestamp + drift;
    if (next && next.parentHash !== current.hash) next = null;
    if (next && timestamp >= next.timestamp) return { origin: next, pastDrift: false };
    if (pastDrift) return null;
    return { origin: current, pastDrift };
  }

  /** Builds the next block; null when it has to wait for an L1 origin. */
  async step(): Promise<SequencedBlock | null> {
    const parent = this.head;
    const timestamp = this.nextTimestamp;
    const chosen = await this.#origin(parent, timestamp);
    if (!chosen) {
      this.options.logger?.warn("sequencer: past the drift and no next L1 origin yet", {
        timestamp,
        origin: parent.l1origin.number,
      });
      return null;
    }
    const built = await buildAttributes(
      this.#attributes,
      l1Epochs(this.options.l1),
      parent,
      chosen.origin,
      this.#systemConfig,
      [],
    );
    // op-node keeps the pool closed past the drift and on network-upgrade blocks (derivation
    // drops a batch with transactions in the first Jovian or Interop block).
    const upgradeBlock = UPGRADE_FORKS.some((fork) => this.#forks.isActivationBlock(fork, timestamp));
    const attributes = { ...built.attributes, noTxPool: chosen.pastDrift || upgradeBlock };
    const envelope = await this.options.controller.buildFromAttributes(attributes, { parent });
    this.#systemConfig = built.systemConfig;
    const ref = this.head;
    (this.options.logger ?? silentLogger).debug("sequenced", {
      number: ref.number,
      hash: ref.hash,
      origin: ref.l1origin.number,
    });
    return { ref, transactions: envelope.executionPayload.transactions.length };
  }
}
