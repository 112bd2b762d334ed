// Channel bank before Holocene, one test per rule (reference/derivation.md §1.4a).
import { describe, expect, test } from "bun:test";
import { ForkSchedule } from "@supernode/protocol";
import { ChannelBank, channelTimeout, maxChannelBankSize } from "./channelBank.ts";
import { l1At, queuedFrame } from "./testFrames.ts";

const at = l1At;
const frame = queuedFrame;
const bedrock = new ForkSchedule({ blockTime: 2, hardforks: {} });
const canyon = new ForkSchedule({ blockTime: 2, hardforks: { canyonTime: 0 } });
const granite = new ForkSchedule({
  blockTime: 2,
  hardforks: { canyonTime: 0, deltaTime: 0, ecotoneTime: 0, fjordTime: 0, graniteTime: 0 },
});
const none = { next: async () => null, origin: null };
const bank = (forks = bedrock, maxSize?: number) =>
  new ChannelBank(none, { forks, channelTimeout: 300, ...(maxSize === undefined ? {} : { maxSize }) });
const idOf = (channel: { id: Uint8Array } | null) => channel?.id[0];

describe("channel bank", () => {
  test("bedrock: frames in any order make a ready channel; its data is joined by frame number", () => {
    const b = bank();
    b.ingest(frame(1, 1, true), at(1));
    expect(b.read(at(1))).toBeNull();
    b.ingest(frame(1, 0), at(1));
    const ready = b.read(at(1));
    expect([...(ready?.data ?? [])]).toEqual([0, 0, 1, 1]);
    expect(b.read(at(1))).toBeNull(); // a read channel is removed
  });

  test("bedrock: a duplicate frame number is dropped", () => {
    const b = bank();
    b.ingest(frame(1, 0, false, 2), at(1));
    b.ingest(frame(1, 0, false, 5), at(1));
    b.ingest(frame(1, 1, true), at(1));
    expect(b.read(at(1))?.data.length).toBe(4);
  });

  test("bedrock: a second closing frame is dropped", () => {
    const b = bank();
    b.ingest(frame(1, 0), at(1));
    b.ingest(frame(1, 2, true), at(1));
    b.ingest(frame(1, 1, true), at(1)); // dropped: the channel is already closed (at 2)
    expect(b.read(at(1))).toBeNull();
  });

  test("bedrock: a closing frame deletes buffered frames with higher numbers", () => {
    const b = bank();
    b.ingest(frame(1, 3), at(1));
    b.ingest(frame(1, 0), at(1));
    b.ingest(frame(1, 1, true), at(1));
    expect([...(b.read(at(1))?.data ?? [])]).toEqual([0, 0, 1, 1]);
  });

  test("bedrock: a channel times out after open L1 block + channel_timeout; its late frames are dropped", () => {
    const b = bank();
    b.ingest(frame(1, 0), at(10));
    b.ingest(frame(1, 1, true), at(311)); // 10 + 300 < 311: timed out, dropped
    expect(b.read(at(311))).toBeNull();
    expect(b.size).toBe(0); // and the timed-out channel was popped from the head
  });

  test("bedrock: a frame at exactly open + channel_timeout still counts", () => {
    const b = bank();
    b.ingest(frame(1, 0), at(10));
    b.ingest(frame(1, 1, true), at(310));
    expect(b.read(at(310))).not.toBeNull();
  });

  test("bedrock: before Canyon only the first channel may be read", () => {
    const b = bank(bedrock);
    b.ingest(frame(1, 0), at(1)); // open, not ready
    b.ingest(frame(2, 0, true), at(1)); // ready, but behind channel 1
    expect(b.read(at(1))).toBeNull();
    b.ingest(frame(1, 1, true), at(1));
    expect(idOf(b.read(at(1)))).toBe(1);
    expect(idOf(b.read(at(1)))).toBe(2);
  });

  test("canyon: the first ready channel in order of first sighting is read", () => {
    const b = bank(canyon);
    b.ingest(frame(1, 0), at(1));
    b.ingest(frame(2, 0, true), at(1));
    b.ingest(frame(3, 0, true), at(1));
    expect(idOf(b.read(at(1)))).toBe(2);
    expect(idOf(b.read(at(1)))).toBe(3);
  });

  test("granite: the channel timeout is 50 L1 blocks, by the L1 time", () => {
    expect([channelTimeout(canyon, 300, 100), channelTimeout(granite, 300, 100)]).toEqual([300, 50]);
    const b = bank(granite);
    b.ingest(frame(1, 0), at(10));
    b.ingest(frame(1, 1, true), at(61));
    expect(b.read(at(61))).toBeNull();
  });

  test("bedrock: past the bank size the oldest channels are dropped (each frame counts its data + 200)", () => {
    const b = bank(bedrock, 500);
    b.ingest(frame(1, 0, false, 100), at(1)); // 300
    b.ingest(frame(2, 0, true, 100), at(1)); // 600 > 500: channel 1 goes
    expect(b.size).toBe(300);
    expect(idOf(b.read(at(1)))).toBe(2);
  });

  test("fjord: the bank size limit is 1 GB (100 MB before)", () => {
    const fjord = new ForkSchedule({ blockTime: 2, hardforks: { fjordTime: 1_000 } });
    expect([maxChannelBankSize(fjord, 999), maxChannelBankSize(fjord, 1_000)]).toEqual([
      100_000_000, 1_000_000_000,
    ]);
  });
});
