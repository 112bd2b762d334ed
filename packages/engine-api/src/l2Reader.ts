// The L2 reads a virtual node makes on its execution client's eth namespace: blocks (header
// checked against its hash), L2BlockRefs with the L1 origin and sequence number decoded from the
// block's L1-info deposit, receipts, and output root v0 — the message-passer storage root from
// eth_getProof, or from Isthmus the header's withdrawalsRoot (both agree where both apply).
import {
  type BlockHeader,
  type BlockID,
  decodeL1BlockInfo,
  type ForkSchedule,
  type Hash,
  type Hex,
  headerFromRpc,
  headerHash,
  hexToBytes,
  L1_BLOCK_PREDEPLOY,
  L1_INFO_DEPOSITOR,
  type L1BlockInfo,
  type L2BlockRef,
  outputRootV0,
  payloadBlockHash,
  payloadFromHeader,
  type SystemConfig,
} from "@supernode/protocol";
import type { PayloadEnvelope } from "./engineClient.ts";
import { EngineApiError } from "./errors.ts";
import { rawTransactionFromRpc } from "./rawTransaction.ts";
import { systemConfigFromBlock } from "./systemConfig.ts";
import type { RpcCall } from "./transport.ts";

export const L2_TO_L1_MESSAGE_PASSER = "0x4200000000000000000000000000000000000016";

export type BlockTag = number | Hash | "latest" | "safe" | "finalized";

export interface RpcTransaction extends Record<string, unknown> {
  readonly hash: Hash;
  readonly type: string;
  readonly from: string;
  readonly to: string | null;
  readonly input: string;
}

export interface L2Block {
  readonly hash: Hash;
  readonly header: BlockHeader;
  readonly transactions: readonly RpcTransaction[];
  readonly ref: L2BlockRef;
  /** The L1 info of the block's first transaction (null for the genesis block). */
  readonly l1Info: L1BlockInfo | null;
}

export interface L2Output {
  readonly outputRoot: Hash;
  readonly stateRoot: Hash;
  readonly messagePasserStorageRoot: Hash;
  readonly blockRef: L2BlockRef;
}

/** An output root v0 and what it commits to. */
export interface L2OutputRoot {
  readonly outputRoot: Hash;
  readonly stateRoot: Hash;
  readonly messagePasserStorageRoot: Hash;
  readonly blockHash: Hash;
}

export interface L2ReaderOptions {
  readonly call: RpcCall;
  readonly forks: ForkSchedule;
  /** The rollup config's genesis: the L2 genesis block, its L1 origin and system config. */
  readonly genesis: { readonly l1: BlockID; readonly l2: BlockID; readonly systemConfig: SystemConfig };
}

function tagParams(tag: BlockTag): { method: string; id: unknown } {
  if (typeof tag === "number") return { method: "eth_getBlockByNumber", id: `0x${tag.toString(16)}` };
  if (tag.length === 66) return { method: "eth_getBlockByHash", id: tag };
  return { method: "eth_getBlockByNumber", id: tag };
}

/** The header of a block as the engine sent it, which must hash to the hash the engine names. */
function checkedHeader(
  method: string,
  json: Record<string, unknown> & { hash: Hash },
): { readonly hash: Hash; readonly header: BlockHeader } {
  let header: BlockHeader;
  try {
    header = headerFromRpc(json);
  } catch (error) {
    throw new EngineApiError(
      "temporary",
      "bad-response",
      method,
      `malformed block: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  const hash = headerHash(header);
  if (hash !== json.hash.toLowerCase()) {
    throw new EngineApiError(
      "critical",
      "bad-response",
      method,
      `block ${json.hash} hashes to ${hash}: the engine's header is not the one it names`,
    );
  }
  return { hash, header };
}

export class L2Reader {
  constructor(private readonly options: L2ReaderOptions) {}

  /** The block with full transactions, or null when the engine does not have it. */
  async block(tag: BlockTag): Promise<L2Block | null> {
    const { method, id } = tagParams(tag);
    const json = await this.options.call<
      (Record<string, unknown> & { hash: Hash; transactions: RpcTransaction[] }) | null
    >(method, [id, true]);
    if (json === null) return null;
    const { header, hash } = checkedHeader(method, json);
    const number = Number(header.number);
    const { genesis } = this.options;
    let l1Info: L1BlockInfo | null = null;
    let l1origin: BlockID;
    let sequenceNumber: number;
    if (number === genesis.l2.number) {
      if (hash !== genesis.l2.hash.toLowerCase()) {
        throw new EngineApiError(
          "critical",
          "bad-response",
          method,
          `the engine's genesis ${hash} is not the rollup config's ${genesis.l2.hash}`,
        );
      }
      l1origin = genesis.l1;
      sequenceNumber = 0;
    } else {
      l1Info = this.#l1Info(method, number, json.transactions[0]);
      l1origin = { hash: l1Info.hash, number: l1Info.number };
      sequenceNumber = l1Info.sequenceNumber;
    }
    const ref: L2BlockRef = {
      hash,
      number,
      parentHash: header.parentHash,
      timestamp: Number(header.timestamp),
      l1origin,
      sequenceNumber,
    };
    return { hash, header, transactions: json.transactions, ref, l1Info };
  }

  async blockRef(tag: BlockTag): Promise<L2BlockRef | null> {
    return (await this.block(tag))?.ref ?? null;
  }

