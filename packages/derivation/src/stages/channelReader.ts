// Channel reader (specs "Channel Format", fjord/derivation.md; op-node channel_in_reader.go,
// kona stages/channel/channel_reader.rs): a ready channel's data → its batches, one at a time.
// Compression by the first byte (brotli only from Fjord, by the reader's L1 origin time), the
// decompressed stream capped at MAX_RLP_BYTES_PER_CHANNEL, batches read until the first that does
// not decode (those before it are kept). A span batch before Delta drops the rest of the channel.
import {
  type BatchData,
  type ForkSchedule,
  type L1BlockRef,
  type Logger,
  maxRlpBytesPerChannel,
  readChannel,
} from "@supernode/protocol";
import type { ReadyChannel } from "./channelBank.ts";

/** What the reader pulls from: the channel bank (before Holocene) or the channel assembler. */
export interface ChannelSource {
  next(): Promise<ReadyChannel | null>;
  readonly origin: L1BlockRef | null;
}

export interface ReadBatch {
  readonly batch: BatchData;
  /** The reader's L1 origin when the batch was read (the batch's inclusion block). */
  readonly l1: L1BlockRef;
}

export class ChannelReader {
  #batches: BatchData[] = [];
  #l1: L1BlockRef | null = null;

  constructor(
    private readonly channels: ChannelSource,
    private readonly forks: ForkSchedule,
    private readonly logger?: Logger,
  ) {}

  /** Channels and batches read so far (monotonic, for metrics). */
  channelsRead = 0;
  batchesRead = 0;

  /** Reads a channel's batches as of `origin` (the rules are judged by its time). */
  read(channel: ReadyChannel, origin: L1BlockRef): BatchData[] {
    const fjord = this.forks.isFjord(origin.timestamp);
    const contents = readChannel(channel.data, { maxOutput: maxRlpBytesPerChannel(fjord), fjord });
    this.channelsRead++;
    this.batchesRead += contents.batches.length;
    if (contents.decompressError)
      this.logger?.warn("channel decompression stopped early", { reason: contents.decompressError.message });
    if (contents.batchError)
      this.logger?.warn("channel batch reading stopped early", { reason: contents.batchError.message });
    const batches: BatchData[] = [];
    for (const batch of contents.batches) {
      if (batch.type === "span" && !this.forks.isDelta(origin.timestamp)) {
        this.logger?.warn("span batch before Delta: dropping the rest of the channel", { l1: origin.number });
        break;
      }
      batches.push(batch);
    }
    return batches;
  }

  /** The next batch, or null when no channel is ready. */
  async next(): Promise<ReadBatch | null> {
    while (this.#batches.length === 0) {
      const channel = await this.channels.next();
      if (!channel) return null;
      const origin = this.channels.origin ?? channel.openL1;
      this.#batches = this.read(channel, origin);
      this.#l1 = origin;
    }
    return { batch: this.#batches.shift() as BatchData, l1: this.#l1 as L1BlockRef };
  }

  /** The current L1 origin of the stages below. */
  get origin(): L1BlockRef | null {
    return this.channels.origin;
  }

  /** Holocene's fast channel invalidation: the rest of the current channel's batches are dropped. */
  flushChannel(): void {
    this.#batches = [];
  }

  reset(): void {
    this.#batches = [];
    this.#l1 = null;
  }
}
