// The devnet execution engine's state machine over one private anvil: the known blocks (by the
// engine's own hashes, reorged-out ones included), the forkchoice with safe and finalized, payload
// builds, newPayload imports on any known parent, and the reads the node uses.
//
// anvil holds one chain of state at a time. Every known block whose state anvil holds has an
// `evm_snapshot` taken right after it executed. To execute on another block's state the engine
// reverts to the nearest snapshot on that block's ancestry and re-executes the rest from the
// stored payloads (each must reproduce its hash). anvil drops every snapshot newer than the one
// reverted to, so the reverted-to block is snapshotted again; blocks whose snapshots were dropped
// are reached by re-execution. Reorg depth is therefore unbounded (down to genesis, whose
// snapshot is only ever retaken), and costs one block execution per block re-executed.
import {
  decodeExtraData,
  EMPTY_REQUESTS_HASH,
  type ExecutionPayload,
  type ForkchoiceState,
  type Hash,
  type Hex,
  hexToBytes,
  keccak256Hex,
  type PayloadAttributes,
  type PayloadStatus,
  payloadBlockHash,
} from "@supernode/protocol";
import type { AnvilProcess } from "../anvil/anvilProcess.ts";
import { BuildError, buildBlock, type ChainRules, genesisBlock, type SealedBlock } from "./blockBuilder.ts";

export type { ForkchoiceState, PayloadStatus, PayloadStatusValue } from "@supernode/protocol";

/** Engine API errors a client must tell apart (execution-apis common errors). */
export class EngineError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export const UNKNOWN_PAYLOAD = -38001;
export const INVALID_FORKCHOICE_STATE = -38002;
export const INVALID_PAYLOAD_ATTRIBUTES = -38003;

const ZERO_HASH: Hash = `0x${"00".repeat(32)}`;

/** A receipt as anvil returns it, with the block hash rewritten to the engine's. */
export type Receipt = Record<string, unknown> & { transactionHash: Hash };

/** A transaction object as anvil returns it, with the block hash rewritten to the engine's. */
export type TransactionObject = Record<string, unknown> & { hash: Hash };

/** The attributes that rebuild a payload (its own transactions, params and header fields). */
function attributesOf(
  rules: ChainRules,
  payload: ExecutionPayload,
  parentBeaconBlockRoot: Hash | undefined,
): PayloadAttributes {
  const extra = rules.forks.isHolocene(Number(payload.timestamp)) ? decodeExtraData(payload.extraData) : null;
  const params = extra
    ? (`0x${extra.denominator.toString(16).padStart(8, "0")}${extra.elasticity.toString(16).padStart(8, "0")}` as Hex)
    : undefined;
  return {
    timestamp: payload.timestamp,
    prevRandao: payload.prevRandao,
    suggestedFeeRecipient: payload.feeRecipient,
    withdrawals: [],
    ...(parentBeaconBlockRoot === undefined ? {} : { parentBeaconBlockRoot }),
    transactions: payload.transactions.map(hexToBytes),
    noTxPool: true,
    gasLimit: payload.gasLimit,
    ...(params ? { eip1559Params: params } : {}),
    ...(extra?.minBaseFee === undefined ? {} : { minBaseFee: extra.minBaseFee }),
  };
}

