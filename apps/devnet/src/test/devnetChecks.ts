// What the devnet tests check on a running devnet (imported only by tests): the batches on L1 give
// back each chain's blocks; deposits landed as the L1 logs say; executing messages point at real
// initiating logs of the other chain.
import { L1Client, RpcClient } from "@supernode/l1-source";
import {
  type Address,
  bytesToHex,
  CROSS_L2_INBOX_ADDRESS,
  type DepositReceipt,
  encodeDepositTx,
  type Hash,
  type Hex,
  hexToBytes,
  keccak256,
  messagePayload,
  userDeposits,
} from "@supernode/protocol";
import { type BatchBlock, EngineBlockSource } from "../batcher/blockSource.ts";
import { decodeBatches, readInbox, type SafeWalk, walkSafeChain } from "../batcher/testInbox.ts";
import type { Devnet, DevnetChainRuntime } from "../devnet.ts";
import { l2Rpc } from "../traffic/l2Accounts.ts";

export const EXECUTING_MESSAGE_TOPIC: Hash =
  "0x5c37832d2e8d10e346e55ad62071a6a2f9fa5130614ef2ec6617555c6f467ba7";

/** The chain's blocks 0…head as the batcher sees them (non-deposit transactions). */
export async function chainBlocks(runtime: DevnetChainRuntime): Promise<BatchBlock[]> {
  const source = new EngineBlockSource({
    url: runtime.chain.engineUrl,
    jwtSecret: runtime.chain.jwtSecret,
    rollup: runtime.chain.rollup,
  });
  const head = await source.head();
  const blocks: BatchBlock[] = [];
  for (let n = 0; n <= head.number; n++) blocks.push((await source.blockByNumber(n)) as BatchBlock);
  return blocks;
}

/** Every batcher transaction on the canonical L1, decoded and walked as a verifier would. */
export async function walkBatches(devnet: Devnet, runtime: DevnetChainRuntime): Promise<SafeWalk> {
  const items = await readInbox(
    devnet.l1.anvil,
    runtime.chain.rollup.batchInboxAddress,
    runtime.batcher.address,
  );
  const batches = decodeBatches(items, runtime.chain.rollup.channelTimeout);
  return walkSafeChain(batches, await chainBlocks(runtime), runtime.chain.rollup);
}

/** Ticks until the batches on L1 derive at least `blocks` blocks of every chain (or `maxTicks` pass). */
export async function tickUntilBatched(devnet: Devnet, blocks: number, maxTicks = 120): Promise<SafeWalk[]> {
  let walks: SafeWalk[] = [];
  for (let tick = 0; tick <= maxTicks; tick += 10) {
    walks = await Promise.all(devnet.runtimes.map((runtime) => walkBatches(devnet, runtime)));
    if (walks.every((walk) => walk.problems.length === 0 && walk.derived.length >= blocks)) return walks;
    for (let i = 0; i < 10; i++) await devnet.tick();
  }
  return walks;
}

export interface DepositFinding {
  readonly l2Block: number;
  readonly from: Address;
  readonly mint: bigint;
}

/**
 * For every epoch's first block: its deposits after the L1-info deposit are exactly the user
 * deposits of its L1 origin's receipts (source hash, from, mint and all, byte for byte). Returns
 * the deposits found; throws on the first block whose deposits differ.
 */
export async function checkDeposits(devnet: Devnet, runtime: DevnetChainRuntime): Promise<DepositFinding[]> {
  const l1 = new L1Client(new RpcClient({ url: devnet.l1.url }));
  const head = runtime.sequencer.head.number;
  const found: DepositFinding[] = [];
  for (let n = 1; n <= head; n++) {
    const block = await runtime.reader.block(n);
    if (block?.l1Info?.sequenceNumber !== 0) continue;
    const payload = await runtime.reader.payload(n);
    const raw = payload?.executionPayload.transactions.map(hexToBytes) ?? [];
    const receipts = await l1.receipts(block.ref.l1origin.hash);
    const expected = userDeposits(
      receipts as DepositReceipt[],
      runtime.chain.rollup.depositContractAddress,
      block.ref.l1origin.hash,
    );
    const encoded = expected.deposits.map(encodeDepositTx);
    const actual = raw.slice(1, 1 + encoded.length);
    if (encoded.some((tx, i) => bytesToHex(tx) !== bytesToHex(actual[i] ?? new Uint8Array()))) {
      throw new Error(
        `chain ${runtime.chain.chainId} block ${n}: deposits differ from L1 block ${block.ref.l1origin.number}'s logs`,
      );
    }
    for (const deposit of expected.deposits)
      found.push({ l2Block: n, from: deposit.from, mint: deposit.mint });
  }
  return found;
}

interface RpcLog {
  address: Address;
  topics: Hash[];
  data: Hex;
  logIndex: Hex;
}

/** An executing message as its log says, and whether it points at the initiating log it claims. */
export interface ExecutingMessageFinding {
  readonly chainId: number;
  readonly txHash: Hex;
  readonly identifier: {
    origin: Address;
    blockNumber: number;
    logIndex: number;
    timestamp: number;
    chainId: number;
  };
  readonly pointsAtRealLog: boolean;
}

/** Reads the ExecutingMessage log of an executing-message transaction and follows its identifier. */
export async function followExecutingMessage(
  devnet: Devnet,
  chainId: number,
  txHash: Hex,
): Promise<ExecutingMessageFinding | null> {
  const target = devnet.runtimes.find((r) => r.chain.chainId === chainId);
  if (!target) return null;
  const receipt = await l2Rpc(target.chain)<{ status: Hex; logs: RpcLog[] } | null>(
    "eth_getTransactionReceipt",
    [txHash],
  );
  const log = receipt?.logs.find(
    (l) =>
      l.address.toLowerCase() === CROSS_L2_INBOX_ADDRESS &&
      l.topics[0]?.toLowerCase() === EXECUTING_MESSAGE_TOPIC,
  );
  if (!receipt || Number(receipt.status) !== 1 || !log) return null;
  const words = hexToBytes(log.data);
  const word = (i: number) => BigInt(bytesToHex(words.subarray(32 * i, 32 * i + 32)));
  const identifier = {
    origin: `0x${bytesToHex(words.subarray(12, 32)).slice(2)}` as Address,
    blockNumber: Number(word(1)),
    logIndex: Number(word(2)),
    timestamp: Number(word(3)),
    chainId: Number(word(4)),
  };
  const source = devnet.runtimes.find((r) => r.chain.chainId === identifier.chainId);
  let pointsAtRealLog = false;
  if (source) {
    const rpc = l2Rpc(source.chain);
    const block = await rpc<{ hash: Hash; timestamp: Hex } | null>("eth_getBlockByNumber", [
      `0x${identifier.blockNumber.toString(16)}`,
      false,
    ]);
    if (block && Number(block.timestamp) === identifier.timestamp) {
      const receipts = await rpc<{ logs: RpcLog[] }[]>("eth_getBlockReceipts", [block.hash]);
      const initiating = receipts
        .flatMap((r) => r.logs)
        .find((l) => Number(l.logIndex) === identifier.logIndex);
      pointsAtRealLog =
        initiating !== undefined &&
        initiating.address.toLowerCase() === identifier.origin.toLowerCase() &&
        bytesToHex(
          keccak256(messagePayload({ topics: initiating.topics, data: hexToBytes(initiating.data) })),
        ) === log.topics[1]?.toLowerCase();
    }
  }
  return { chainId, txHash, identifier, pointsAtRealLog };
}
