// Channel bank, before Holocene (specs "Channel Bank"; op-node channel_bank.go, channel.go):
// channels in order of first sighting, each opened at the L1 block of its first frame; frames
// added with op-node's drop rules (a timed-out channel's, a duplicate, a second closing frame, one
// past the closing frame); channels evicted oldest first past the bank size; read when ready —
// before Canyon only the first channel, from Canyon the first ready one in order — after the
// timed-out channels at the head are dropped.
import {
  Channel,
  ChannelFrameError,
  channelIdHex,
  type ForkSchedule,
  type L1BlockRef,
  type Logger,
} from "@supernode/protocol";
import type { QueuedFrame } from "./frameQueue.ts";

/** Granite's channel timeout, in L1 blocks (specs granite/derivation.md). */
export const GRANITE_CHANNEL_TIMEOUT = 50;

/** op-node MaxChannelBankSize: 100 MB, 1 GB from Fjord. */
export function maxChannelBankSize(forks: ForkSchedule, l1Time: number): number {
  return forks.isFjord(l1Time) ? 1_000_000_000 : 100_000_000;
}

export function channelTimeout(forks: ForkSchedule, configured: number, l1Time: number): number {
  return forks.isGranite(l1Time) ? GRANITE_CHANNEL_TIMEOUT : configured;
}

export interface ChannelBankConfig {
  readonly forks: ForkSchedule;
  /** The rollup config's `channel_timeout` (used before Granite). */
  readonly channelTimeout: number;
  /** Overrides the bank size limit (tests only; the protocol value otherwise). */
  readonly maxSize?: number;
}

export interface FrameSource {
  next(): Promise<QueuedFrame | null>;
  readonly origin: L1BlockRef | null;
}

export interface ReadyChannel {
  readonly id: Uint8Array;
  /** The frame data joined by frame number (compressed channel data). */
  readonly data: Uint8Array;
  /** The L1 block where the channel was opened. */
  readonly openL1: L1BlockRef;
}

interface Entry {
  readonly channel: Channel;
  readonly openL1: L1BlockRef;
}

export class ChannelBank {
  readonly #channels = new Map<string, Entry>();
  #order: string[] = [];
  #size = 0;

  constructor(
    private readonly frames: FrameSource,
    private readonly config: ChannelBankConfig,
    private readonly logger?: Logger,
  ) {}

  #timedOut(entry: Entry, origin: L1BlockRef): boolean {
    return (
      entry.openL1.number + channelTimeout(this.config.forks, this.config.channelTimeout, origin.timestamp) <
      origin.number
    );
  }

  #remove(key: string): void {
    const entry = this.#channels.get(key);
    if (!entry) return;
    this.#size -= entry.channel.size;
    this.#channels.delete(key);
    this.#order = this.#order.filter((k) => k !== key);
  }

  /** Adds a frame seen while `origin` is the current L1 block. */
  ingest(frame: QueuedFrame, origin: L1BlockRef): void {
    const key = channelIdHex(frame.channelId);
    let entry = this.#channels.get(key);
    if (!entry) {
      entry = { channel: new Channel(frame.channelId), openL1: origin };
      this.#channels.set(key, entry);
      this.#order.push(key);
    }
    if (this.#timedOut(entry, origin)) {
      this.logger?.warn("dropping a frame of a timed-out channel", {
        channel: key,
        frame: frame.frameNumber,
      });
      return;
    }
    const before = entry.channel.size;
    try {
      entry.channel.addFrame(frame);
    } catch (error) {
      if (!(error instanceof ChannelFrameError)) throw error;
      this.logger?.warn("dropping a frame", { channel: key, reason: error.message });
      return;
    }
    this.#size += entry.channel.size - before;
    const limit = this.config.maxSize ?? maxChannelBankSize(this.config.forks, origin.timestamp);
    while (this.#size > limit && this.#order.length > 0) {
      this.logger?.warn("channel bank full: dropping the oldest channel", { channel: this.#order[0] });
      this.#remove(this.#order[0] as string);
    }
  }

  /** The next ready channel as of `origin`, or null. */
  read(origin: L1BlockRef): ReadyChannel | null {
    while (
      this.#order.length > 0 &&
      this.#timedOut(this.#channels.get(this.#order[0] as string) as Entry, origin)
    ) {
      this.#remove(this.#order[0] as string);
    }
    const candidates = this.config.forks.isCanyon(origin.timestamp) ? this.#order : this.#order.slice(0, 1);
    for (const key of candidates) {
      const entry = this.#channels.get(key) as Entry;
      if (!entry.channel.isReady || this.#timedOut(entry, origin)) continue;
      this.#remove(key);
      return { id: entry.channel.id, data: entry.channel.data(), openL1: entry.openL1 };
    }
    return null;
  }

  /** Pulls frames until a channel is ready; null when the frames run out first. */
  async next(): Promise<ReadyChannel | null> {
    for (;;) {
      const origin = this.frames.origin;
      const ready = origin ? this.read(origin) : null;
      if (ready) return ready;
      const frame = await this.frames.next();
      if (!frame) return null;
      this.ingest(frame, this.frames.origin ?? frame.l1);
    }
  }

  get size(): number {
    return this.#size;
  }

  /** The current L1 origin of the frames below. */
  get origin(): L1BlockRef | null {
    return this.frames.origin;
  }

  reset(): void {
    this.#channels.clear();
    this.#order = [];
    this.#size = 0;
  }
}
