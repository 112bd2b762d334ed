// The devnet L2 genesis: a geth-style genesis.json for `anvil --init` with the predeploys the node
// and the devnet need, installed from real compiled bytecode of installed packages (never written
// by hand):
// - L1Block (0x4200…0015, Isthmus setters included) and GasPriceOracle (0x4200…000f), code and
//   storage from Hardhat EDR's OP genesis state (`opGenesisState(OpHardfork.Isthmus)`);
// - L2ToL1MessagePasser (0x4200…0016), the deployed bytecode of the
//   `@eth-optimism/contracts-bedrock` forge artifacts;
// - CrossL2Inbox (0x4200…0022) and L2ToL2CrossDomainMessenger (0x4200…0023), the runtime code of
//   the interop network upgrade's own deployments (the 0.17.3 artifacts predate validateMessage
//   and the access-list check).
// op-geth genesis puts proxies at these addresses with the implementations at 0xc0d3…; here the
// implementation code sits at the predeploy address itself (a fidelity limit, in the README).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Address, Hex } from "@supernode/protocol";
import { crossL2InboxCode, l2ToL2CrossDomainMessengerCode } from "../contracts/interopPredeploys.ts";
import { pragueChainConfig } from "../gethChainConfig.ts";

export const L1_BLOCK = "0x4200000000000000000000000000000000000015";
export const GAS_PRICE_ORACLE = "0x420000000000000000000000000000000000000f";
export const L2_TO_L1_MESSAGE_PASSER = "0x4200000000000000000000000000000000000016";
export const CROSS_L2_INBOX = "0x4200000000000000000000000000000000000022";
export const L2_TO_L2_CROSS_DOMAIN_MESSENGER = "0x4200000000000000000000000000000000000023";

export interface GenesisAccount {
  readonly code?: Hex;
  readonly storage?: Readonly<Record<Hex, Hex>>;
  readonly balance: Hex;
  readonly nonce?: Hex;
}

export interface GenesisOptions {
  readonly chainId: number;
  readonly timestamp: number;
  readonly gasLimit: bigint;
  readonly baseFee: bigint;
  /** Extra accounts (prefunded users), merged over the predeploys. */
  readonly alloc?: Readonly<Record<Address, GenesisAccount>>;
}

const require = createRequire(import.meta.url);
const word = (value: bigint): Hex => `0x${value.toString(16).padStart(64, "0")}`;
const hex = (bytes: Uint8Array): Hex => `0x${Buffer.from(bytes).toString("hex")}`;

/** L1Block and GasPriceOracle as Hardhat EDR's OP (Isthmus) genesis state has them. */
async function edrPredeploys(): Promise<Record<Address, GenesisAccount>> {
  const edr = (await import("@nomicfoundation/edr")) as typeof import("@nomicfoundation/edr");
  const wanted = new Set([L1_BLOCK, GAS_PRICE_ORACLE]);
  const accounts: Record<Address, GenesisAccount> = {};
  for (const account of edr.opGenesisState(edr.OpHardfork.Isthmus)) {
    const address = hex(account.address) as Address;
    if (!wanted.has(address) || !account.code) continue;
    const storage: Record<Hex, Hex> = {};
    for (const slot of account.storage ?? []) storage[word(slot.index)] = word(slot.value);
    accounts[address] = { code: hex(account.code), storage, balance: "0x0" };
  }
  for (const address of wanted)
    if (!accounts[address as Address]) throw new Error(`EDR genesis has no ${address}`);
  return accounts;
}

/** A contract's deployed bytecode from the contracts-bedrock forge artifacts. */
function bedrockCode(contract: string): Hex {
  const packageDir = dirname(require.resolve("@eth-optimism/contracts-bedrock/package.json"));
  const artifact = JSON.parse(
    readFileSync(join(packageDir, "forge-artifacts", `${contract}.sol`, `${contract}.json`), "utf8"),
  ) as {
    deployedBytecode: { object: Hex };
  };
  const code = artifact.deployedBytecode.object;
  if (!/^0x([0-9a-f]{2})+$/.test(code)) throw new Error(`${contract}: no deployed bytecode (unlinked?)`);
  return code;
}

export async function predeploys(): Promise<Record<Address, GenesisAccount>> {
  return {
    ...(await edrPredeploys()),
    [L2_TO_L1_MESSAGE_PASSER]: { code: bedrockCode("L2ToL1MessagePasser"), balance: "0x0" },
    [CROSS_L2_INBOX]: { code: crossL2InboxCode(), balance: "0x0" },
    [L2_TO_L2_CROSS_DOMAIN_MESSENGER]: { code: l2ToL2CrossDomainMessengerCode(), balance: "0x0" },
  };
}

/** The genesis.json anvil's `--init` reads (geth format, every fork at 0, no blob schedule change). */
export async function genesisJson(options: GenesisOptions): Promise<Record<string, unknown>> {
  return {
    config: pragueChainConfig(options.chainId),
    nonce: "0x0",
    timestamp: `0x${options.timestamp.toString(16)}`,
    extraData: "0x",
    gasLimit: `0x${options.gasLimit.toString(16)}`,
    difficulty: "0x0",
    mixHash: word(0n),
    coinbase: "0x0000000000000000000000000000000000000000",
    baseFeePerGas: `0x${options.baseFee.toString(16)}`,
    alloc: { ...(await predeploys()), ...options.alloc },
  };
}

/** Writes genesis.json into `dir` and returns its path (for `anvil --init`). */
export async function writeGenesis(dir: string, options: GenesisOptions): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, "genesis.json");
  writeFileSync(path, JSON.stringify(await genesisJson(options), null, 2));
  return path;
}
