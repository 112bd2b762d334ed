// The devnet execution engine's state machine: the known blocks (by the engine's own hashes), the
// forkchoice, payload builds, and newPayload imports, over one private anvil. This first version
// follows a single chain: blocks are built and imported on the current head; a block on another
// parent is answered SYNCING (reorgs and side branches come next, with anvil snapshots).
import {
  decodeExtraData,
  EMPTY_REQUESTS_HASH,
  type ExecutionPayload,
  type Hash,
  type PayloadAttributes,
  payloadBlockHash,
} from "@supernode/protocol";
import type { AnvilProcess } from "../anvil/anvilProcess.ts";
import { BuildError, buildBlock, type ChainRules, genesisBlock, type SealedBlock } from "./blockBuilder.ts";

export type PayloadStatusValue = "VALID" | "INVALID" | "SYNCING" | "ACCEPTED" | "INVALID_BLOCK_HASH";

export interface PayloadStatus {
  readonly status: PayloadStatusValue;
  readonly latestValidHash: Hash | null;
  readonly validationError: string | null;
}

export interface ForkchoiceState {
  readonly headBlockHash: Hash;
  readonly safeBlockHash: Hash;
  readonly finalizedBlockHash: Hash;
}

/** Engine API errors a client must tell apart (execution-apis common errors). */
export class EngineError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const INVALID_FORKCHOICE_STATE = -38002;
export const INVALID_PAYLOAD_ATTRIBUTES = -38003;
export const UNKNOWN_PAYLOAD = -38001;

const ZERO_HASH: Hash = `0x${"00".repeat(32)}`;

export class ExecutionEngine {
  readonly #blocks = new Map<Hash, SealedBlock>();
  readonly #payloads = new Map<string, SealedBlock>();
  #head: SealedBlock;
  /** The block anvil's state is at (the head, or a block built or imported on it). */
  #tip: SealedBlock;
  #safe: Hash;
  #finalized: Hash;
  /** An anvil snapshot at the head's state, taken before the tip moved past the head. */
  #undo: string | null = null;
  #nextPayloadId = 1;

  private constructor(
    private readonly anvil: AnvilProcess,
    private readonly rules: ChainRules,
    genesis: SealedBlock,
  ) {
    this.#blocks.set(genesis.hash, genesis);
    this.#head = genesis;
    this.#tip = genesis;
    this.#safe = genesis.hash;
    this.#finalized = genesis.hash;
  }

  static async create(anvil: AnvilProcess, rules: ChainRules): Promise<ExecutionEngine> {
    return new ExecutionEngine(anvil, rules, await genesisBlock(anvil, rules));
  }

  get head(): SealedBlock {
    return this.#head;
  }

