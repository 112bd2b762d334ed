// Batches a test makes itself and posts to a chain's batch inbox as the batcher would: span or
// singular batches (of the sequencer's blocks, or altered copies) → a channel (zlib) → frames →
// calldata transactions signed by a key the test chooses, one transaction per call, on the devnet's
// L1 (which mines only when the devnet ticks).
import {
  type BatchBlock,
  type Devnet,
  type DevnetChainRuntime,
  devAddress,
  devKey,
  EngineBlockSource,
} from "@supernode/devnet";
import {
  type BatchData,
  buildRawSpanBatch,
  bytesToHex,
  ChannelOut,
  encodeBatcherData,
  FRAME_OVERHEAD_BYTES,
  type Frame,
  framesOfChannel,
  type Hash,
  type Hex,
  hexToBytes,
  type RollupConfig,
} from "@supernode/protocol";
import { createWalletClient, defineChain, http } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";

/** The key of chain `index`'s genesis batcher (apps/devnet: dev account 10 + index). */
export function genesisBatcherKey(runtime: DevnetChainRuntime, index: number): Hex {
  const key = devKey(10 + index);
  if (privateKeyToAccount(key).address.toLowerCase() !== runtime.batcher.address)
    throw new Error(`dev account ${10 + index} is not chain ${runtime.chain.chainId}'s batcher`);
  return key;
}

/**
 * The sequencer's blocks `from`…`to` as a batcher sees them (non-deposit transactions), ticking
 * the devnet until the sequencer has built them.
 */
export async function sequencerBlocks(
  devnet: Devnet,
  runtime: DevnetChainRuntime,
  from: number,
  to: number,
): Promise<BatchBlock[]> {
  while (runtime.sequencer.head.number < to) await devnet.tick();
  const source = new EngineBlockSource({
    url: runtime.chain.engineUrl,
    jwtSecret: runtime.chain.jwtSecret,
    rollup: runtime.chain.rollup,
  });
  const blocks: BatchBlock[] = [];
  for (let n = from; n <= to; n++) {
    const block = await source.blockByNumber(n);
    if (!block) throw new Error(`the sequencer has no block ${n}`);
    blocks.push(block);
  }
  return blocks;
}

/**
 * A validly signed L2 transfer from an account that has no funds: it cannot pay for its gas, so
 * a block that must include it cannot be built (the engine refuses the attributes).
 */
export async function unpayableTransaction(rollup: RollupConfig): Promise<Uint8Array> {
  const broke = privateKeyToAccount(generatePrivateKey());
  return hexToBytes(
    await broke.signTransaction({
      chainId: Number(rollup.l2ChainId),
      type: "eip1559",
      nonce: 0,
      to: devAddress(1),
      value: 1n,
      gas: 21_000n,
      maxFeePerGas: 10n ** 10n,
      maxPriorityFeePerGas: 1n,
    }),
  );
}

/** The same blocks with other transactions (none by default): what the sequencer did not build. */
export function withTransactions(
  blocks: readonly BatchBlock[],
  transactions: readonly Uint8Array[] = [],
): BatchBlock[] {
  return blocks.map((block) => ({ ...block, transactions }));
}

/** A span batch of consecutive blocks; `parentHash` defaults to the first block's parent. */
export function spanBatch(blocks: readonly BatchBlock[], rollup: RollupConfig, parentHash?: Hash): BatchData {
  const first = blocks[0];
  const last = blocks.at(-1);
  if (!first || !last) throw new RangeError("a span batch needs a block");
  return {
    type: "span",
    batch: buildRawSpanBatch(
      blocks.map((block) => ({
        timestamp: block.timestamp,
        epochNum: block.l1Origin.number,
        transactions: block.transactions,
      })),
      {
        genesisTimestamp: rollup.genesis.l2Time,
        blockTime: rollup.blockTime,
        chainId: rollup.l2ChainId,
        parentHash: hexToBytes(parentHash ?? first.parentHash),
        lastL1OriginHash: hexToBytes(last.l1Origin.hash),
      },
    ),
  };
}

/** The singular batch of one block; `parentHash` defaults to its parent. */
export function singularBatch(block: BatchBlock, parentHash?: Hash): BatchData {
  return {
    type: "singular",
    batch: {
      parentHash: parentHash ?? block.parentHash,
      epochNum: block.l1Origin.number,
      epochHash: block.l1Origin.hash,
      timestamp: block.timestamp,
      transactions: block.transactions,
    },
  };
}

/** One channel (new random id, zlib) holding `batches`, cut into `frameCount` frames. */
export function channelFrames(batches: readonly BatchData[], frameCount = 1): Frame[] {
  const id = crypto.getRandomValues(new Uint8Array(16));
  const out = new ChannelOut(id, { compression: "zlib", targetCompressedSize: 1_000_000 });
  for (const batch of batches) if (out.addBatch(batch) !== "added") throw new Error("the channel is full");
  const data = out.data();
  const frames = framesOfChannel(id, data, Math.ceil(data.length / frameCount) + FRAME_OVERHEAD_BYTES);
  if (frames.length !== frameCount) throw new Error(`${frames.length} frames, not ${frameCount}`);
  return frames;
}

/** Posts to chain `runtime`'s batch inbox as `key`, one calldata transaction per call. */
export class InboxPoster {
  readonly inbox: Hex;
  readonly #wallet;

  constructor(
    private readonly devnet: Devnet,
    runtime: DevnetChainRuntime,
    key: Hex,
  ) {
    const url = devnet.l1.url;
    this.#wallet = createWalletClient({
      account: privateKeyToAccount(key),
      chain: defineChain({
        id: devnet.l1.chainId,
        name: "devnet L1",
        nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
        rpcUrls: { default: { http: [url] } },
      }),
      transport: http(url),
    });
    this.inbox = runtime.chain.rollup.batchInboxAddress;
  }

  /** Sends `frames` in one transaction (not mined: the devnet mines on its next L1 slot). */
  send(frames: readonly Frame[]): Promise<Hash> {
    return this.#wallet.sendTransaction({ to: this.inbox, data: bytesToHex(encodeBatcherData(frames)) });
  }

  /** Sends `frames` and ticks the devnet until the transaction is mined; returns its L1 block. */
  async post(frames: readonly Frame[]): Promise<number> {
    return landed(this.devnet, await this.send(frames));
  }
}

/** Ticks until `hash` is mined (successfully); returns its L1 block number. */
export async function landed(devnet: Devnet, hash: Hash): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const receipt = await devnet.l1.anvil.rpc<{ blockNumber: Hex; status: Hex } | null>(
      "eth_getTransactionReceipt",
      [hash],
    );
    if (receipt) {
      if (Number(receipt.status) !== 1) throw new Error(`L1 transaction ${hash} reverted`);
      return Number(receipt.blockNumber);
    }
    await devnet.tick();
  }
  throw new Error(`L1 transaction ${hash} was not mined`);
}
