// One channel being assembled from frames (op-node channel.go): frames may arrive in any order;
// the channel is ready once the closing frame and every frame before it are present.

import { concatBytes } from "../encoding/bytes.ts";
import { SupernodeError } from "../errors.ts";
import { channelIdHex, type Frame } from "../frames/frame.ts";

export type ChannelFrameRejection =
  | "wrong channel"
  | "duplicate frame"
  | "already closed"
  | "beyond closing frame";

export class ChannelFrameError extends SupernodeError<
  "FRAME_REJECTED",
  { reason: ChannelFrameRejection; frameNumber: number }
> {
  override readonly name = "ChannelFrameError";

  constructor(reason: ChannelFrameRejection, frameNumber: number) {
    super("FRAME_REJECTED", `frame ${frameNumber}: ${reason}`, { reason, frameNumber });
  }
}

export class Channel {
  readonly #frames = new Map<number, Frame>();
  #closedAt: number | null = null;
  #size = 0;

  constructor(readonly id: Uint8Array) {}

  get idHex() {
    return channelIdHex(this.id);
  }

  get isClosed(): boolean {
    return this.#closedAt !== null;
  }

  /** Sum of frame data lengths plus 200 per frame, as the channel bank measures it. */
  get size(): number {
    return this.#size;
  }

  get frameCount(): number {
    return this.#frames.size;
  }

  /**
   * Adds a frame, or throws ChannelFrameError for one op-node would drop: a duplicate number, a
   * second closing frame, or a frame past the closing one. A closing frame drops frames after it.
   */
  addFrame(frame: Frame): void {
    if (channelIdHex(frame.channelId) !== this.idHex)
      throw new ChannelFrameError("wrong channel", frame.frameNumber);
    if (this.#frames.has(frame.frameNumber))
      throw new ChannelFrameError("duplicate frame", frame.frameNumber);
    if (frame.isLast && this.#closedAt !== null)
      throw new ChannelFrameError("already closed", frame.frameNumber);
    if (this.#closedAt !== null && frame.frameNumber > this.#closedAt) {
      throw new ChannelFrameError("beyond closing frame", frame.frameNumber);
    }
    if (frame.isLast) {
      this.#closedAt = frame.frameNumber;
      for (const [number, pruned] of this.#frames) {
        if (number > frame.frameNumber) {
          this.#frames.delete(number);
          this.#size -= pruned.data.length + 200;
        }
      }
    }
    this.#frames.set(frame.frameNumber, frame);
    this.#size += frame.data.length + 200;
  }

  /** Closed, with every frame from 0 to the closing one present. */
  get isReady(): boolean {
    if (this.#closedAt === null) return false;
    for (let number = 0; number <= this.#closedAt; number++) if (!this.#frames.has(number)) return false;
    return true;
  }

  /** The frame data joined in frame-number order (only meaningful once ready). */
  data(): Uint8Array {
    const numbers = [...this.#frames.keys()].sort((a, b) => a - b);
    return concatBytes(numbers.map((number) => (this.#frames.get(number) as Frame).data));
  }
}
