// The L2 chain the engine tests run: chain id, genesis time, fork rules, the private anvil's
// arguments, a user key, and the L1-info deposit of block n (L1 origin n, one second earlier).

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  applyL1ToL2Alias,
  bytesToHex,
  encodeDepositTx,
  ForkSchedule,
  type Hex,
  hexToBytes,
  l1BlockInfo,
  l1InfoDepositTx,
  opSepolia,
  type PayloadAttributes,
  userDepositSourceHash,
} from "@supernode/protocol";
import { privateKeyToAccount } from "viem/accounts";
import type { AnvilProcess } from "../anvil/anvilProcess.ts";
import type { ChainRules } from "./blockBuilder.ts";
import { startEngineAnvil } from "./engineAnvil.ts";

export const CHAIN_ID = 901;
export const GENESIS_TIME = 1_700_000_000;
export const BLOCK_TIME = 2;

export const rules: ChainRules = {
  forks: new ForkSchedule({ blockTime: BLOCK_TIME, hardforks: { isthmusTime: 0 } }),
  chainOpConfig: { eip1559Elasticity: 6, eip1559Denominator: 50, eip1559DenominatorCanyon: 250 },
};

/** A fresh anvil for one engine of the test chain (genesis in a temporary directory). */
export function startChainAnvil(): Promise<AnvilProcess> {
  return startEngineAnvil(mkdtempSync(join(tmpdir(), "devnet-engine-")), {
    chainId: CHAIN_ID,
    timestamp: GENESIS_TIME,
    gasLimit: 30_000_000n,
    baseFee: 1_000_000n,
  });
}

export const user = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");

export function timestampOf(n: number): number {
  return GENESIS_TIME + BLOCK_TIME * n;
}

export function l1InfoTxFor(n: number): Hex {
  const info = l1BlockInfo(
    "isthmus",
    {
      number: 100 + n,
      timestamp: timestampOf(n) - 1,
      hash: `0x${n.toString(16).padStart(64, "0")}`,
      baseFee: 7n,
      blobBaseFee: 1n,
    },
    0,
    opSepolia.genesis.systemConfig,
  );
  return bytesToHex(encodeDepositTx(l1InfoDepositTx(info, true)));
}

/** A user deposit minting 1 ETH to the L1 sender 0xf00d, sent on to `user` (its nonce untouched). */
export function fundUserTx(sourceHash: Hex): Hex {
  return bytesToHex(
    encodeDepositTx({
      sourceHash,
      from: "0x000000000000000000000000000000000000f00d",
      to: user.address,
      mint: 10n ** 18n,
      value: 10n ** 18n,
      gas: 100_000n,
      isSystemTx: false,
      data: new Uint8Array(0),
    }),
  );
}

/** A constructor that logs one word (LOG0 of 32 bytes). */
export const EMITTER_INITCODE: Hex = "0x600160005260206000a0";

/**
 * The attributes of block n: the L1-info deposit, a deposit minting 1 ETH on to `user`, a deposit
 * from an aliased L1 contract creating a contract whose constructor logs, and from block 2 a
 * signed transfer by `user`. `variant` changes prevRandao only (a sibling block at height n).
 */
export async function blockAttributes(n: number, variant = 0): Promise<PayloadAttributes> {
  const timestamp = BigInt(timestampOf(n));
  const l1Info = l1InfoTxFor(n);
  const l1Hash = `0x${(1000 + n).toString(16).padStart(64, "0")}` as const;
  const mintToUser = fundUserTx(userDepositSourceHash(l1Hash, 0));
  const fromContract = encodeDepositTx({
    sourceHash: userDepositSourceHash(l1Hash, 1),
    from: applyL1ToL2Alias("0x00000000000000000000000000000000000000c0"),
    to: null,
    mint: 0n,
    value: 0n,
    gas: 200_000n,
    isSystemTx: false,
    data: hexToBytes(EMITTER_INITCODE),
  });
  const transfer = await user.signTransaction({
    chainId: CHAIN_ID,
    type: "eip1559",
    nonce: Math.max(0, n - 2),
    to: "0x0000000000000000000000000000000000000bad",
    value: 1n,
    gas: 21_000n,
    maxFeePerGas: 10_000_000_000n,
    maxPriorityFeePerGas: 1n,
  });
  return {
    timestamp,
    prevRandao: `0x${(n * 7 + variant * 1_000_000).toString(16).padStart(64, "0")}`,
    suggestedFeeRecipient: "0x4200000000000000000000000000000000000011",
    withdrawals: [],
    parentBeaconBlockRoot: `0x${"be".repeat(32)}`,
    transactions: [l1Info, mintToUser, bytesToHex(fromContract), ...(n > 1 ? [transfer] : [])].map((tx) =>
      hexToBytes(tx as Hex),
    ),
    noTxPool: true,
    gasLimit: 30_000_000n,
    eip1559Params: "0x000000fa00000006",
  };
}
