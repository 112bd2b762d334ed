// Signing L2 transactions for traffic: a funded dev account per role, nonces tracked locally (the
// devnet is the only sender from these accounts), raw transactions sent to the sequencer
// engine's pool with `eth_sendRawTransaction`.
import { createEngineTransport } from "@supernode/engine-api";
import type { Address, Hex } from "@supernode/protocol";
import { type AccessList, type PrivateKeyAccount, parseGwei } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { DEV_MNEMONIC } from "../l1/devnetL1.ts";

export type L2Rpc = <T>(method: string, params: unknown[]) => Promise<T>;

/** JSON-RPC to a chain's sequencer engine (the devnet engine wants its JWT on eth_* too). */
export function l2Rpc(chain: { readonly engineUrl: string; readonly jwtSecret: Uint8Array }): L2Rpc {
  const call = createEngineTransport({ url: chain.engineUrl, jwtSecret: chain.jwtSecret });
  return <T>(method: string, params: unknown[]) => call<T>(method, params);
}

export interface L2TxRequest {
  readonly to?: Address;
  readonly value?: bigint;
  readonly data?: Hex;
  readonly gas: bigint;
  readonly accessList?: AccessList;
}

/** One dev account sending on one L2 chain. */
export class L2Sender {
  readonly account: PrivateKeyAccount;
  #nonce: number | null = null;

  constructor(
    readonly chainId: number,
    index: number,
    private readonly rpc: L2Rpc,
  ) {
    this.account = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }) as unknown as PrivateKeyAccount;
  }

  get address(): Address {
    return this.account.address.toLowerCase() as Address;
  }

  /** Re-reads the nonce from the chain (after a transaction was dropped). */
  resync(): void {
    this.#nonce = null;
  }

  /** Signs and sends; returns the transaction hash. */
  async send(request: L2TxRequest): Promise<Hex> {
    if (this.#nonce === null)
      this.#nonce = Number(await this.rpc<Hex>("eth_getTransactionCount", [this.address, "latest"]));
    const raw = await this.account.signTransaction({
      type: "eip1559",
      chainId: this.chainId,
      nonce: this.#nonce,
      gas: request.gas,
      maxFeePerGas: parseGwei("1"),
      maxPriorityFeePerGas: 1n,
      ...(request.to ? { to: request.to } : {}),
      value: request.value ?? 0n,
      ...(request.data ? { data: request.data } : {}),
      ...(request.accessList ? { accessList: request.accessList } : {}),
    });
    try {
      const hash = await this.rpc<Hex>("eth_sendRawTransaction", [raw]);
      this.#nonce++;
      return hash;
    } catch (error) {
      this.#nonce = null;
      throw error;
    }
  }
}
