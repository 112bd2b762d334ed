// Puts one blob transaction on a test anvil and waits for its block (imported only by tests).
import type { Hash } from "@supernode/protocol";
import { createWalletClient, http, parseGwei, toBlobs, toHex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";
import { viemKzg } from "../kzg.ts";

const devKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

/** The part of a test anvil this needs. */
interface AnvilRpc {
  readonly url: string;
  rpc<T = unknown>(method: string, params?: unknown[]): Promise<T>;
}

/** Sends one blob transaction carrying `payloads` (one blob each); its block and versioned hashes. */
export async function sendBlobTransaction(
  anvil: AnvilRpc,
  payloads: readonly Uint8Array[],
): Promise<{ blockNumber: number; hashes: Hash[] }> {
  const wallet = createWalletClient({
    account: privateKeyToAccount(devKey),
    chain: foundry,
    transport: http(anvil.url),
  });
  const blobs = payloads.flatMap((data) => toBlobs({ data: toHex(data) }));
  const txHash = await wallet.sendTransaction({
    blobs,
    kzg: viemKzg(),
    to: "0x0000000000000000000000000000000000000000",
    maxFeePerBlobGas: parseGwei("30"),
  });
  for (let i = 0; i < 100; i++) {
    const tx = await anvil.rpc<{ blockNumber: string | null; blobVersionedHashes: Hash[] }>(
      "eth_getTransactionByHash",
      [txHash],
    );
    if (tx.blockNumber) return { blockNumber: Number(tx.blockNumber), hashes: tx.blobVersionedHashes };
    await Bun.sleep(50);
  }
  throw new Error(`blob transaction ${txHash} was not mined`);
}
