// Channel assembler from Holocene, one test per rule (reference/derivation.md §1.4b).
import { describe, expect, test } from "bun:test";
import { ForkSchedule } from "@supernode/protocol";
import { ChannelAssembler } from "./channelAssembler.ts";
import { l1At, queuedFrame } from "./testFrames.ts";

const at = l1At;
const frame = queuedFrame;
const holocene = new ForkSchedule({
  blockTime: 2,
  hardforks: { canyonTime: 0, deltaTime: 0, ecotoneTime: 0, fjordTime: 0, graniteTime: 0, holoceneTime: 0 },
});
const assembler = () =>
  new ChannelAssembler({ next: async () => null, origin: null }, { forks: holocene, channelTimeout: 300 });

describe("channel assembler", () => {
  test("holocene: in-order frames make a channel, emitted at its closing frame", () => {
    const a = assembler();
    expect(a.ingest(frame(1, 0), at(1))).toBeNull();
    expect([...(a.ingest(frame(1, 1, true), at(1))?.data ?? [])]).toEqual([0, 0, 1, 1]);
  });

  test("holocene: a first frame starts a new channel and replaces an unfinished one", () => {
    const a = assembler();
    a.ingest(frame(1, 0), at(1));
    a.ingest(frame(2, 0), at(1));
    expect(a.ingest(frame(1, 1, true), at(1))).toBeNull(); // channel 1 is gone
    expect(a.ingest(frame(2, 1, true), at(1))?.id[0]).toBe(2);
  });

  test("holocene: a frame that is not the staging channel's next is dropped", () => {
    const a = assembler();
    a.ingest(frame(1, 0), at(1));
    expect(a.ingest(frame(1, 2, true), at(1))).toBeNull();
    expect(a.ingest(frame(3, 1, true), at(1))).toBeNull();
    expect(a.ingest(frame(1, 1, true), at(1))?.id[0]).toBe(1);
  });

  test("holocene: a non-first frame with no staging channel is dropped", () => {
    expect(assembler().ingest(frame(1, 1, true), at(1))).toBeNull();
  });

  test("holocene: a timed-out staging channel is dropped with the frame that would continue it (timeout 50 after Granite)", () => {
    const a = assembler();
    a.ingest(frame(1, 0), at(10));
    expect(a.ingest(frame(1, 1, true), at(61))).toBeNull();
    expect(a.ingest(frame(1, 1, true), at(61))).toBeNull(); // the channel is gone too
  });

  test("holocene: a channel past MAX_RLP_BYTES_PER_CHANNEL is dropped", () => {
    const a = assembler();
    a.ingest(frame(1, 0, false, 60_000_000), at(1));
    expect(a.ingest(frame(1, 1, true, 60_000_000), at(1))).toBeNull();
  });
});
