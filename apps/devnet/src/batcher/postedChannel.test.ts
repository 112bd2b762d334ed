// When a posted channel still counts (every frame within the channel timeout of the first, as
// op-node's channel bank rules) and when the batcher closes an open channel.
import { describe, expect, test } from "bun:test";
import { closeReason, defaultChannelPolicy } from "./channelPolicy.ts";
import { PostedChannel } from "./postedChannel.ts";

const payload = { kind: "calldata", data: new Uint8Array([0]), frames: 1 } as const;

function channel(landed: readonly (number | null | "sent")[]): PostedChannel {
  const posted = new PostedChannel(
    new Uint8Array(16),
    1,
    10,
    landed.map(() => payload),
  );
  landed.forEach((at, i) => {
    const tx = posted.txs[i];
    if (!tx || at === null) return;
    tx.hashes.push(`0x${"11".repeat(32)}`);
    tx.nonce = i;
    if (at !== "sent") tx.inclusion = { number: at, hash: `0x${"22".repeat(32)}` };
  });
  return posted;
}

describe("PostedChannel.status", () => {
  test("unsent, then pending, then included", () => {
    expect(channel([null, null]).status(100, 50)).toBe("unsent");
    expect(channel(["sent", null]).status(100, 50)).toBe("pending");
    expect(channel([100, "sent"]).status(120, 50)).toBe("pending");
    expect(channel([100, 130]).status(140, 50)).toBe("included");
    expect(channel([100, 130]).completedAt()).toBe(130);
    expect(channel([100, "sent"]).completedAt()).toBeNull();
  });

  test("a frame may land in the timeout's last block, not after it", () => {
    expect(channel([100, 150]).status(200, 50)).toBe("included");
    expect(channel([100, 151]).status(200, 50)).toBe("timed-out");
  });

  test("a frame still out when the next block would be too late: timed out", () => {
    expect(channel([100, "sent"]).status(149, 50)).toBe("pending");
    expect(channel([100, "sent"]).status(150, 50)).toBe("timed-out");
    expect(channel([100, null]).status(150, 50)).toBe("timed-out");
  });
});

describe("closeReason", () => {
  const policy = { ...defaultChannelPolicy, maxBlocks: 10, maxL1Blocks: 3, subSafetyMargin: 4 };
  const open = { blockCount: 5, openedAtL1: 100, oldestL1Origin: 95 };

  test("open while under every limit", () => {
    expect(closeReason(open, 102, policy, 3600)).toBeNull();
    expect(closeReason({ ...open, blockCount: 0 }, 1000, policy, 3600)).toBeNull();
    expect(closeReason(open, 1000, { ...policy, maxL1Blocks: 0 }, 3600)).toBeNull();
  });

  test("block count, L1 blocks open, sequencing window less the margin", () => {
    expect(closeReason({ ...open, blockCount: 10 }, 100, policy, 3600)).toBe("max-blocks");
    expect(closeReason(open, 103, policy, 3600)).toBe("max-duration");
    expect(closeReason(open, 100, { ...policy, maxL1Blocks: 0 }, 10)).toBe(null);
    expect(closeReason(open, 101, { ...policy, maxL1Blocks: 0 }, 10)).toBe("sequencing-window");
  });
});
