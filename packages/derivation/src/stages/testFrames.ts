// Test data for the channel stages: L1 block refs by number and frames whose data bytes are
// their frame number (so joined channel data shows the order).
import type { L1BlockRef } from "@supernode/protocol";
import type { QueuedFrame } from "./frameQueue.ts";

export const l1At = (number: number, timestamp = 100): L1BlockRef => ({
  hash: `0x${number.toString(16).padStart(64, "0")}`,
  number,
  parentHash: `0x${"00".repeat(32)}`,
  timestamp,
});

export const queuedFrame = (channel: number, frameNumber: number, isLast = false, size = 2): QueuedFrame => ({
  channelId: new Uint8Array(16).fill(channel),
  frameNumber,
  data: new Uint8Array(size).fill(frameNumber),
  isLast,
  l1: l1At(1),
});
