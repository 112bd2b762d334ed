// A scripted L2 chain for the batcher tests (imported only by tests): blocks whose first
// transaction is a real L1-info deposit and the rest real signed transfers (EIP-1559, EIP-155
// legacy and EIP-2930), an L1 origin that advances every other block, and sibling branches for
// L2 reorgs. Block hashes are made up (the batcher only compares them).
import {
  type Address,
  type BlockID,
  bytesToHex,
  encodeDepositTx,
  type Hash,
  hexToBytes,
  keccak256Hex,
  keccak256Text,
  l1BlockInfo,
  l1InfoDepositTx,
  opSepolia,
  type RollupConfig,
} from "@supernode/protocol";
import { privateKeyToAccount } from "viem/accounts";
import { type BatchBlock, batchBlock, type L2BlockSource } from "./blockSource.ts";

export const L2_CHAIN_ID = 901;
export const L1_CHAIN_ID = 31337;
export const GENESIS_TIME = 1_700_000_000;
export const BLOCK_TIME = 2;
export const INBOX: Address = "0xff00000000000000000000000000000000000901";
/** anvil's dev account 1 (account 0 is left to the tests' own L1 use). */
export const BATCHER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d" as const;
export const BATCHER: Address = privateKeyToAccount(BATCHER_KEY).address.toLowerCase() as Address;

const user = privateKeyToAccount("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
const GENESIS_HASH = bytesToHex(keccak256Text("test L2 genesis"));

/** A rollup config with every fork up to Isthmus at genesis (brotli, span batches and blobs allowed). */
export function testRollup(overrides: Partial<RollupConfig> = {}): RollupConfig {
  return {
    ...opSepolia,
    genesis: {
      l1: { number: 0, hash: bytesToHex(keccak256Text("test L1 genesis")) },
      l2: { number: 0, hash: GENESIS_HASH },
      l2Time: GENESIS_TIME,
      systemConfig: { ...opSepolia.genesis.systemConfig, batcherAddr: BATCHER },
    },
    blockTime: BLOCK_TIME,
    seqWindowSize: 3600,
    channelTimeout: 300,
    l1ChainId: BigInt(L1_CHAIN_ID),
    l2ChainId: BigInt(L2_CHAIN_ID),
    hardforks: {
      regolithTime: 0,
      canyonTime: 0,
      deltaTime: 0,
      ecotoneTime: 0,
      fjordTime: 0,
      graniteTime: 0,
      holoceneTime: 0,
      isthmusTime: 0,
    },
    batchInboxAddress: INBOX,
    ...overrides,
  };
}

function l1OriginOf(number: number): BlockID & { timestamp: number } {
  const origin = Math.floor(number / 2);
  return {
    number: origin,
    hash: bytesToHex(keccak256Text(`test L1 block ${origin}`)),
    timestamp: GENESIS_TIME + BLOCK_TIME * number - (number % 2) * BLOCK_TIME - 1,
  };
}

export class TestL2Chain implements L2BlockSource {
  /** Index = block number; 0 is genesis. */
  readonly blocks: BatchBlock[] = [];
  #nonce = 0;

  constructor(private readonly rollup: RollupConfig = testRollup()) {
    this.blocks.push(
      batchBlock(
        {
          number: 0,
          hash: GENESIS_HASH,
          parentHash: `0x${"00".repeat(32)}`,
          timestamp: GENESIS_TIME,
          transactions: [],
        },
        rollup.genesis,
      ),
    );
  }

  /** Appends `count` blocks; `branch` makes their transactions (and so hashes) differ from another branch's. */
  async extend(count: number, branch = 0): Promise<void> {
    for (let i = 0; i < count; i++) {
      const parent = this.blocks.at(-1) as BatchBlock;
      this.blocks.push(await this.#block(parent.number + 1, parent.hash, branch));
    }
  }

  /** Replaces every block from `from` on with the same number of blocks of another branch. */
  async reorgFrom(from: number, branch: number): Promise<void> {
    const count = this.blocks.length - from;
    this.blocks.length = from;
    this.#nonce = this.blocks.reduce((sum, block) => sum + block.transactions.length, 0);
    await this.extend(count, branch);
  }

  async #block(number: number, parentHash: Hash, branch: number): Promise<BatchBlock> {
    const origin = l1OriginOf(number);
    const info = l1BlockInfo(
      "isthmus",
      { ...origin, baseFee: 7n, blobBaseFee: 1n },
      number % 2,
      this.rollup.genesis.systemConfig,
    );
    const transactions = [encodeDepositTx(l1InfoDepositTx(info, true))];
    for (let i = 0; i < number % 4; i++) transactions.push(await this.#transfer(number, i, branch));
    const timestamp = GENESIS_TIME + BLOCK_TIME * number;
    const hash = keccak256Hex(
      hexToBytes(
        `0x${parentHash.slice(2)}${number.toString(16).padStart(16, "0")}${branch.toString(16).padStart(8, "0")}`,
      ),
    );
    return batchBlock({ number, hash, parentHash, timestamp, transactions }, this.rollup.genesis);
  }

  async #transfer(number: number, index: number, branch: number): Promise<Uint8Array> {
    const nonce = this.#nonce++;
    const to = `0x${(0xb0b000 + branch).toString(16).padStart(40, "0")}` as Address;
    const value = BigInt(number * 1000 + index);
    const kind = (number + index) % 3;
    const signed =
      kind === 0
        ? await user.signTransaction({
            chainId: L2_CHAIN_ID,
            type: "eip1559",
            nonce,
            to,
            value,
            gas: 21_000n,
            maxFeePerGas: 2_000_000_000n,
            maxPriorityFeePerGas: 1_000n,
          })
        : kind === 1
          ? await user.signTransaction({
              chainId: L2_CHAIN_ID,
              type: "legacy",
              nonce,
              to,
              value,
              gas: 21_000n,
              gasPrice: 1_000_000_000n,
            })
          : await user.signTransaction({
              chainId: L2_CHAIN_ID,
              type: "eip2930",
              nonce,
              to,
              value,
              gas: 30_000n,
              gasPrice: 1_000_000_000n,
              accessList: [{ address: to, storageKeys: [] }],
              data: bytesToHex(new TextEncoder().encode(`block ${number} tx ${index}`)),
            });
    return hexToBytes(signed);
  }

  async head(): Promise<BlockID> {
    const head = this.blocks.at(-1) as BatchBlock;
    return { number: head.number, hash: head.hash };
  }

  async blockByNumber(number: number): Promise<BatchBlock | null> {
    return this.blocks[number] ?? null;
  }
}
