// Test doubles for the pipeline: an L1 chain of linked blocks carrying raw transactions (every
// port the pipeline reads L1 through), and an L2 chain that "executes" derived attributes into
// block refs, as an engine would, keeping each block's batch transactions for overlap checks.
import {
  type BlockID,
  bytesToHex,
  type DepositReceipt,
  type Hash,
  type Hex,
  keccak256,
  type L1BlockRef,
  type L2BlockRef,
  type SystemConfig,
} from "@supernode/protocol";
import type { L1Header } from "../stages/attributesBuilder.ts";
import type { DerivedAttributes, L2ChainSource, StepResult } from "./pipeline.ts";

const hashOf = (label: string): Hash => bytesToHex(keccak256(new TextEncoder().encode(label)));

export class FakeL1Chain {
  readonly blocks: L1BlockRef[];
  readonly #txs = new Map<number, Hex[]>();
  /** Blocks above this number are not there yet (end of data). */
  head: number;
  constructor(first: L1BlockRef) {
    this.blocks = [first];
    this.head = first.number;
  }

  get tip(): L1BlockRef {
    return this.blocks.at(-1) as L1BlockRef;
  }

  /**
   * Appends a child block (12 s later unless told) carrying `txs`; it becomes the head. A `hash`
   * override lets a batch's L1-origin check match.
   */
  add(txs: Hex[] = [], options: { timestamp?: number; hash?: Hash } = {}): L1BlockRef {
    const parent = this.tip;
    const number = parent.number + 1;
    const block: L1BlockRef = {
      hash: options.hash ?? hashOf(`l1 ${number}`),
      number,
      parentHash: parent.hash,
      timestamp: options.timestamp ?? parent.timestamp + 12,
    };
    this.blocks.push(block);
    this.#txs.set(number, txs);
    this.head = number;
    return block;
  }

  #block(number: number): L1BlockRef | undefined {
    return this.blocks[number - (this.blocks[0] as L1BlockRef).number];
  }

  async blockRefByNumber(number: number): Promise<L1BlockRef | null> {
    return number <= this.head ? (this.#block(number) ?? null) : null;
  }

  async receipts(): Promise<readonly DepositReceipt[]> {
    return [];
  }

  async transactions(block: L1BlockRef): Promise<readonly Hex[]> {
    return this.#txs.get(block.number) ?? [];
  }

  /** This chain carries no blobs: a request for any is answered short (retrieval's error). */
  async blobs(): Promise<readonly Uint8Array[]> {
    return [];
  }

  async header(epoch: BlockID): Promise<L1Header> {
    const ref = this.#block(epoch.number);
    if (!ref || ref.hash !== epoch.hash) throw new Error(`no L1 block ${epoch.number} (${epoch.hash})`);
    return {
      ref,
      baseFee: 7n,
      mixHash: hashOf(`mix ${ref.number}`),
      parentBeaconBlockRoot: hashOf(`beacon ${ref.number}`),
      excessBlobGas: 0n,
    };
  }
}

/** Applies derived attributes as an engine would, and serves the L2 reads the pipeline makes. */
export class FakeL2Chain implements L2ChainSource {
  readonly #blocks = new Map<number, { ref: L2BlockRef; transactions: Uint8Array[] }>();
  readonly #configs = new Map<Hash, SystemConfig>();
  configReads = 0;

  constructor(
    public safe: L2BlockRef,
    config: SystemConfig,
  ) {
    this.#blocks.set(safe.number, { ref: safe, transactions: [] });
    this.#configs.set(safe.hash, config);
  }

  apply(derived: DerivedAttributes): L2BlockRef {
    const { parent, epoch, attributes, systemConfig } = derived;
    const ref: L2BlockRef = {
      hash: hashOf(
        `l2 ${parent.number + 1} ${attributes.timestamp} ${attributes.transactions.map(bytesToHex).join("")}`,
      ),
      number: parent.number + 1,
      parentHash: parent.hash,
      timestamp: Number(attributes.timestamp),
      l1origin: epoch,
      sequenceNumber: epoch.number === parent.l1origin.number ? parent.sequenceNumber + 1 : 0,
    };
    const transactions = attributes.transactions.filter((tx) => tx[0] !== 0x7e);
    this.#blocks.set(ref.number, { ref, transactions });
    this.#configs.set(ref.hash, systemConfig);
    this.safe = ref;
    return ref;
  }

  async blockByNumber(number: number) {
    return this.#blocks.get(number) ?? null;
  }

  async systemConfigByHash(hash: Hash): Promise<SystemConfig> {
    this.configReads++;
    const config = this.#configs.get(hash);
    if (!config) throw new Error(`unknown L2 block ${hash}`);
    return config;
  }
}

/** Steps until end of data, applying every attributes result; returns what each step said. */
export async function deriveAll(
  pipeline: { step(safe: L2BlockRef): Promise<StepResult> },
  l2: FakeL2Chain,
  maxSteps = 10_000,
): Promise<{ derived: DerivedAttributes[]; results: StepResult[] }> {
  const derived: DerivedAttributes[] = [];
  const results: StepResult[] = [];
  for (let i = 0; i < maxSteps; i++) {
    const result = await pipeline.step(l2.safe);
    results.push(result);
    if (result.kind === "eof") return { derived, results };
    if (result.kind === "attributes") {
      derived.push(result.derived);
      l2.apply(result.derived);
    }
  }
  throw new Error(`no end of data after ${maxSteps} steps`);
}
