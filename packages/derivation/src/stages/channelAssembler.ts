// Channel assembler, from Holocene (specs holocene/derivation.md "Channel Bank"; op-node
// channel_assembler.go; kona stages/channel/channel_assembler.rs): at most one staging channel,
// built from in-order frames. A first frame starts a new channel (replacing an unfinished one);
// a frame that does not continue the staging channel is dropped; a staging channel that timed
// out is dropped with the frame that would have continued it; a channel larger than
// MAX_RLP_BYTES_PER_CHANNEL is dropped. The bank size limit does not apply.
import {
  Channel,
  ChannelFrameError,
  type ForkSchedule,
  type L1BlockRef,
  type Logger,
  maxRlpBytesPerChannel,
} from "@supernode/protocol";
import { channelTimeout, type FrameSource, type ReadyChannel } from "./channelBank.ts";
import type { QueuedFrame } from "./frameQueue.ts";

export interface ChannelAssemblerConfig {
  readonly forks: ForkSchedule;
  /** The rollup config's `channel_timeout` (Holocene chains are past Granite: 50 applies). */
  readonly channelTimeout: number;
}

const sameId = (a: Uint8Array, b: Uint8Array) => a.every((byte, i) => byte === b[i]);

interface Staging {
  readonly channel: Channel;
  readonly openL1: L1BlockRef;
  /** The frame number that continues the channel. */
  next: number;
}

export class ChannelAssembler {
  #staging: Staging | null = null;

  constructor(
    private readonly frames: FrameSource,
    private readonly config: ChannelAssemblerConfig,
    private readonly logger?: Logger,
  ) {}

  #timedOut(openL1: L1BlockRef, origin: L1BlockRef): boolean {
    return (
      openL1.number + channelTimeout(this.config.forks, this.config.channelTimeout, origin.timestamp) <
      origin.number
    );
  }

  /** Adds a frame seen while `origin` is the current L1 block; returns a channel once one is complete. */
  ingest(frame: QueuedFrame, origin: L1BlockRef): ReadyChannel | null {
    const staging = this.#staging;
    if (frame.frameNumber === 0) {
      if (staging)
        this.logger?.warn("a new channel replaces an unfinished one", { frames: staging.channel.frameCount });
      this.#staging = { channel: new Channel(frame.channelId), openL1: origin, next: 0 };
    } else if (
      !staging ||
      !sameId(staging.channel.id, frame.channelId) ||
      frame.frameNumber !== staging.next
    ) {
      this.logger?.warn("dropping a frame that does not continue the staging channel", {
        frame: frame.frameNumber,
      });
      return null;
    } else if (this.#timedOut(staging.openL1, origin)) {
      this.logger?.warn("dropping a timed-out channel and its next frame", { frame: frame.frameNumber });
      this.#staging = null;
      return null;
    }
    const current = this.#staging as Staging;
    try {
      current.channel.addFrame(frame);
    } catch (error) {
      if (!(error instanceof ChannelFrameError)) throw error;
      return null;
    }
    current.next = frame.frameNumber + 1;
    if (current.channel.size > maxRlpBytesPerChannel(this.config.forks.isFjord(origin.timestamp))) {
      this.logger?.warn("dropping a channel larger than MAX_RLP_BYTES_PER_CHANNEL", {
        size: current.channel.size,
      });
      this.#staging = null;
      return null;
    }
    if (!current.channel.isReady) return null;
    this.#staging = null;
    return { id: current.channel.id, data: current.channel.data(), openL1: current.openL1 };
  }

  /** Pulls frames until a channel is complete; null when the frames run out first. */
  async next(): Promise<ReadyChannel | null> {
    for (;;) {
      const frame = await this.frames.next();
      if (!frame) return null;
      const ready = this.ingest(frame, this.frames.origin ?? frame.l1);
      if (ready) return ready;
    }
  }

  /** The current L1 origin of the frames below. */
  get origin(): L1BlockRef | null {
    return this.frames.origin;
  }

  reset(): void {
    this.#staging = null;
  }
}
