// What a verifier reads back from the batch inbox (imported only by tests): every batcher
// transaction in the canonical L1 chain (calldata, or blobs from anvil's beacon endpoint checked
// against their versioned hashes), decoded with the protocol codecs into frames, channels, batches
// and blocks, and a small safe-chain walk that says which L2 blocks those batches derive.
import { BeaconClient, createKzgCommitment } from "@supernode/l1-source";
import {
  type Address,
  type BatchData,
  bytesEqual,
  bytesToHex,
  channelIdHex,
  decodeBlob,
  deriveSpanBatch,
  type Frame,
  type Hash,
  type Hex,
  hexToBytes,
  parseFrames,
  type RollupConfig,
  readChannel,
} from "@supernode/protocol";
import type { BatchBlock } from "./blockSource.ts";

/** The test anvil as these helpers use it (test-helpers' Anvil fits). */
export interface TestL1 {
  readonly url: string;
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
}

export interface InboxItem {
  readonly l1Block: number;
  readonly data: Uint8Array;
}

interface RpcTx {
  readonly hash: Hash;
  readonly from: Address;
  readonly to: Address | null;
  readonly type: Hex;
  readonly input: Hex;
  readonly blobVersionedHashes?: Hash[];
}

/** Every batcher data item (calldata, or one per blob) in the canonical chain, in L1 order. */
export async function readInbox(anvil: TestL1, inbox: Address, batcher: Address): Promise<InboxItem[]> {
  const beacon = new BeaconClient({ urls: [anvil.url], commit: createKzgCommitment(), secondsPerSlot: 1 });
  const head = Number(await anvil.rpc<Hex>("eth_blockNumber"));
  const items: InboxItem[] = [];
  for (let number = 1; number <= head; number++) {
    const block = await anvil.rpc<{ transactions: RpcTx[] }>("eth_getBlockByNumber", [
      `0x${number.toString(16)}`,
      true,
    ]);
    for (const tx of block.transactions) {
      if (tx.to?.toLowerCase() !== inbox || tx.from.toLowerCase() !== batcher) continue;
      if (Number(tx.type) === 3) {
        const blobs = await beacon.blobsByVersionedHash(number, tx.blobVersionedHashes ?? []);
        for (const blob of blobs) items.push({ l1Block: number, data: decodeBlob(blob) });
      } else {
        items.push({ l1Block: number, data: hexToBytes(tx.input) });
      }
    }
  }
  return items;
}

export interface DecodedBatch {
  /** The L1 block that completed the batch's channel. */
  readonly l1Block: number;
  readonly batch: BatchData;
}

/** Complete channels' batches in the order their channels completed; a channel past its timeout is dropped. */
export function decodeBatches(items: readonly InboxItem[], channelTimeout: number): DecodedBatch[] {
  const open = new Map<Hex, { openedAt: number; frames: Map<number, Frame> }>();
  const batches: DecodedBatch[] = [];
  for (const item of items) {
    for (const frame of parseFrames(item.data)) {
      const id = channelIdHex(frame.channelId);
      let channel = open.get(id);
      if (channel && item.l1Block > channel.openedAt + channelTimeout) {
        open.delete(id);
        channel = undefined;
      }
      if (!channel) {
        channel = { openedAt: item.l1Block, frames: new Map() };
        open.set(id, channel);
      }
      channel.frames.set(frame.frameNumber, frame);
      const last = [...channel.frames.values()].find((f) => f.isLast);
      if (!last || channel.frames.size !== last.frameNumber + 1) continue;
      open.delete(id);
      const parts = Array.from(
        { length: channel.frames.size },
        (_, i) => (channel.frames.get(i) as Frame).data,
      );
      const data = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
      let at = 0;
      for (const part of parts) {
        data.set(part, at);
        at += part.length;
      }
      const contents = readChannel(data, { maxOutput: 100_000_000, fjord: true });
      if (contents.decompressError || contents.batchError) {
        throw new Error(
          `channel ${id}: ${contents.decompressError?.message ?? contents.batchError?.message}`,
        );
      }
      for (const batch of contents.batches) batches.push({ l1Block: item.l1Block, batch });
    }
  }
  return batches;
}

