// The devnet batcher (op-batcher, simplified): reads the L2 chain's unsafe blocks, puts them in
// channels (span or singular batches, brotli or zlib), cuts the channels into frames and posts
// them to the batch inbox as blob or calldata transactions. `step()` does one round and never
// waits for L1 to mine: check what was sent, load new blocks, close channels, send. What must be
// posted again is: every channel from the earliest one with a transaction no longer in the
// canonical L1 chain, dropped, or landed past the channel timeout; and every block from the last
// unchanged one when the L2 chain reorgs. Re-posted blocks always go into new channels.
import {
  type Address,
  channelIdHex,
  GRANITE_CHANNEL_TIMEOUT,
  type Hash,
  type Hex,
  type Logger,
  loadProtocolWasm,
  maxRlpBytesPerChannel,
} from "@supernode/protocol";
import { type BatchBlock, EngineBlockSource, type L2BlockSource } from "./blockSource.ts";
import { ChannelBuilder } from "./channelBuilder.ts";
import { type CloseReason, closeReason } from "./channelPolicy.ts";
import { type BatcherConfig, type BatcherOptions, resolveBatcherConfig } from "./config.ts";
import { BatcherError, messageOf } from "./errors.ts";
import { L2Blocks } from "./l2Blocks.ts";
import { type BatcherTx, PostedChannel } from "./postedChannel.ts";
import { type CanonicalCache, type Fees, type Inclusion, type L1Head, L1Submitter } from "./submitter.ts";
import { type DataMode, txPayloads } from "./txData.ts";

export type { BatcherOptions } from "./config.ts";

export type RewindReason = "l1-reorg" | "tx-dropped" | "channel-timeout" | "l2-reorg";

export interface Rewind {
  readonly reason: RewindReason;
  /** The first L2 block posted again. */
  readonly fromL2Block: number;
}

export interface ClosedChannel {
  readonly id: Hex;
  readonly firstBlock: number;
  readonly lastBlock: number;
  readonly frames: number;
  readonly transactions: number;
  readonly reason: CloseReason;
}

export interface SubmittedTx {
  readonly hash: Hash;
  readonly nonce: number;
  readonly channelId: Hex;
  readonly frames: number;
  readonly kind: DataMode;
  /** The same frames sent again with higher fees after waiting too long. */
  readonly resubmission: boolean;
}

export interface StepReport {
  readonly l1Head: number;
  readonly l2Head: number;
  /** New L2 blocks read this step. */
  readonly loadedBlocks: number;
  readonly rewinds: readonly Rewind[];
  readonly closedChannels: readonly ClosedChannel[];
  readonly submitted: readonly SubmittedTx[];
  /** Sent transactions not yet in a canonical L1 block. */
  readonly pendingTransactions: number;
  /** The last L2 block such that every channel up to it has landed on L1 (not yet final). */
  readonly postedThrough: number;
}

interface MutableReport {
  l1Head: number;
  l2Head: number;
  loadedBlocks: number;
  rewinds: Rewind[];
  closedChannels: ClosedChannel[];
  submitted: SubmittedTx[];
}

/** Fee escalations for one nonce in one step before the step fails. */
const MAX_SEND_ATTEMPTS = 4;

