// When an open channel closes (op-batcher's channel timeouts, simplified): at a block count, after
// a number of L1 blocks open, before its oldest block's sequencing window runs out, or at every
// step (tests and fast clocks). A channel that would pass its size target closes as "full".
export interface ChannelPolicy {
  /** Close once the channel holds this many L2 blocks. */
  readonly maxBlocks: number;
  /** Close once the channel has been open this many L1 blocks (0: no limit). */
  readonly maxL1Blocks: number;
  /** Close the open channel at the end of every step. */
  readonly closeEveryStep: boolean;
  /** Close this many L1 blocks before the sequencing window of the channel's oldest L1 origin ends. */
  readonly subSafetyMargin: number;
}

export const defaultChannelPolicy: ChannelPolicy = {
  maxBlocks: 100,
  maxL1Blocks: 4,
  closeEveryStep: false,
  subSafetyMargin: 4,
};

export type CloseReason = "full" | "max-blocks" | "max-duration" | "sequencing-window" | "every-step";

export interface OpenChannelState {
  readonly blockCount: number;
  readonly openedAtL1: number;
  /** The L1 origin number of the channel's first block. */
  readonly oldestL1Origin: number;
}

/** Why the open channel must close now at L1 head `l1Head`, or null. */
export function closeReason(
  channel: OpenChannelState,
  l1Head: number,
  policy: ChannelPolicy,
  seqWindowSize: number,
): CloseReason | null {
  if (channel.blockCount === 0) return null;
  if (channel.blockCount >= policy.maxBlocks) return "max-blocks";
  if (policy.maxL1Blocks > 0 && l1Head >= channel.openedAtL1 + policy.maxL1Blocks) return "max-duration";
  if (l1Head + policy.subSafetyMargin >= channel.oldestL1Origin + seqWindowSize) return "sequencing-window";
  return null;
}