export interface BatchElement {
  readonly number: number;
  readonly timestamp: number;
  readonly epochNum: number;
  /** Singular batches carry the epoch hash; span batches only the first 20 bytes of the last one's. */
  readonly epochCheck: Uint8Array | null;
  /** The parent's hash (singular) or its first 20 bytes (a span batch's first element); null inside a span. */
  readonly parentCheck: Uint8Array | null;
  readonly transactions: readonly Uint8Array[];
}

/** A batch as the blocks it carries. */
export function batchElements(batch: BatchData, rollup: RollupConfig): BatchElement[] {
  const numberOf = (timestamp: number) => (timestamp - rollup.genesis.l2Time) / rollup.blockTime;
  if (batch.type === "singular") {
    const b = batch.batch;
    return [
      {
        number: numberOf(b.timestamp),
        timestamp: b.timestamp,
        epochNum: b.epochNum,
        epochCheck: hexToBytes(b.epochHash),
        parentCheck: hexToBytes(b.parentHash),
        transactions: b.transactions,
      },
    ];
  }
  const span = deriveSpanBatch(batch.batch, {
    genesisTimestamp: rollup.genesis.l2Time,
    blockTime: rollup.blockTime,
    chainId: rollup.l2ChainId,
  });
  return span.elements.map((element, i) => ({
    number: numberOf(element.timestamp),
    timestamp: element.timestamp,
    epochNum: element.epochNum,
    epochCheck: i === span.elements.length - 1 ? span.l1OriginCheck : null,
    parentCheck: i === 0 ? span.parentCheck : null,
    transactions: element.transactions,
  }));
}

function sameTransactions(a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean {
  return a.length === b.length && a.every((tx, i) => bytesEqual(tx, b[i] as Uint8Array));
}

function prefixOf(check: Uint8Array, hash: Hash): boolean {
  return bytesEqual(check, hexToBytes(hash).subarray(0, check.length));
}

export interface SafeWalk {
  /** The L2 blocks the batches derive, in order (each equal to the chain's block). */
  readonly derived: number[];
  /** Elements already derived when seen again (re-posted blocks). */
  readonly repeated: number;
  /** Why a batch was not used (a gap, a parent or content that is not the chain's). */
  readonly problems: string[];
}

/**
 * Walks the batches as a verifier would from `chain`'s genesis: an element extends the safe chain
 * when it is the next block, its parent is the safe head and its L1 origin and transactions are
 * the chain's block's; elements at or below the safe head are skipped (repeats).
 */
export function walkSafeChain(
  batches: readonly DecodedBatch[],
  chain: readonly BatchBlock[],
  rollup: RollupConfig,
): SafeWalk {
  const derived: number[] = [];
  const problems: string[] = [];
  let safe = 0;
  let repeated = 0;
  for (const { batch, l1Block } of batches) {
    const elements = batchElements(batch, rollup);
    let parentChecked = false;
    for (const element of elements) {
      if (element.number <= safe) {
        repeated++;
        continue;
      }
      const expected = chain[element.number];
      const parent = chain[element.number - 1] as BatchBlock;
      const where = `L1 ${l1Block}, L2 ${element.number}`;
      if (element.number !== safe + 1 || !expected) {
        problems.push(`${where}: not the next block (safe head ${safe})`);
        break;
      }
      if (!parentChecked && element.parentCheck && !prefixOf(element.parentCheck, parent.hash)) {
        problems.push(`${where}: parent is not the safe head`);
        break;
      }
      parentChecked = true;
      const originOk =
        element.epochNum === expected.l1Origin.number &&
        (!element.epochCheck || prefixOf(element.epochCheck, expected.l1Origin.hash));
      if (!originOk || element.timestamp !== expected.timestamp) {
        problems.push(`${where}: L1 origin or timestamp is not the chain's`);
        break;
      }
      if (!sameTransactions(element.transactions, expected.transactions)) {
        problems.push(
          `${where}: transactions are not the chain's (${bytesToHex(element.transactions[0] ?? new Uint8Array())})`,
        );
        break;
      }
      derived.push(element.number);
      safe = element.number;
    }
  }
  return { derived, repeated, problems };
}
