// The method versions op-node sends, fork by fork (reference/derivation.md §3.1).
import { describe, expect, test } from "bun:test";
import { ForkSchedule } from "@supernode/protocol";
import { forkchoiceUpdatedMethod, getPayloadMethod, newPayloadMethod } from "./methods.ts";

// Bedrock until 100, Canyon (and Delta) from 100, Ecotone from 200, Isthmus from 300.
const forks = new ForkSchedule({
  blockTime: 2,
  hardforks: {
    regolithTime: 0,
    canyonTime: 100,
    deltaTime: 100,
    ecotoneTime: 200,
    fjordTime: 200,
    graniteTime: 200,
    holoceneTime: 250,
    isthmusTime: 300,
  },
});

describe("Engine API method versions by fork", () => {
  test.each([
    [50, "engine_forkchoiceUpdatedV1", "engine_getPayloadV2", "engine_newPayloadV2"],
    [100, "engine_forkchoiceUpdatedV2", "engine_getPayloadV2", "engine_newPayloadV2"],
    [200, "engine_forkchoiceUpdatedV3", "engine_getPayloadV3", "engine_newPayloadV3"],
    [260, "engine_forkchoiceUpdatedV3", "engine_getPayloadV3", "engine_newPayloadV3"],
    [300, "engine_forkchoiceUpdatedV3", "engine_getPayloadV4", "engine_newPayloadV4"],
  ] as const)("at %d: %s, %s, %s", (timestamp, fcu, get, put) => {
    expect(forkchoiceUpdatedMethod(forks, timestamp)).toBe(fcu);
    expect(getPayloadMethod(forks, timestamp)).toBe(get);
    expect(newPayloadMethod(forks, timestamp)).toBe(put);
  });

  test("FCU without attributes: V3 (op-node), or by the head's fork when it is known", () => {
    expect(forkchoiceUpdatedMethod(forks, null)).toBe("engine_forkchoiceUpdatedV3");
    expect(forkchoiceUpdatedMethod(forks, 50)).toBe("engine_forkchoiceUpdatedV1");
  });
});
