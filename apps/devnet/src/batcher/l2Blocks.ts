// The L2 blocks the batcher has read and still needs, contiguous and ascending, kept in step with
// the chain: each new block's parent must be the last one read; when it is not (or the head's
// hash changed) the chain reorged, and reading restarts after the last block whose hash the
// chain still has.
import type { BlockID, Logger } from "@supernode/protocol";
import type { BatchBlock, L2BlockSource } from "./blockSource.ts";
import { BatcherError } from "./errors.ts";

export interface SyncResult {
  /** The chain's head number. */
  readonly head: number;
  /** Blocks read. */
  readonly loaded: number;
  /** The last unchanged block when the chain reorged (the lowest if it reorged more than once), or null. */
  readonly reorgedAfter: number | null;
}

/** Reorgs followed in one sync before it gives up (the chain is moving under us). */
const MAX_REORGS_PER_SYNC = 4;

export class L2Blocks {
  #blocks: BatchBlock[] = [];
  /** The last block read: the next block's parent must be it. */
  #tip: BlockID | null = null;
  /** Where reading resumes when no block is held. */
  #resumeAt: number;

  constructor(
    private readonly source: L2BlockSource,
    /** The last block already batched: reading starts after it. */
    startAfter: number,
    private readonly log: Logger,
  ) {
    this.#resumeAt = startAfter + 1;
  }

  get blocks(): readonly BatchBlock[] {
    return this.#blocks;
  }

  /** Reads new blocks up to the chain's head, following reorgs. */
  async sync(): Promise<SyncResult> {
    const head = await this.source.head();
    let loaded = 0;
    let reorgs = 0;
    let reorgedAfter: number | null = null;
    const reorg = async () => {
      if (++reorgs > MAX_REORGS_PER_SYNC) {
        throw new BatcherError("temporary", "l2-rpc", "the L2 chain keeps reorging under the batcher");
      }
      const fork = await this.#rewindToFork(head);
      reorgedAfter = Math.min(reorgedAfter ?? fork, fork);
    };
    const tip = this.#tip;
    if (tip && (head.number < tip.number || (head.number === tip.number && head.hash !== tip.hash)))
      await reorg();
    let next = this.#next();
    while (next <= head.number) {
      const block = await this.source.blockByNumber(next);
      if (!block) break;
      if (this.#tip && block.parentHash !== this.#tip.hash) {
        await reorg();
        next = this.#next();
        continue;
      }
      this.#blocks.push(block);
      this.#tip = { number: block.number, hash: block.hash };
      loaded++;
      next++;
    }
    return { head: head.number, loaded, reorgedAfter };
  }

  /** Forgets blocks below `number`, except the last block read (the next block's parent check). */
  forgetBelow(number: number): void {
    const last = this.#blocks.at(-1);
    this.#blocks = this.#blocks.filter((block) => block.number >= number || block === last);
  }

  #next(): number {
    return this.#tip ? this.#tip.number + 1 : this.#resumeAt;
  }

  /** Drops every block after the last one the chain still has; returns that block's number. */
  async #rewindToFork(head: BlockID): Promise<number> {
    let fork: number | null = null;
    for (let i = this.#blocks.length - 1; i >= 0 && fork === null; i--) {
      const ours = this.#blocks[i] as BatchBlock;
      if (ours.number > head.number) continue;
      const theirs = await this.source.blockByNumber(ours.number);
      if (theirs?.hash === ours.hash) fork = ours.number;
    }
    if (fork === null) {
      fork = (this.#blocks[0]?.number ?? this.#resumeAt) - 1;
      this.log.error("L2 reorg deeper than the blocks the batcher keeps", { fromL2: fork + 1 });
    }
    const last = fork;
    this.#blocks = this.#blocks.filter((block) => block.number <= last);
    const kept = this.#blocks.at(-1);
    this.#tip = kept ? { number: kept.number, hash: kept.hash } : null;
    this.#resumeAt = last + 1;
    return last;
  }
}