export class ExecutionEngine {
  readonly #blocks = new Map<Hash, SealedBlock>();
  readonly #receipts = new Map<Hash, Receipt[]>();
  readonly #transactions = new Map<Hash, TransactionObject[]>();
  readonly #txIndex = new Map<Hash, Hash>();
  readonly #payloads = new Map<string, SealedBlock>();
  /** The sequencer's pool (eth_sendRawTransaction), offered to builds whose attributes allow it. */
  readonly #pool = new Map<Hash, Hex>();
  /** Snapshot ids (anvil's, increasing) of the state right after each block executed. */
  readonly #snapshots = new Map<Hash, bigint>();
  readonly #genesis: SealedBlock;
  #head: SealedBlock;
  #safe: SealedBlock;
  #finalized: SealedBlock;
  /** The block whose state anvil holds. */
  #state: SealedBlock;
  #nextPayloadId = 1;
  /** Engine calls run one at a time: each moves anvil's single state. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly anvil: AnvilProcess,
    private readonly rules: ChainRules,
    genesis: SealedBlock,
  ) {
    this.#genesis = genesis;
    this.#blocks.set(genesis.hash, genesis);
    this.#receipts.set(genesis.hash, []);
    this.#transactions.set(genesis.hash, []);
    this.#head = genesis;
    this.#safe = genesis;
    this.#finalized = genesis;
    this.#state = genesis;
  }

  static async create(anvil: AnvilProcess, rules: ChainRules): Promise<ExecutionEngine> {
    const engine = new ExecutionEngine(anvil, rules, await genesisBlock(anvil, rules));
    await engine.#snapshot(engine.#genesis);
    return engine;
  }

  get genesis(): SealedBlock {
    return this.#genesis;
  }

  get head(): SealedBlock {
    return this.#head;
  }

  get safe(): SealedBlock {
    return this.#safe;
  }

  get finalized(): SealedBlock {
    return this.#finalized;
  }

  block(hash: Hash): SealedBlock | undefined {
    return this.#blocks.get(hash.toLowerCase() as Hash);
  }

  /** Canonical blocks by number, following parents from the head. */
  canonicalByNumber(number: number): SealedBlock | undefined {
    let block: SealedBlock | undefined = this.#head;
    while (block && Number(block.header.number) > number) block = this.#parent(block);
    return block && Number(block.header.number) === number ? block : undefined;
  }

