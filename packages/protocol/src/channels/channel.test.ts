import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import type { Frame } from "../frames/frame.ts";
import { Channel, ChannelFrameError } from "./channel.ts";

const id = new Uint8Array(16).fill(7);
const frame = (frameNumber: number, data: number[], isLast = false, channelId = id): Frame => ({
  channelId,
  frameNumber,
  data: Uint8Array.from(data),
  isLast,
});

function rejection(channel: Channel, f: Frame): string {
  try {
    channel.addFrame(f);
    return "added";
  } catch (error) {
    assert.ok(error instanceof ChannelFrameError);
    return error.meta.reason;
  }
}

describe("Channel", () => {
  test("frames in any order; ready once closed and contiguous", () => {
    const channel = new Channel(id);
    channel.addFrame(frame(2, [3], true));
    assert.equal(channel.isReady, false);
    channel.addFrame(frame(0, [1]));
    channel.addFrame(frame(1, [2]));
    assert.equal(channel.isReady, true);
    assert.deepEqual([...channel.data()], [1, 2, 3]);
    assert.equal(channel.size, 3 + 3 * 200);
  });

  test("drops what op-node drops", () => {
    const channel = new Channel(id);
    channel.addFrame(frame(0, [1]));
    channel.addFrame(frame(3, [4]));
    assert.equal(rejection(channel, frame(0, [9])), "duplicate frame");
    assert.equal(rejection(channel, frame(1, [2], true)), "added");
    assert.equal(channel.frameCount, 2, "the closing frame pruned frame 3");
    assert.equal(rejection(channel, frame(2, [3], true)), "already closed");
    assert.equal(rejection(channel, frame(5, [3])), "beyond closing frame");
    assert.equal(rejection(channel, frame(4, [3], false, new Uint8Array(16))), "wrong channel");
    assert.deepEqual([...channel.data()], [1, 2]);
  });
});