function doubled(previous: Fees | undefined, base: Fees): Fees {
  if (!previous) return base;
  const max = (a: bigint, b: bigint) => (a > b ? a : b);
  return {
    maxFeePerGas: max(base.maxFeePerGas, 2n * previous.maxFeePerGas),
    maxPriorityFeePerGas: max(base.maxPriorityFeePerGas, 2n * previous.maxPriorityFeePerGas),
    maxFeePerBlobGas: max(base.maxFeePerBlobGas, 2n * previous.maxFeePerBlobGas),
  };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

export class Batcher {
  readonly #config: BatcherConfig;
  readonly #log: Logger;
  readonly #source: L2BlockSource;
  readonly #l1: L1Submitter;
  #ready: Promise<void> | null = null;
  #stepping = false;

  readonly #l2: L2Blocks;
  /** The last L2 block in a closed channel. */
  #closedThrough: number;
  #open: ChannelBuilder | null = null;
  /** Closed channels still watched, in posting order. */
  #channels: PostedChannel[] = [];
  /** The last L2 block of a channel that landed and is settleDepth deep. */
  #settledThrough: number;
  #nonce = 0;
  /** Fees last offered per nonce, so a reused nonce outbids the transaction the pool holds. */
  readonly #offered = new Map<number, Fees>();

  constructor(options: BatcherOptions) {
    this.#config = resolveBatcherConfig(options);
    const { rollup, l2 } = this.#config;
    this.#log = this.#config.logger.child({ component: "batcher", chainId: rollup.l2ChainId.toString() });
    this.#source =
      "blockByNumber" in l2
        ? l2
        : new EngineBlockSource({
            url: l2.url,
            rollup,
            ...(l2.jwtSecret ? { jwtSecret: l2.jwtSecret } : {}),
          });
    this.#l1 = new L1Submitter({
      url: this.#config.l1Url,
      batcherKey: this.#config.batcherKey,
      inbox: this.#config.inbox,
      chainId: Number(rollup.l1ChainId),
    });
    this.#l2 = new L2Blocks(this.#source, this.#config.startAfter, this.#log);
    this.#closedThrough = this.#config.startAfter;
    this.#settledThrough = this.#config.startAfter;
  }

  /** The batcher's L1 address (derivation reads transactions from the system config's batcher address). */
  get address(): Address {
    return this.#l1.address;
  }

  /**
   * One round: check where sent transactions are (re-posting what a reorg, a drop or a channel
   * timeout lost), load new L2 blocks up to the head (following L2 reorgs), close channels by the
   * policy and send their frames. Returns without waiting for L1 to mine.
   */
  async step(): Promise<StepReport> {
    if (this.#stepping) throw new BatcherError("temporary", "busy", "step() called while a step is running");
    this.#stepping = true;
    try {
      this.#ready ??= this.#init().catch((error: unknown) => {
        this.#ready = null;
        throw error;
      });
      await this.#ready;
      const l1 = await this.#l1.head();
      const report: MutableReport = {
        l1Head: l1.number,
        l2Head: 0,
        loadedBlocks: 0,
        rewinds: [],
        closedChannels: [],
        submitted: [],
      };
      const stuck = await this.#checkL1(l1, report);
      const synced = await this.#l2.sync();
      report.l2Head = synced.head;
      report.loadedBlocks = synced.loaded;
      if (synced.reorgedAfter !== null) await this.#rewindL2(synced.reorgedAfter, report);
      this.#fillChannels(l1, report);
      await this.#submit(l1, stuck, report);
      this.#prune(l1);
      return {
        ...report,
        pendingTransactions: this.#pendingCount(),
        postedThrough: this.#postedThrough(l1),
      };
    } finally {
      this.#stepping = false;
    }
  }

  /** Steps every `intervalMs` until `signal` aborts; temporary failures are logged and retried. */
  async run(intervalMs: number, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.step();
      } catch (error) {
        if (error instanceof BatcherError && error.kind === "critical") throw error;
        this.#log.warn("step failed, retrying", { error: messageOf(error) });
      }
      await abortableSleep(intervalMs, signal);
    }
  }

  async #init(): Promise<void> {
    await loadProtocolWasm();
    const { rollup } = this.#config;
    const chainId = await this.#l1.chainId();
    if (BigInt(chainId) !== rollup.l1ChainId) {
      throw new BatcherError(
        "critical",
        "wrong-chain",
        `the L1 node is chain ${chainId}, the rollup config's L1 is ${rollup.l1ChainId}`,
      );
    }
    if (this.address !== rollup.genesis.systemConfig.batcherAddr.toLowerCase()) {
      this.#log.warn("the batcher key is not the genesis system config's batcher", {
        batcher: this.address,
        expected: rollup.genesis.systemConfig.batcherAddr,
      });
    }
    this.#nonce = await this.#l1.nonce("pending");
    this.#log.info("batcher ready", {
      batcher: this.address,
      inbox: this.#config.inbox,
      nonce: this.#nonce,
      dataMode: this.#config.dataMode,
      batchType: this.#config.batchType,
      compression: this.#config.compression,
    });
  }

  #channelTimeout(l1: L1Head): number {
    return this.#config.forks.isGranite(l1.timestamp)
      ? GRANITE_CHANNEL_TIMEOUT
      : this.#config.rollup.channelTimeout;
  }

  async #where(tx: BatcherTx, cache: CanonicalCache): Promise<Inclusion> {
    if (tx.inclusion && (await this.#l1.isCanonical(tx.inclusion, cache))) {
      return { state: "included", block: tx.inclusion };
    }
    return this.#l1.inclusion(tx.hashes, cache);
  }

  /**
   * Updates where each sent transaction is. Rewinds from the earliest channel that lost a
   * transaction or timed out; returns the transactions of the remaining channels that waited too
   * long in the pool.
   */
  async #checkL1(l1: L1Head, report: MutableReport): Promise<BatcherTx[]> {
    const cache: CanonicalCache = new Map();
    const timeout = this.#channelTimeout(l1);
    const stuck: BatcherTx[] = [];
    for (const [index, channel] of this.#channels.entries()) {
      const sent = channel.txs.filter((tx) => tx.hashes.length > 0);
      const found = await Promise.all(sent.map((tx) => this.#where(tx, cache)));
      let lost: RewindReason | null = null;
      const waiting: BatcherTx[] = [];
      sent.forEach((tx, i) => {
        const where = found[i] as Inclusion;
        if (where.state === "included") {
          tx.inclusion = where.block;
        } else if (tx.inclusion) {
          tx.inclusion = null;
          lost ??= "l1-reorg";
        } else if (where.state === "unknown") {
          lost ??= "tx-dropped";
        } else if (l1.number - tx.sentAtL1 >= this.#config.resubmitAfterL1Blocks) {
          waiting.push(tx);
        }
      });
      if (!lost && channel.status(l1.number, timeout) === "timed-out") lost = "channel-timeout";
      if (lost) {
        await this.#rewindL1(index, lost, l1, report);
        break;
      }
      stuck.push(...waiting);
    }
    return stuck;
  }

  async #rewindL1(index: number, reason: RewindReason, l1: L1Head, report: MutableReport): Promise<void> {
    const channel = this.#channels[index] as PostedChannel;
    const from = channel.firstBlock;
    this.#log.warn("posting L2 blocks again", {
      reason,
      fromL2: from,
      channel: channelIdHex(channel.id),
      l1: l1.number,
    });
    this.#channels.splice(index);
    this.#open = null;
    this.#closedThrough = from - 1;
    await this.#renewNonce();
    report.rewinds.push({ reason, fromL2Block: from });
  }

  /**
   * The next nonce after channels were dropped: past the chain's count and past every kept
   * transaction; the dropped channels' transactions still pooled are replaced (higher fees).
   */
  async #renewNonce(): Promise<void> {
    const latest = await this.#l1.nonce("latest");
    const kept = this.#channels.flatMap((channel) =>
      channel.txs.flatMap((tx) => (tx.nonce === null ? [] : [tx.nonce])),
    );
    this.#nonce = Math.max(latest, ...kept.map((nonce) => nonce + 1));
  }

  /** After an L2 reorg: every channel holding a block after `last` (the last unchanged block) goes. */
  async #rewindL2(last: number, report: MutableReport): Promise<void> {
    let from = last + 1;
    const index = this.#channels.findIndex((channel) => channel.lastBlock > last);
    if (index >= 0) {
      const dropped = this.#channels.splice(index);
      from = (dropped[0] as PostedChannel).firstBlock;
      if (dropped.some((channel) => channel.txs.some((tx) => tx.nonce !== null))) await this.#renewNonce();
    }
    const openFirst = this.#open?.blocks[0]?.number;
    if (openFirst !== undefined && openFirst < from) from = openFirst;
    this.#open = null;
    this.#closedThrough = Math.min(this.#closedThrough, from - 1);
    this.#log.warn("L2 reorg: batching again from the last unchanged block", {
      lastUnchanged: last,
      fromL2: from,
    });
    report.rewinds.push({ reason: "l2-reorg", fromL2Block: from });
  }

  #newChannel(l1: L1Head, first: BatchBlock): ChannelBuilder {
    const { rollup, forks } = this.#config;
    return new ChannelBuilder(this.#config.channelId(), l1.number, {
      batchType: this.#config.batchType,
      compression: this.#config.compression,
      compressionLevel: this.#config.compressionLevel,
      targetCompressedSize: this.#config.targetCompressedSize,
      maxRlpBytes: maxRlpBytesPerChannel(forks.isFjord(first.timestamp)),
      chain: {
        genesisTimestamp: rollup.genesis.l2Time,
        blockTime: rollup.blockTime,
        chainId: rollup.l2ChainId,
      },
    });
  }

  #policyReason(open: ChannelBuilder, l1: L1Head): CloseReason | null {
    return closeReason(
      {
        blockCount: open.blocks.length,
        openedAtL1: open.openedAtL1,
        oldestL1Origin: open.blocks[0]?.l1Origin.number ?? 0,
      },
      l1.number,
      this.#config.channel,
      this.#config.rollup.seqWindowSize,
    );
  }

  /** Adds the loaded blocks to the open channel, closing channels as the policy says. */
  #fillChannels(l1: L1Head, report: MutableReport): void {
    const start = (this.#open?.blocks.at(-1)?.number ?? this.#closedThrough) + 1;
    for (const block of this.#l2.blocks) {
      if (block.number < start) continue;
      let open = this.#open ?? this.#newChannel(l1, block);
      if (open.add(block) === "full") {
        this.#open = open;
        this.#close("full", report);
        open = this.#newChannel(l1, block);
        open.add(block);
      }
      this.#open = open;
      const reason = this.#policyReason(open, l1);
      if (reason) this.#close(reason, report);
    }
    if (this.#open) {
      const reason =
        this.#policyReason(this.#open, l1) ?? (this.#config.channel.closeEveryStep ? "every-step" : null);
      if (reason) this.#close(reason, report);
    }
  }

  #close(reason: CloseReason, report: MutableReport): void {
    const open = this.#open;
    if (!open) return;
    this.#open = null;
    const first = (open.blocks[0] as BatchBlock).number;
    const last = (open.blocks.at(-1) as BatchBlock).number;
    const frames = open.frames(this.#config.maxFrameSize);
    const payloads = txPayloads(frames, this.#config.dataMode, this.#config.maxBlobsPerTx);
    this.#channels.push(new PostedChannel(open.id, first, last, payloads));
    this.#closedThrough = last;
    const closed: ClosedChannel = {
      id: channelIdHex(open.id),
      firstBlock: first,
      lastBlock: last,
      frames: frames.length,
      transactions: payloads.length,
      reason,
    };
    report.closedChannels.push(closed);
    this.#log.info("channel closed", { ...closed });
  }

  #pendingCount(): number {
    return this.#channels.reduce(
      (sum, channel) => sum + channel.txs.filter((tx) => tx.hashes.length > 0 && !tx.inclusion).length,
      0,
    );
  }

  /** Resends transactions that waited too long, then sends unsent frames in channel order. */
  async #submit(l1: L1Head, stuck: readonly BatcherTx[], report: MutableReport): Promise<void> {
    let base: Fees | null = null;
    const fees = async () => {
      base ??= await this.#l1.fees(l1, this.#config.dataMode === "blobs");
      return base;
    };
    const channelOf = (tx: BatcherTx) => this.#channels.find((channel) => channel.txs.includes(tx));
    for (const tx of stuck) {
      const channel = channelOf(tx);
      if (channel && tx.nonce !== null)
        await this.#send(tx, tx.nonce, await fees(), channel, l1, true, report);
    }
    let pending = this.#pendingCount();
    for (const channel of this.#channels) {
      for (const tx of channel.txs) {
        if (tx.hashes.length > 0) continue;
        if (pending >= this.#config.maxPendingTransactions) return;
        await this.#send(tx, this.#nonce, await fees(), channel, l1, false, report);
        pending++;
      }
    }
  }

  async #send(
    tx: BatcherTx,
    firstNonce: number,
    base: Fees,
    channel: PostedChannel,
    l1: L1Head,
    resubmission: boolean,
    report: MutableReport,
  ): Promise<void> {
    let nonce = firstNonce;
    for (let attempt = 0; attempt < MAX_SEND_ATTEMPTS; attempt++) {
      const fees = doubled(this.#offered.get(nonce), base);
      const result = await this.#l1.send(tx.payload, nonce, fees);
      this.#offered.set(nonce, fees);
      if (result.ok) {
        tx.hashes.push(result.hash);
        tx.nonce = nonce;
        tx.sentAtL1 = l1.number;
        if (!resubmission) this.#nonce = nonce + 1;
        const sent: SubmittedTx = {
          hash: result.hash,
          nonce,
          channelId: channelIdHex(channel.id),
          frames: tx.payload.frames,
          kind: tx.payload.kind,
          resubmission,
        };
        report.submitted.push(sent);
        this.#log.debug("batcher transaction sent", { ...sent, l1: l1.number });
        return;
      }
      // A resubmitted nonce already mined: the next inclusion check finds which hash landed.
      if (resubmission && result.problem === "nonce-too-low") return;
      if (result.problem === "nonce-too-low") nonce = Math.max(nonce + 1, await this.#l1.nonce("pending"));
      this.#log.debug("nonce taken, trying again", {
        nonce,
        problem: result.problem,
        detail: result.message,
      });
    }
    throw new BatcherError("temporary", "send", `could not place a transaction at nonce ${nonce}`);
  }

  /** Stops watching channels that landed settleDepth deep, and forgets blocks no channel needs. */
  #prune(l1: L1Head): void {
    const timeout = this.#channelTimeout(l1);
    for (;;) {
      const first = this.#channels[0];
      const completedAt = first?.completedAt() ?? null;
      if (!first || completedAt === null || l1.number - completedAt < this.#config.settleDepth) break;
      if (first.status(l1.number, timeout) !== "included") break;
      this.#settledThrough = first.lastBlock;
      this.#channels.shift();
    }
    const keepFrom = this.#channels[0]?.firstBlock ?? this.#closedThrough + 1;
    this.#l2.forgetBelow(keepFrom);
    const nonces = this.#channels.flatMap((channel) =>
      channel.txs.flatMap((tx) => (tx.nonce === null ? [] : [tx.nonce])),
    );
    const floor = Math.min(this.#nonce, ...nonces);
    for (const nonce of this.#offered.keys()) if (nonce < floor) this.#offered.delete(nonce);
  }

  #postedThrough(l1: L1Head): number {
    const timeout = this.#channelTimeout(l1);
    let through = this.#settledThrough;
    for (const channel of this.#channels) {
      if (channel.status(l1.number, timeout) !== "included") break;
      through = channel.lastBlock;
    }
    return through;
  }
}
