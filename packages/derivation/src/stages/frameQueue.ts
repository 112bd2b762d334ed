// Frame queue (specs "Frame Format", holocene/derivation.md; op-node frame_queue.go, kona
// stages/frame_queue.rs): the frames of each data item, in order. A data item that is not
// version 0 or has any malformed frame yields no frame at all. From Holocene (by the time of the
// L1 block that carried the frames) the queue is pruned as frames arrive: a frame that does not
// continue its channel is dropped, and a new channel's first frame drops an unclosed channel.
import {
  type ForkSchedule,
  type Frame,
  FrameError,
  type L1BlockRef,
  type Logger,
  parseFrames,
} from "@supernode/protocol";

/** What the frame queue pulls from: data items, and the L1 block they came from. */
export interface DataItemSource {
  next(): Promise<Uint8Array | null>;
  readonly origin: L1BlockRef | null;
}

export interface QueuedFrame extends Frame {
  /** The L1 block that carried the frame (channel timeouts and fork rules use it). */
  readonly l1: L1BlockRef;
}

const sameChannel = (a: Frame, b: Frame) => a.channelId.every((byte, i) => byte === b.channelId[i]);

/** op-node's Holocene prune: keeps only frames that form in-order, gap-free channel runs. */
export function pruneHolocene(frames: QueuedFrame[]): QueuedFrame[] {
  const out = [...frames];
  let i = 0;
  while (i < out.length - 1) {
    const previous = out[i] as QueuedFrame;
    const next = out[i + 1] as QueuedFrame;
    if (sameChannel(previous, next)) {
      if (!previous.isLast && next.frameNumber === previous.frameNumber + 1) {
        i++;
      } else {
        out.splice(i + 1, 1); // out of order, a repeat, or after the channel closed
      }
      continue;
    }
    if (next.frameNumber !== 0) {
      out.splice(i + 1, 1); // a non-first frame of another channel
      continue;
    }
    if (!previous.isLast) {
      // A new channel starts while the previous one is open: its frames are dropped.
      let start = i;
      while (start > 0 && sameChannel(out[start - 1] as QueuedFrame, previous)) start--;
      out.splice(start, i - start + 1);
      i = start;
      continue;
    }
    i++;
  }
  return out;
}

export class FrameQueue {
  #frames: QueuedFrame[] = [];
  /** Frames parsed so far (monotonic, for metrics). */
  framesRead = 0;

  constructor(
    private readonly source: DataItemSource,
    private readonly forks: ForkSchedule,
    private readonly logger?: Logger,
  ) {}

  /** The next frame, or null when the source has no more data for now. */
  async next(): Promise<QueuedFrame | null> {
    while (this.#frames.length === 0) {
      const item = await this.source.next();
      if (item === null) return null;
      const l1 = this.source.origin as L1BlockRef;
      let frames: Frame[];
      try {
        frames = parseFrames(item);
      } catch (error) {
        if (!(error instanceof FrameError)) throw error;
        this.logger?.warn("dropping a batcher data item", { l1: l1.number, reason: error.message });
        continue;
      }
      this.framesRead += frames.length;
      this.#frames.push(...frames.map((frame) => ({ ...frame, l1 })));
      if (this.forks.isHolocene(l1.timestamp)) this.#frames = pruneHolocene(this.#frames);
    }
    return this.#frames.shift() ?? null;
  }

  /** The current L1 origin of the data below (channel timeouts and fork rules are judged by it). */
  get origin(): L1BlockRef | null {
    return this.source.origin;
  }

  reset(): void {
    this.#frames = [];
  }
}
