// The batcher's L1 edge: the head, nonces, fees, sending batcher transactions (blob transactions
// with their sidecars, or calldata) signed by the batcher key, and where a sent transaction is now.
// It never mines and never waits for a block.
import { viemKzg } from "@supernode/l1-source";
import { type Address, type BlockID, bytesToHex, type Hash, type Hex } from "@supernode/protocol";
import { type Chain, createWalletClient, defineChain, http, type WalletClient } from "viem";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { BatcherError, messageOf } from "./errors.ts";
import { jsonRpc, type RpcCall } from "./rpc.ts";
import type { TxPayload } from "./txData.ts";

export interface L1Head {
  readonly number: number;
  readonly hash: Hash;
  readonly timestamp: number;
  readonly baseFee: bigint;
}

export interface Fees {
  readonly maxFeePerGas: bigint;
  readonly maxPriorityFeePerGas: bigint;
  readonly maxFeePerBlobGas: bigint;
}

export type Inclusion =
  | { readonly state: "included"; readonly block: BlockID }
  /** Known to the node but in no canonical block. */
  | { readonly state: "pending" }
  /** Neither included nor known (dropped, or reorged out and not re-pooled, as anvil does). */
  | { readonly state: "unknown" };

export type SendResult =
  | { readonly ok: true; readonly hash: Hash }
  /** The nonce is taken: by a mined transaction, or by a pooled one at least as well paid. */
  | { readonly ok: false; readonly problem: "nonce-too-low" | "underpriced"; readonly message: string };

/** Canonical block hashes by number, read at most once per step. */
export type CanonicalCache = Map<number, Promise<Hash | null>>;

export interface L1SubmitterOptions {
  readonly url: string;
  readonly batcherKey: Hex;
  readonly inbox: Address;
  readonly chainId: number;
}

const GWEI = 1_000_000_000n;

/** Intrinsic gas of a call to an account without code (EIP-2028, and EIP-7623's floor from Prague). */
export function calldataGas(data: Uint8Array): bigint {
  let zeros = 0;
  for (const byte of data) if (byte === 0) zeros++;
  const nonZeros = data.length - zeros;
  const standard = 21_000 + 16 * nonZeros + 4 * zeros;
  const floor = 21_000 + 10 * (zeros + 4 * nonZeros);
  return BigInt(Math.max(standard, floor));
}

function classifySendError(message: string): "nonce-too-low" | "underpriced" | null {
  const lower = message.toLowerCase();
  if (lower.includes("nonce too low")) return "nonce-too-low";
  if (lower.includes("underpriced") || lower.includes("already known")) return "underpriced";
  return null;
}

export class L1Submitter {
  readonly address: Address;
  readonly #call: RpcCall;
  readonly #account: PrivateKeyAccount;
  readonly #wallet: WalletClient;
  readonly #chain: Chain;
  readonly #kzg = viemKzg();

  constructor(private readonly options: L1SubmitterOptions) {
    this.#call = jsonRpc(options.url, { side: "l1" });
    this.#account = privateKeyToAccount(options.batcherKey);
    this.address = this.#account.address.toLowerCase() as Address;
    this.#chain = defineChain({
      id: options.chainId,
      name: `l1-${options.chainId}`,
      nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
      rpcUrls: { default: { http: [options.url] } },
    });
    this.#wallet = createWalletClient({
      account: this.#account,
      chain: this.#chain,
      transport: http(options.url),
    });
  }

  async chainId(): Promise<number> {
    return Number(await this.#call<Hex>("eth_chainId", []));
  }

  async head(): Promise<L1Head> {
    const block = await this.#call<{
      number: Hex;
      hash: Hash;
      timestamp: Hex;
      baseFeePerGas?: Hex;
    } | null>("eth_getBlockByNumber", ["latest", false]);
    if (!block) throw new BatcherError("temporary", "l1-rpc", "the L1 node has no latest block");
    return {
      number: Number(block.number),
      hash: block.hash,
      timestamp: Number(block.timestamp),
      baseFee: BigInt(block.baseFeePerGas ?? "0x0"),
    };
  }

  async nonce(tag: "latest" | "pending"): Promise<number> {
    return Number(await this.#call<Hex>("eth_getTransactionCount", [this.address, tag]));
  }

  /** Fees with room for a few blocks of rising base fees (only the base fee is charged). */
  async fees(head: L1Head, blobs: boolean): Promise<Fees> {
    const [tip, blobBaseFee] = await Promise.all([
      this.#call<Hex>("eth_maxPriorityFeePerGas", []).then(BigInt),
      blobs ? this.#call<Hex>("eth_blobBaseFee", []).then(BigInt) : Promise.resolve(0n),
    ]);
    return {
      maxFeePerGas: 2n * head.baseFee + tip,
      maxPriorityFeePerGas: tip,
      maxFeePerBlobGas: blobs ? 2n * blobBaseFee + GWEI : 0n,
    };
  }

  /** Sends one batcher transaction to the inbox; refusals over the nonce come back as a result. */
  async send(payload: TxPayload, nonce: number, fees: Fees): Promise<SendResult> {
    const common = {
      account: this.#account,
      chain: this.#chain,
      to: this.options.inbox,
      nonce,
      maxFeePerGas: fees.maxFeePerGas,
      maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    };
    try {
      const hash =
        payload.kind === "blobs"
          ? await this.#wallet.sendTransaction({
              ...common,
              blobs: payload.blobs,
              kzg: this.#kzg,
              maxFeePerBlobGas: fees.maxFeePerBlobGas,
              gas: 21_000n,
            })
          : await this.#wallet.sendTransaction({
              ...common,
              data: bytesToHex(payload.data),
              gas: calldataGas(payload.data),
            });
      return { ok: true, hash: hash.toLowerCase() as Hash };
    } catch (error) {
      const message = messageOf(error);
      const problem = classifySendError(message);
      if (problem) return { ok: false, problem, message: message.split("\n")[0] ?? message };
      throw new BatcherError("temporary", "send", `nonce ${nonce}: ${message}`, { cause: error });
    }
  }

  #canonical(number: number, cache: CanonicalCache): Promise<Hash | null> {
    let hash = cache.get(number);
    if (!hash) {
      hash = this.#call<{ hash: Hash } | null>("eth_getBlockByNumber", [
        `0x${number.toString(16)}`,
        false,
      ]).then((block) => block?.hash.toLowerCase() as Hash | null);
      cache.set(number, hash);
    }
    return hash;
  }

  /** Whether `block` is still the canonical block at its height. */
  async isCanonical(block: BlockID, cache: CanonicalCache): Promise<boolean> {
    return (await this.#canonical(block.number, cache)) === block.hash.toLowerCase();
  }

  /** Where the transaction sent as any of `hashes` (one nonce, replacements) is now. */
  async inclusion(hashes: readonly Hash[], cache: CanonicalCache): Promise<Inclusion> {
    let known = false;
    for (const hash of hashes) {
      const receipt = await this.#call<{ blockNumber: Hex; blockHash: Hash } | null>(
        "eth_getTransactionReceipt",
        [hash],
      );
      if (receipt) {
        const block = { number: Number(receipt.blockNumber), hash: receipt.blockHash.toLowerCase() as Hash };
        if (await this.isCanonical(block, cache)) return { state: "included", block };
      }
      if (!known) known = (await this.#call<unknown>("eth_getTransactionByHash", [hash])) !== null;
    }
    return known ? { state: "pending" } : { state: "unknown" };
  }
}