  /** A block's receipts (anvil's, with the engine's block hash), read once and kept. */
  receipts(hash: Hash): Promise<Receipt[] | undefined> {
    return this.#fromAnvil(
      this.#receipts,
      hash,
      "eth_getBlockReceipts",
      (number) => [number],
      (r: Receipt[]) => r,
    );
  }

  async receipt(txHash: Hash): Promise<Receipt | undefined> {
    const blockHash = this.#txIndex.get(txHash.toLowerCase() as Hash);
    const receipts = blockHash ? await this.receipts(blockHash) : undefined;
    return receipts?.find((r) => r.transactionHash === txHash.toLowerCase());
  }

  /** A block's transaction objects (anvil's, with the engine's block hash), read once and kept. */
  transactions(hash: Hash): Promise<TransactionObject[] | undefined> {
    return this.#fromAnvil(
      this.#transactions,
      hash,
      "eth_getBlockByNumber",
      (number) => [number, true],
      (b: { transactions: TransactionObject[] }) => b.transactions,
    );
  }

  async transaction(txHash: Hash): Promise<TransactionObject | undefined> {
    const blockHash = this.#txIndex.get(txHash.toLowerCase() as Hash);
    const transactions = blockHash ? await this.transactions(blockHash) : undefined;
    return transactions?.find((tx) => tx.hash === txHash.toLowerCase());
  }

  /**
   * Per-block data anvil holds for the blocks of its current branch: read at the first request
   * (anvil is moved to the block's branch if needed) and kept, so reorged-out blocks still answer.
   */
  async #fromAnvil<R, T extends Record<string, unknown>>(
    cache: Map<Hash, T[]>,
    hash: Hash,
    method: string,
    params: (number: Hex) => unknown[],
    pick: (result: R) => T[],
  ): Promise<T[] | undefined> {
    const block = this.block(hash);
    if (!block) return undefined;
    const cached = cache.get(block.hash);
    if (cached) return cached;
    const result = await this.readAt<R>(block, method, params);
    const items = pick(result).map((item) => ({ ...item, blockHash: block.hash }));
    cache.set(block.hash, items);
    return items;
  }

  /**
   * A read of anvil's state at `block` (eth_call, eth_getProof, eth_getTransactionCount): anvil is
   * moved to that block's branch first if it holds another, and asked at the block's number.
   */
  readAt<T>(block: SealedBlock, method: string, params: (number: Hex) => unknown[]): Promise<T> {
    return this.#serial(async () => {
      if (!this.#isAncestor(block, this.#state)) await this.#moveStateTo(block);
      return this.anvil.rpc<T>(method, params(`0x${block.header.number.toString(16)}`));
    });
  }

  /** Adds a signed transaction to the pool; it is included by the next build with `noTxPool: false`. */
  sendRawTransaction(raw: Hex): Hash {
    const hash = keccak256Hex(hexToBytes(raw));
    if (!this.#txIndex.has(hash)) this.#pool.set(hash, raw);
    return hash;
  }

  get pendingTransactions(): number {
    return this.#pool.size;
  }

  forkchoiceUpdated(
    state: ForkchoiceState,
    attributes: PayloadAttributes | null,
  ): Promise<{ payloadStatus: PayloadStatus; payloadId: string | null }> {
    return this.#serial(() => this.#forkchoiceUpdated(state, attributes));
  }

  getPayload(payloadId: string): SealedBlock {
    const built = this.#payloads.get(payloadId);
    if (!built) throw new EngineError(UNKNOWN_PAYLOAD, `unknown payload ${payloadId}`);
    return built;
  }

  newPayload(payload: ExecutionPayload, parentBeaconBlockRoot: Hash | undefined): Promise<PayloadStatus> {
    return this.#serial(() => this.#newPayload(payload, parentBeaconBlockRoot));
  }

  #serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #parent(block: SealedBlock): SealedBlock | undefined {
    return this.#blocks.get(block.header.parentHash);
  }

  /** Whether `ancestor` is `block` or one of its ancestors. */
  #isAncestor(ancestor: SealedBlock, block: SealedBlock): boolean {
    let cursor: SealedBlock | undefined = block;
    while (cursor && cursor.header.number > ancestor.header.number) cursor = this.#parent(cursor);
    return cursor === ancestor;
  }

  async #snapshot(block: SealedBlock): Promise<void> {
    this.#snapshots.set(block.hash, BigInt(await this.anvil.rpc<Hex>("evm_snapshot")));
    this.#state = block;
  }

  /** Reverts anvil to `block`'s snapshot; anvil drops that and every newer snapshot. */
  async #revertTo(block: SealedBlock): Promise<void> {
    const id = this.#snapshots.get(block.hash);
    if (id === undefined) throw new Error(`no snapshot of ${block.hash}`);
    await this.anvil.rpc("evm_revert", [`0x${id.toString(16)}`]);
    for (const [hash, other] of this.#snapshots) if (other >= id) this.#snapshots.delete(hash);
    await this.#snapshot(block);
  }

  /** Brings anvil to `target`'s state: revert to the nearest snapshot, re-execute the rest. */
  async #moveStateTo(target: SealedBlock): Promise<void> {
    if (target === this.#state) return;
    const path: SealedBlock[] = [];
    let base: SealedBlock = target;
    while (base !== this.#state && !this.#snapshots.has(base.hash)) {
      path.unshift(base);
      const parent = this.#parent(base);
      if (!parent) throw new Error(`block ${base.hash} has no known parent`);
      base = parent;
    }
    // On the way back down to base, the state is base's own when base is the state already.
    if (base !== this.#state) await this.#revertTo(base);
    for (const block of path) {
      const parent = this.#state;
      const rebuilt = await buildBlock(
        this.anvil,
        this.rules,
        parent,
        attributesOf(this.rules, block.payload, block.header.parentBeaconBlockRoot),
      );
      if (rebuilt.hash !== block.hash) throw new Error(`re-executing ${block.hash} gave ${rebuilt.hash}`);
      await this.#snapshot(block);
    }
  }

  /**
   * Executes attributes on `parent`'s state; anvil then holds the result (snapshotted). The block
   * the engine already knows with that hash is returned when there is one; a new block is not
   * recorded here (`#record`), so a caller that refuses it has nothing to undo but anvil's state.
   */
  async #execute(
    parent: SealedBlock,
    attributes: PayloadAttributes,
    pool: readonly Hex[] = [],
  ): Promise<SealedBlock> {
    await this.#moveStateTo(parent);
    const built = await buildBlock(this.anvil, this.rules, parent, attributes, pool);
    const block = this.#blocks.get(built.hash) ?? built;
    await this.#snapshot(block);
    return block;
  }

  /** Records a block new to the engine: known from now on, its transactions indexed and out of the pool. */
  #record(block: SealedBlock): void {
    if (this.#blocks.has(block.hash)) return;
    this.#blocks.set(block.hash, block);
    for (const tx of block.payload.transactions) {
      const hash = keccak256Hex(hexToBytes(tx));
      this.#txIndex.set(hash, block.hash);
      this.#pool.delete(hash);
    }
  }

  async #forkchoiceUpdated(
    state: ForkchoiceState,
    attributes: PayloadAttributes | null,
  ): Promise<{ payloadStatus: PayloadStatus; payloadId: string | null }> {
    const head = this.block(state.headBlockHash);
    if (!head)
      return {
        payloadStatus: { status: "SYNCING", latestValidHash: null, validationError: null },
        payloadId: null,
      };
    // As op-geth: safe and finalized must be known and canonical under the new head, and the
    // head may not leave the finalized chain.
    const labels: Record<"safe" | "finalized", SealedBlock | null> = { safe: null, finalized: null };
    for (const [label, hash] of [
      ["safe", state.safeBlockHash],
      ["finalized", state.finalizedBlockHash],
    ] as const) {
      if (hash === ZERO_HASH) continue;
      const block = this.block(hash);
      if (!block) throw new EngineError(INVALID_FORKCHOICE_STATE, `${label} block ${hash} not available`);
      if (!this.#isAncestor(block, head))
        throw new EngineError(INVALID_FORKCHOICE_STATE, `${label} block ${hash} not in the canonical chain`);
      labels[label] = block;
    }
    const finalized = labels.finalized ?? this.#finalized;
    if (!this.#isAncestor(finalized, head)) {
      throw new EngineError(
        INVALID_FORKCHOICE_STATE,
        `head ${head.hash} is not on the finalized chain (finalized ${finalized.hash})`,
      );
    }
    this.#head = head;
    if (labels.safe) this.#safe = labels.safe;
    if (labels.finalized) this.#finalized = labels.finalized;
    const valid: PayloadStatus = { status: "VALID", latestValidHash: head.hash, validationError: null };
    if (!attributes) return { payloadStatus: valid, payloadId: null };
    let built: SealedBlock;
    try {
      built = await this.#execute(head, attributes, attributes.noTxPool ? [] : [...this.#pool.values()]);
      this.#record(built);
    } catch (error) {
      if (error instanceof BuildError) throw new EngineError(INVALID_PAYLOAD_ATTRIBUTES, error.message);
      throw error;
    }
    const payloadId = `0x${(this.#nextPayloadId++).toString(16).padStart(16, "0")}`;
    this.#payloads.set(payloadId, built);
    return { payloadStatus: valid, payloadId };
  }

  /** Imports a block on any known parent without moving the head; VALID only if it reproduces its hash. */
  async #newPayload(
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
    let built: SealedBlock;
    try {
      built = await this.#execute(parent, attributesOf(this.rules, payload, parentBeaconBlockRoot));
    } catch (error) {
      if (!(error instanceof BuildError)) throw error;
      return { status: "INVALID", latestValidHash: parent.hash, validationError: error.message };
    }
    if (built.hash !== payload.blockHash) {
      // Execution gave other results than the payload states: nothing is recorded. A block the
      // engine already knew (even its head) stays known, and anvil may keep its state (just
      // snapshotted); a new block's state is dropped, back to the parent.
      if (!this.#blocks.has(built.hash)) await this.#revertTo(parent);
      return {
        status: "INVALID",
        latestValidHash: parent.hash,
        validationError: `block hash mismatch: executed to ${built.hash}`,
      };
    }
    this.#record(built);
    return { status: "VALID", latestValidHash: built.hash, validationError: null };
  }
}