  get labels(): { safe: Hash; finalized: Hash } {
    return { safe: this.#safe, finalized: this.#finalized };
  }

  block(hash: Hash): SealedBlock | undefined {
    return this.#blocks.get(hash.toLowerCase() as Hash);
  }

  /** Canonical blocks by number, following parents from the head. */
  canonicalByNumber(number: number): SealedBlock | undefined {
    let block: SealedBlock | undefined = this.#head;
    while (block && Number(block.header.number) > number) block = this.#blocks.get(block.header.parentHash);
    return block && Number(block.header.number) === number ? block : undefined;
  }

  /** Before executing on the tip: remember the head's state if this leaves it. */
  async #leaveHead(): Promise<void> {
    if (this.#tip === this.#head && this.#undo === null)
      this.#undo = await this.anvil.rpc<string>("evm_snapshot");
  }

  /** Back to the head's state, dropping blocks built or imported on it and not adopted. */
  async #returnToHead(): Promise<void> {
    if (this.#tip === this.#head) return;
    if (this.#undo === null) throw new EngineError(INVALID_FORKCHOICE_STATE, "cannot return to the head");
    await this.anvil.rpc("evm_revert", [this.#undo]);
    this.#undo = null;
    this.#tip = this.#head;
  }

  async forkchoiceUpdated(
    state: ForkchoiceState,
    attributes: PayloadAttributes | null,
  ): Promise<{ payloadStatus: PayloadStatus; payloadId: string | null }> {
    const head = this.block(state.headBlockHash);
    if (!head)
      return {
        payloadStatus: { status: "SYNCING", latestValidHash: null, validationError: null },
        payloadId: null,
      };
    if (head !== this.#tip && head !== this.#head) {
      return {
        payloadStatus: {
          status: "SYNCING",
          latestValidHash: null,
          validationError: "side branches are not supported yet",
        },
        payloadId: null,
      };
    }
    for (const [label, hash] of [
      ["safe", state.safeBlockHash],
      ["finalized", state.finalizedBlockHash],
    ] as const) {
      if (hash !== ZERO_HASH && !this.block(hash))
        throw new EngineError(INVALID_FORKCHOICE_STATE, `unknown ${label} block ${hash}`);
    }
    if (head === this.#tip) {
      this.#undo = null;
    } else {
      await this.#returnToHead();
    }
    this.#head = head;
    if (state.safeBlockHash !== ZERO_HASH) this.#safe = state.safeBlockHash;
    if (state.finalizedBlockHash !== ZERO_HASH) this.#finalized = state.finalizedBlockHash;
    const valid: PayloadStatus = { status: "VALID", latestValidHash: head.hash, validationError: null };
    if (!attributes) return { payloadStatus: valid, payloadId: null };
    let built: SealedBlock;
    await this.#leaveHead();
    try {
      built = await buildBlock(this.anvil, this.rules, head, attributes);
    } catch (error) {
      if (error instanceof BuildError) throw new EngineError(INVALID_PAYLOAD_ATTRIBUTES, error.message);
      throw error;
    }
    this.#blocks.set(built.hash, built);
    this.#tip = built;
    const payloadId = `0x${(this.#nextPayloadId++).toString(16).padStart(16, "0")}`;
    this.#payloads.set(payloadId, built);
    return { payloadStatus: valid, payloadId };
  }

  getPayload(payloadId: string): SealedBlock {
    const built = this.#payloads.get(payloadId);
    if (!built) throw new EngineError(UNKNOWN_PAYLOAD, `unknown payload ${payloadId}`);
    return built;
  }

  /** Imports a block on the current state; VALID only when the recomputed hash matches. */
  async newPayload(
    payload: ExecutionPayload,
    parentBeaconBlockRoot: Hash | undefined,
  ): Promise<PayloadStatus> {
    // The claimed hash first: a payload whose fields do not hash to it is INVALID even when a
    // block with that hash is known (op-geth: ExecutableDataToBlock fails, latestValidHash null).
    const isthmus = this.rules.forks.isIsthmus(Number(payload.timestamp));
    const claimed = payloadBlockHash(payload, {
      ...(parentBeaconBlockRoot === undefined ? {} : { parentBeaconBlockRoot }),
      ...(isthmus ? { requestsHash: EMPTY_REQUESTS_HASH } : {}),
    });
    if (claimed !== payload.blockHash.toLowerCase()) {
      return {
        status: "INVALID",
        latestValidHash: null,
        validationError: `block hash mismatch: fields hash to ${claimed}`,
      };
    }
    if (this.block(payload.blockHash))
      return { status: "VALID", latestValidHash: payload.blockHash, validationError: null };
    const parent = this.block(payload.parentHash);
    if (!parent) return { status: "SYNCING", latestValidHash: null, validationError: null };
    if (parent !== this.#tip)
      return {
        status: "SYNCING",
        latestValidHash: null,
        validationError: "side branches are not supported yet",
      };
    const extra = this.rules.forks.isHolocene(Number(payload.timestamp))
      ? decodeExtraData(payload.extraData)
      : null;
    const attributes: PayloadAttributes = {
      timestamp: payload.timestamp,
      prevRandao: payload.prevRandao,
      suggestedFeeRecipient: payload.feeRecipient,
      withdrawals: [],
      ...(parentBeaconBlockRoot === undefined ? {} : { parentBeaconBlockRoot }),
      transactions: payload.transactions,
      noTxPool: true,
      gasLimit: payload.gasLimit,
      ...(extra
        ? {
            eip1559Params:
              `0x${extra.denominator.toString(16).padStart(8, "0")}${extra.elasticity.toString(16).padStart(8, "0")}` as Hash,
          }
        : {}),
      ...(extra?.minBaseFee === undefined ? {} : { minBaseFee: extra.minBaseFee }),
    };
    let built: SealedBlock;
    await this.#leaveHead();
    const before = await this.anvil.rpc<string>("evm_snapshot");
    try {
      built = await buildBlock(this.anvil, this.rules, parent, attributes);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { status: "INVALID", latestValidHash: parent.hash, validationError: message };
    }
    if (built.hash !== payload.blockHash) {
      // Back to the parent's state: the block is not what it claims to be.
      await this.anvil.rpc("evm_revert", [before]);
      return {
        status: "INVALID",
        latestValidHash: parent.hash,
        validationError: `block hash mismatch: computed ${built.hash}`,
      };
    }
    this.#blocks.set(built.hash, built);
    this.#tip = built;
    return { status: "VALID", latestValidHash: built.hash, validationError: null };
  }
}
