// Frames (specs "Frame Format"; op-node frame.go ParseFrames): a batcher transaction's data is
// `version_byte ‖ frame ‖ frame …`, each frame `channel_id[16] ‖ frame_number u16 ‖
// frame_data_length u32 ‖ frame_data ‖ is_last u8`. The format is the same in every fork (the
// Holocene ordering rules belong to the frame queue stage). One bad frame invalidates the whole
// data item: no frame of it is used.

import { ByteReader, bytesToHex, concatBytes, UnexpectedEndError } from "../encoding/bytes.ts";
import { SupernodeError } from "../errors.ts";
import type { Hex } from "../types/primitives.ts";

export const DERIVATION_VERSION_0 = 0x00;
/** Alt-DA commitments (experimental, not supported by this node). */
export const DERIVATION_VERSION_ALT_DA = 0x01;
export const CHANNEL_ID_LENGTH = 16;
/** Bytes a frame adds around its data: id 16, number 2, length 4, is_last 1. */
export const FRAME_OVERHEAD_BYTES = 23;
export const MAX_FRAME_DATA_LENGTH = 1_000_000;

export interface Frame {
  readonly channelId: Uint8Array;
  readonly frameNumber: number;
  readonly data: Uint8Array;
  readonly isLast: boolean;
}

export type FrameErrorReason =
  | "empty data"
  | "unsupported version"
  | "truncated frame"
  | "frame data too large"
  | "invalid is_last byte"
  | "no frames";

export class FrameError extends SupernodeError<
  "FRAME_INVALID",
  { reason: FrameErrorReason; offset: number; frameIndex: number }
> {
  override readonly name = "FrameError";

  constructor(reason: FrameErrorReason, offset: number, frameIndex: number, detail?: string) {
    super(
      "FRAME_INVALID",
      `frame ${frameIndex}: ${reason}${detail ? ` (${detail})` : ""} at byte ${offset}`,
      {
        reason,
        offset,
        frameIndex,
      },
    );
  }
}

export function channelIdHex(channelId: Uint8Array): Hex {
  return bytesToHex(channelId);
}

/** Parses one frame at the reader's position. */
function readFrame(reader: ByteReader, index: number): Frame {
  const start = reader.offset;
  try {
    const channelId = reader.take(CHANNEL_ID_LENGTH, "channel_id");
    const frameNumber = reader.u16("frame_number");
    const length = reader.u32("frame_data_length");
    if (length > MAX_FRAME_DATA_LENGTH) {
      throw new FrameError("frame data too large", start, index, `${length} > ${MAX_FRAME_DATA_LENGTH}`);
    }
    const data = reader.take(length, "frame_data");
    const isLast = reader.u8("is_last");
    if (isLast > 1)
      throw new FrameError("invalid is_last byte", reader.offset - 1, index, `0x${isLast.toString(16)}`);
    return { channelId, frameNumber, data, isLast: isLast === 1 };
  } catch (error) {
    if (error instanceof UnexpectedEndError) {
      throw new FrameError("truncated frame", start, index, `while reading ${error.meta.field}`);
    }
    throw error;
  }
}

/**
 * All frames of a batcher data item, or a FrameError: an empty item, a version other than 0, any
 * malformed frame or no frame at all invalidates the whole item. Frame data are views into `data`.
 */
export function parseFrames(data: Uint8Array): Frame[] {
  if (data.length === 0) throw new FrameError("empty data", 0, 0);
  const version = data[0] ?? 0;
  if (version !== DERIVATION_VERSION_0) {
    throw new FrameError(
      "unsupported version",
      0,
      0,
      `derivation version 0x${version.toString(16).padStart(2, "0")}`,
    );
  }
  const reader = new ByteReader(data);
  reader.offset = 1;
  const frames: Frame[] = [];
  while (reader.remaining > 0) frames.push(readFrame(reader, frames.length));
  if (frames.length === 0) throw new FrameError("no frames", 1, 0);
  return frames;
}

export function encodeFrame(frame: Frame): Uint8Array {
  if (frame.channelId.length !== CHANNEL_ID_LENGTH) throw new RangeError("channel id must be 16 bytes");
  if (frame.data.length > MAX_FRAME_DATA_LENGTH) throw new RangeError("frame data over 1,000,000 bytes");
  if (!Number.isInteger(frame.frameNumber) || frame.frameNumber < 0 || frame.frameNumber > 0xffff) {
    throw new RangeError("frame number must be a uint16");
  }
  const out = new Uint8Array(FRAME_OVERHEAD_BYTES + frame.data.length);
  out.set(frame.channelId, 0);
  out[16] = frame.frameNumber >> 8;
  out[17] = frame.frameNumber & 0xff;
  const view = new DataView(out.buffer);
  view.setUint32(18, frame.data.length);
  out.set(frame.data, 22);
  out[22 + frame.data.length] = frame.isLast ? 1 : 0;
  return out;
}

/** A batcher transaction's data (calldata or blob payload): version 0 and the frames. */
export function encodeBatcherData(frames: readonly Frame[]): Uint8Array {
  return concatBytes([Uint8Array.of(DERIVATION_VERSION_0), ...frames.map(encodeFrame)]);
}

/**
 * Cuts channel data into frames whose encoding (overhead included) is at most `maxFrameSize`
 * bytes; the last frame closes the channel.
 */
export function framesOfChannel(
  channelId: Uint8Array,
  channelData: Uint8Array,
  maxFrameSize: number,
): Frame[] {
  const room = Math.min(maxFrameSize - FRAME_OVERHEAD_BYTES, MAX_FRAME_DATA_LENGTH);
  if (room < 1)
    throw new RangeError(`max frame size must exceed the ${FRAME_OVERHEAD_BYTES}-byte frame overhead`);
  const frames: Frame[] = [];
  for (let at = 0; at < channelData.length || frames.length === 0; at += room) {
    const data = channelData.subarray(at, Math.min(channelData.length, at + room));
    frames.push({ channelId, frameNumber: frames.length, data, isLast: at + room >= channelData.length });
  }
  if (frames.length > 0x10000) throw new RangeError("channel needs more than 65536 frames");
  return frames;
}
