import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { concatBytes } from "../encoding/bytes.ts";
import {
  encodeBatcherData,
  encodeFrame,
  type Frame,
  FrameError,
  framesOfChannel,
  parseFrames,
} from "./frame.ts";

const id = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const frame = (frameNumber: number, data: number[], isLast = false): Frame => ({
  channelId: id,
  frameNumber,
  data: Uint8Array.from(data),
  isLast,
});

function reason(data: Uint8Array): string {
  try {
    parseFrames(data);
    return "ok";
  } catch (error) {
    assert.ok(error instanceof FrameError, String(error));
    return error.meta.reason;
  }
}

describe("frames", () => {
  test("round trip of several frames in one data item", () => {
    const frames = [frame(0, [1, 2, 3]), frame(1, []), frame(2, [9], true)];
    const parsed = parseFrames(encodeBatcherData(frames));
    assert.deepEqual(
      parsed.map((f) => [f.frameNumber, [...f.data], f.isLast]),
      [
        [0, [1, 2, 3], false],
        [1, [], false],
        [2, [9], true],
      ],
    );
    assert.deepEqual(parsed[0]?.channelId, id);
  });

  test("layout: id, u16 number, u32 length, data, is_last", () => {
    const bytes = encodeFrame(frame(0x0102, [0xaa], true));
    assert.deepEqual([...bytes.subarray(16)], [0x01, 0x02, 0, 0, 0, 1, 0xaa, 1]);
  });

  test("every malformed item is rejected whole", () => {
    const good = encodeBatcherData([frame(0, [1]), frame(1, [2], true)]);
    assert.equal(reason(new Uint8Array(0)), "empty data");
    assert.equal(reason(Uint8Array.of(1, ...good.subarray(1))), "unsupported version");
    assert.equal(reason(Uint8Array.of(0)), "no frames");
    assert.equal(reason(good.subarray(0, good.length - 1)), "truncated frame");
    const badLast = good.slice();
    badLast[badLast.length - 1] = 2;
    assert.equal(reason(badLast), "invalid is_last byte");
    const tooLong = encodeBatcherData([frame(0, [1])]);
    new DataView(tooLong.buffer).setUint32(1 + 18, 1_000_001);
    assert.equal(reason(tooLong), "frame data too large");
    // One good frame followed by garbage: nothing of the item is used.
    assert.equal(reason(concatBytes([good, Uint8Array.of(7, 7, 7)])), "truncated frame");
  });

  test("a channel is cut into frames no larger than asked, the last one closing it", () => {
    const data = Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff);
    const frames = framesOfChannel(id, data, 123);
    assert.ok(frames.every((f) => encodeFrame(f).length <= 123));
    assert.deepEqual(
      frames.map((f) => f.isLast),
      frames.map((_, i) => i === frames.length - 1),
    );
    assert.deepEqual(concatBytes(frames.map((f) => f.data)), data);
    assert.equal(framesOfChannel(id, new Uint8Array(0), 100).length, 1);
  });
});