  /**
   * The block as an execution payload envelope (op-node's PayloadByHash / PayloadByNumber): the
   * transactions re-encoded from their JSON (each must hash to its hash) and the whole payload
   * checked against the block hash.
   */
  async payload(tag: BlockTag): Promise<PayloadEnvelope | null> {
    const block = await this.block(tag);
    if (!block) return null;
    const h = block.header;
    let transactions: Hex[];
    try {
      transactions = block.transactions.map(rawTransactionFromRpc);
    } catch (error) {
      throw new EngineApiError(
        "critical",
        "bad-response",
        "payload",
        `block ${block.ref.number}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    const executionPayload = payloadFromHeader(
      h,
      block.hash,
      transactions,
      this.options.forks.isIsthmus(block.ref.timestamp),
    );
    const context = {
      ...(h.parentBeaconBlockRoot === undefined ? {} : { parentBeaconBlockRoot: h.parentBeaconBlockRoot }),
      ...(h.requestsHash === undefined ? {} : { requestsHash: h.requestsHash }),
    };
    if (payloadBlockHash(executionPayload, context) !== block.hash) {
      throw new EngineApiError(
        "critical",
        "bad-response",
        "payload",
        `block ${block.ref.number}: the rebuilt payload does not hash to ${block.hash}`,
      );
    }
    return h.parentBeaconBlockRoot === undefined
      ? { executionPayload }
      : { executionPayload, parentBeaconBlockRoot: h.parentBeaconBlockRoot };
  }

  /** The system config the block implies (op-node's PayloadToSystemConfig). */
  async systemConfig(tag: BlockTag): Promise<SystemConfig | null> {
    const block = await this.block(tag);
    return block
      ? systemConfigFromBlock(
          block.header,
          block.l1Info,
          this.options.forks,
          this.options.genesis.systemConfig,
        )
      : null;
  }

  async receipts(hash: Hash): Promise<Record<string, unknown>[]> {
    return (await this.options.call<Record<string, unknown>[] | null>("eth_getBlockReceipts", [hash])) ?? [];
  }

  /**
   * The block's header alone (`eth_getBlockBy*` without transactions), checked against its hash;
   * null when the engine does not have the block.
   */
  async header(tag: BlockTag): Promise<{ readonly hash: Hash; readonly header: BlockHeader } | null> {
    const { method, id } = tagParams(tag);
    const json = await this.options.call<(Record<string, unknown> & { hash: Hash }) | null>(method, [
      id,
      false,
    ]);
    return json === null ? null : checkedHeader(method, json);
  }

  /**
   * Output root v0 of a block. `source` "header" (Isthmus and later only) takes the header's
   * withdrawalsRoot; "proof" asks eth_getProof for the message passer's storage root. By default
   * the header from Isthmus, the proof before.
   */
  async output(tag: BlockTag, source?: "header" | "proof"): Promise<L2Output | null> {
    const block = await this.block(tag);
    if (!block) return null;
    const root = await this.#outputRoot(block.hash, block.header, source);
    return {
      outputRoot: root.outputRoot,
      stateRoot: root.stateRoot,
      messagePasserStorageRoot: root.messagePasserStorageRoot,
      blockRef: block.ref,
    };
  }

  /**
   * Output root v0 of a block from its header alone (what a super root needs): no transactions
   * fetched or decoded, no block ref. `source` as for `output`.
   */
  async outputRoot(tag: BlockTag, source?: "header" | "proof"): Promise<L2OutputRoot | null> {
    const found = await this.header(tag);
    return found ? this.#outputRoot(found.hash, found.header, source) : null;
  }

  async #outputRoot(hash: Hash, header: BlockHeader, source?: "header" | "proof"): Promise<L2OutputRoot> {
    const isthmus = this.options.forks.isIsthmus(Number(header.timestamp));
    const from = source ?? (isthmus ? "header" : "proof");
    let storageRoot: Hash;
    if (from === "header") {
      if (!isthmus || header.withdrawalsRoot === undefined) {
        throw new EngineApiError(
          "critical",
          "invalid-params",
          "output",
          `block ${Number(header.number)} is before Isthmus: its header carries no message-passer root`,
        );
      }
      storageRoot = header.withdrawalsRoot;
    } else {
      const proof = await this.options.call<{ storageHash: Hash }>("eth_getProof", [
        L2_TO_L1_MESSAGE_PASSER,
        [],
        hash,
      ]);
      storageRoot = proof.storageHash;
    }
    const output = { stateRoot: header.stateRoot, messagePasserStorageRoot: storageRoot, blockHash: hash };
    return { outputRoot: outputRootV0(output), ...output };
  }

  #l1Info(method: string, number: number, first: RpcTransaction | undefined): L1BlockInfo {
    const ok =
      first !== undefined &&
      Number(first.type) === 0x7e &&
      first.from?.toLowerCase() === L1_INFO_DEPOSITOR &&
      first.to?.toLowerCase() === L1_BLOCK_PREDEPLOY.toLowerCase();
    if (!ok)
      throw new EngineApiError(
        "critical",
        "bad-response",
        method,
        `block ${number} does not start with the L1-info deposit`,
      );
    try {
      return decodeL1BlockInfo(hexToBytes(first.input as Hash));
    } catch (error) {
      throw new EngineApiError(
        "critical",
        "bad-response",
        method,
        `block ${number}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}
