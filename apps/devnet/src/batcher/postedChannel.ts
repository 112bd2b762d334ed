// A closed channel on its way to L1: its batcher transactions, where each landed, and whether the
// channel still counts. Derivation drops a channel whose frames do not all land within
// `channelTimeout` L1 blocks of its first frame (op-node ChannelBank: timed out once
// open block + timeout < L1 origin), so such a channel must be posted again. Pure.
import type { BlockID, Hash } from "@supernode/protocol";
import type { TxPayload } from "./txData.ts";

export interface BatcherTx {
  readonly payload: TxPayload;
  /** Every hash sent for this payload; a resubmission replaces the last with higher fees. */
  readonly hashes: Hash[];
  nonce: number | null;
  /** The L1 head when the last hash was sent. */
  sentAtL1: number;
  /** The canonical L1 block that holds it, as last checked. */
  inclusion: BlockID | null;
}

export type ChannelStatus = "unsent" | "pending" | "included" | "timed-out";

export class PostedChannel {
  readonly txs: BatcherTx[];

  constructor(
    readonly id: Uint8Array,
    readonly firstBlock: number,
    readonly lastBlock: number,
    payloads: readonly TxPayload[],
  ) {
    this.txs = payloads.map((payload) => ({
      payload,
      hashes: [],
      nonce: null,
      sentAtL1: 0,
      inclusion: null,
    }));
  }

  get frameCount(): number {
    return this.txs.reduce((sum, tx) => sum + tx.payload.frames, 0);
  }

  /**
   * "timed-out" when a frame landed more than `channelTimeout` blocks after the first, or is still
   * out while the next L1 block would already be too late.
   */
  status(l1Head: number, channelTimeout: number): ChannelStatus {
    const included = this.txs.flatMap((tx) => (tx.inclusion ? [tx.inclusion.number] : []));
    if (included.length === 0) return this.txs.some((tx) => tx.hashes.length > 0) ? "pending" : "unsent";
    const deadline = Math.min(...included) + channelTimeout;
    if (included.length === this.txs.length)
      return Math.max(...included) > deadline ? "timed-out" : "included";
    return l1Head >= deadline ? "timed-out" : "pending";
  }

  /** The L1 block of the channel's last transaction, once all have landed. */
  completedAt(): number | null {
    if (!this.txs.every((tx) => tx.inclusion)) return null;
    return Math.max(...this.txs.map((tx) => tx.inclusion?.number ?? 0));
  }
}
