// Block references as op-node defines them (op-service/eth/id.go). Field names equal op-node's
// JSON keys, so these types are also the wire shape: numbers are JSON numbers, hashes 0x hex.
import * as v from "valibot";
import { type Hash, hashSchema, uintSchema } from "./primitives.ts";

export interface BlockID {
  readonly hash: Hash;
  readonly number: number;
}

export interface L1BlockRef {
  readonly hash: Hash;
  readonly number: number;
  readonly parentHash: Hash;
  readonly timestamp: number;
}

export interface L2BlockRef {
  readonly hash: Hash;
  readonly number: number;
  readonly parentHash: Hash;
  readonly timestamp: number;
  /** The L1 block this L2 block's epoch is anchored to. */
  readonly l1origin: BlockID;
  /** Position of the block within its epoch (0 for the first block of an epoch). */
  readonly sequenceNumber: number;
}

export const zeroHash: Hash = `0x${"00".repeat(32)}`;

export const blockIdSchema = v.object({ hash: hashSchema, number: uintSchema });

export const l1BlockRefSchema = v.object({
  hash: hashSchema,
  number: uintSchema,
  parentHash: hashSchema,
  timestamp: uintSchema,
});

export const l2BlockRefSchema = v.object({
  hash: hashSchema,
  number: uintSchema,
  parentHash: hashSchema,
  timestamp: uintSchema,
  l1origin: blockIdSchema,
  sequenceNumber: uintSchema,
});

export function blockId(ref: { readonly hash: Hash; readonly number: number }): BlockID {
  return { hash: ref.hash, number: ref.number };
}

/** op-node's `ID.TerminalString` style: `0xabcd..1234:42`, for log fields. */
export function blockLabel(ref: { readonly hash: Hash; readonly number: number }): string {
  return `${ref.hash.slice(0, 6)}..${ref.hash.slice(-4)}:${ref.number}`;
}

export const zeroL1BlockRef: L1BlockRef = { hash: zeroHash, number: 0, parentHash: zeroHash, timestamp: 0 };

export const zeroL2BlockRef: L2BlockRef = {
  hash: zeroHash,
  number: 0,
  parentHash: zeroHash,
  timestamp: 0,
  l1origin: { hash: zeroHash, number: 0 },
  sequenceNumber: 0,
};
