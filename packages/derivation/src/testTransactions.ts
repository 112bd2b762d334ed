// A signed L2 user transaction for batch and pipeline tests (a real EIP-1559 signature, so span
// batches re-encode it byte for byte).
import { hexToBytes } from "@supernode/protocol";
import { privateKeyToAccount } from "viem/accounts";

const user = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

/** A 0-value self-transfer by the test user with `nonce`, signed for `chainId`. */
export async function signedTransfer(nonce: number, chainId: number): Promise<Uint8Array> {
  return hexToBytes(
    await user.signTransaction({
      chainId,
      type: "eip1559",
      nonce,
      to: user.address,
      value: 0n,
      gas: 21_000n,
      maxFeePerGas: 1n,
      maxPriorityFeePerGas: 1n,
    }),
  );
}
