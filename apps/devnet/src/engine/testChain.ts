// The L2 chain the engine tests run: chain id, genesis time, fork rules, the private anvil's
// arguments, a user key, and the L1-info deposit of block n (L1 origin n, one second earlier).
import {
  bytesToHex,
  encodeDepositTx,
  ForkSchedule,
  type Hex,
  l1BlockInfo,
  l1InfoDepositTx,
  opSepolia,
} from "@supernode/protocol";
import { privateKeyToAccount } from "viem/accounts";
import type { ChainRules } from "./blockBuilder.ts";

export const CHAIN_ID = 901;
export const GENESIS_TIME = 1_700_000_000;
export const BLOCK_TIME = 2;

export const rules: ChainRules = {
  forks: new ForkSchedule({ blockTime: BLOCK_TIME, hardforks: { isthmusTime: 0 } }),
  chainOpConfig: { eip1559Elasticity: 6, eip1559Denominator: 50, eip1559DenominatorCanyon: 250 },
};

export const anvilArgs = [
  "--network",
  "optimism",
  "--chain-id",
  String(CHAIN_ID),
  "--no-mining",
  "--order",
  "fifo",
  "--timestamp",
  String(GENESIS_TIME),
  "--gas-limit",
  "30000000",
  "--base-fee",
  "1000000",
  "--accounts",
  "0",
];

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
