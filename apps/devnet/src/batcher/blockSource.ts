// Where the batcher reads the L2 chain's unsafe blocks: a small port, and its implementation over
// the execution engine's JSON-RPC (the devnet engine wants a JWT even for eth_* reads). A block's
// L1 origin and sequence number come from its first transaction, the L1-info deposit; deposits
// (type 0x7e) are never batched, so only the other transactions are kept.
import { EngineApiError, L2Reader } from "@supernode/engine-api";
import {
  type BlockID,
  DEPOSIT_TX_TYPE,
  ForkSchedule,
  type Hash,
  hexToBytes,
  l1BlockInfoFromTransaction,
  type RollupConfig,
} from "@supernode/protocol";
import { BatcherError, messageOf } from "./errors.ts";
import { jsonRpc, type RpcCall } from "./rpc.ts";

/** An L2 block as the batcher needs it. */
export interface BatchBlock {
  readonly number: number;
  readonly hash: Hash;
  readonly parentHash: Hash;
  readonly timestamp: number;
  readonly l1Origin: BlockID;
  readonly sequenceNumber: number;
  /** The block's non-deposit transactions (EIP-2718 bytes), in block order. */
  readonly transactions: readonly Uint8Array[];
}

export interface L2BlockSource {
  /** The unsafe head ("latest"). */
  head(): Promise<BlockID>;
  /** The canonical block at `number`, or null when the chain is shorter. */
  blockByNumber(number: number): Promise<BatchBlock | null>;
}

export interface RawL2Block {
  readonly number: number;
  readonly hash: Hash;
  readonly parentHash: Hash;
  readonly timestamp: number;
  /** Every transaction of the block, the L1-info deposit first. */
  readonly transactions: readonly Uint8Array[];
}

/** The batcher's view of a block: L1 origin from the L1-info deposit (the genesis block has the rollup's). */
export function batchBlock(block: RawL2Block, genesis: RollupConfig["genesis"]): BatchBlock {
  const { number, hash, parentHash, timestamp } = block;
  if (number === genesis.l2.number) {
    return { number, hash, parentHash, timestamp, l1Origin: genesis.l1, sequenceNumber: 0, transactions: [] };
  }
  const first = block.transactions[0];
  let info: ReturnType<typeof l1BlockInfoFromTransaction>;
  try {
    if (!first) throw new Error("the block has no transactions");
    info = l1BlockInfoFromTransaction(first);
  } catch (error) {
    throw new BatcherError(
      "critical",
      "unbatchable",
      `L2 block ${number} (${hash}): no L1-info deposit: ${messageOf(error)}`,
      { cause: error },
    );
  }
  return {
    number,
    hash,
    parentHash,
    timestamp,
    l1Origin: { number: info.number, hash: info.hash },
    sequenceNumber: info.sequenceNumber,
    transactions: block.transactions.filter((tx) => tx[0] !== DEPOSIT_TX_TYPE),
  };
}

export interface EngineBlockSourceOptions {
  /** The execution engine's JSON-RPC (for the devnet engine: its Engine API URL). */
  readonly url: string;
  /** The engine's JWT secret; without it requests carry no token (an unauthenticated eth_* port). */
  readonly jwtSecret?: Uint8Array;
  readonly rollup: RollupConfig;
  readonly timeoutMs?: number;
}

/**
 * Blocks over JSON-RPC through the engine-api `L2Reader`: each block's transactions are re-encoded
 * from their JSON and the whole payload must hash to the block hash, so a slip is caught here,
 * not posted to L1.
 */
export class EngineBlockSource implements L2BlockSource {
  readonly #call: RpcCall;
  readonly #reader: L2Reader;
  readonly #genesis: RollupConfig["genesis"];

  constructor(options: EngineBlockSourceOptions) {
    this.#call = jsonRpc(options.url, {
      side: "l2",
      ...(options.jwtSecret ? { jwtSecret: options.jwtSecret } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    });
    this.#genesis = options.rollup.genesis;
    this.#reader = new L2Reader({
      call: this.#call,
      forks: new ForkSchedule(options.rollup),
      genesis: options.rollup.genesis,
    });
  }

  async head(): Promise<BlockID> {
    const block = await this.#call<{ number: string; hash: Hash } | null>("eth_getBlockByNumber", [
      "latest",
      false,
    ]);
    if (!block) throw new BatcherError("temporary", "l2-rpc", "the engine has no latest block");
    return { number: Number(block.number), hash: block.hash.toLowerCase() as Hash };
  }

  async blockByNumber(number: number): Promise<BatchBlock | null> {
    let envelope: Awaited<ReturnType<L2Reader["payload"]>>;
    try {
      envelope = await this.#reader.payload(number);
    } catch (error) {
      if (error instanceof BatcherError) throw error;
      const kind = error instanceof EngineApiError && error.kind === "critical" ? "critical" : "temporary";
      throw new BatcherError(kind, "l2-rpc", `L2 block ${number}: ${messageOf(error)}`, { cause: error });
    }
    if (!envelope) return null;
    const payload = envelope.executionPayload;
    return batchBlock(
      {
        number: Number(payload.blockNumber),
        hash: payload.blockHash,
        parentHash: payload.parentHash,
        timestamp: Number(payload.timestamp),
        transactions: payload.transactions.map(hexToBytes),
      },
      this.#genesis,
    );
  }
}
