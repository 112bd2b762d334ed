// The devnet's L1: anvil from npm with blobs (Prague pinned), never mining by itself. The devnet
// mines every block at an explicit timestamp, genesis + n × block time, so block n is beacon slot
// n: anvil's beacon `blobs` endpoint takes the block number as its id, and the node computes the
// slot from the block's time and the beacon genesis (block 0's time). anvil's finalized head is
// `2 × slots-in-an-epoch` behind the head, so `slotsInAnEpoch` is set from the deepest reorg the
// devnet will make: finality lags at least twice that depth and never moves backwards.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type Address,
  bytesToHex,
  CANCUN_BLOB_SCHEDULE,
  type Hash,
  type Hex,
  PRAGUE_BLOB_SCHEDULE,
} from "@supernode/protocol";
import { mnemonicToAccount } from "viem/accounts";
import { type AnvilProcess, startAnvilProcess } from "../anvil/anvilProcess.ts";
import { pragueChainConfig } from "../gethChainConfig.ts";

export interface DevnetL1Options {
  readonly chainId?: number;
  /** Seconds between L1 blocks (= seconds per slot). */
  readonly blockTime?: number;
  /** Timestamp of L1 block 0 (default: now, rounded down to the block time). */
  readonly genesisTime?: number;
  /** The deepest reorg the devnet will make; finality lags at least twice it. */
  readonly maxReorgDepth?: number;
  /** Dev accounts prefunded with 10,000 ETH (indexes 0 … accounts − 1; default 10). */
  readonly accounts?: number;
}

/** anvil's default mnemonic: its first `accounts` accounts are prefunded with 10,000 ETH each. */
export const DEV_MNEMONIC = "test test test test test test test test test test test junk";

/** The private key of dev account `index`. */
export function devKey(index: number): Hex {
  const key = mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }).getHdKey().privateKey;
  if (!key) throw new Error(`no key for dev account ${index}`);
  return bytesToHex(key);
}

/** The address of dev account `index` (lower case). */
export function devAddress(index: number): Address {
  return mnemonicToAccount(DEV_MNEMONIC, { addressIndex: index }).address.toLowerCase() as Address;
}

/** The first dev account: it marks replacement blocks in a reorg. */
const REORG_MARKER_FROM = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";

interface RpcBlock {
  number: Hex;
  hash: Hash;
  timestamp: Hex;
}

export class DevnetL1 {
  private constructor(
    readonly anvil: AnvilProcess,
    readonly chainId: number,
    readonly blockTime: number,
    readonly genesisTime: number,
    readonly slotsInAnEpoch: number,
  ) {}

  static async start(options: DevnetL1Options = {}): Promise<DevnetL1> {
    const chainId = options.chainId ?? 900;
    const blockTime = options.blockTime ?? 2;
    const genesisTime =
      options.genesisTime ?? Math.floor(Date.now() / 1000 / blockTime) * blockTime - blockTime;
    // anvil: safe = head − slots, finalized = head − 2 × slots.
    const slotsInAnEpoch = Math.max(2, options.maxReorgDepth ?? 3) + 1;
    const anvil = await startAnvilProcess([
      "--hardfork",
      "prague",
      "--no-mining",
      "--chain-id",
      String(chainId),
      "--timestamp",
      String(genesisTime),
      "--slots-in-an-epoch",
      String(slotsInAnEpoch),
      "--gas-limit",
      "60000000",
      "--accounts",
      String(options.accounts ?? 10),
    ]);
    return new DevnetL1(anvil, chainId, blockTime, genesisTime, slotsInAnEpoch);
  }

  get url(): string {
    return this.anvil.url;
  }

  /** anvil serves the beacon API on the same port. */
  get beaconUrl(): string {
    return this.anvil.url;
  }

  /** The time of L1 block `n` (= slot n). */
  timeOf(n: number): number {
    return this.genesisTime + n * this.blockTime;
  }

  async head(): Promise<{ number: number; hash: Hash; timestamp: number }> {
    const block = await this.anvil.rpc<RpcBlock>("eth_getBlockByNumber", ["latest", false]);
    return { number: Number(block.number), hash: block.hash, timestamp: Number(block.timestamp) };
  }

  /** Mines the next block, with every pending transaction, at its slot time. */
  async mine(): Promise<{ number: number; hash: Hash; timestamp: number }> {
    const head = await this.head();
    await this.anvil.rpc("evm_mine", [this.timeOf(head.number + 1)]);
    return this.head();
  }

  /**
   * Replaces the last `depth` blocks with new ones at the same slot times (their transactions
   * dropped, as after a real reorg that left them out), then mines one more block. The first
   * replacement carries a marker transfer so even an empty block gets a new hash.
   */
  async reorg(depth: number): Promise<void> {
    if (depth >= this.slotsInAnEpoch * 2)
      throw new RangeError(
        `a reorg of ${depth} would reach the finalized block (lag ${this.slotsInAnEpoch * 2})`,
      );
    const head = await this.head();
    await this.anvil.rpc("anvil_rollback", [depth]);
    await this.anvil.rpc("anvil_dropAllTransactions");
    await this.anvil.rpc("eth_sendTransaction", [
      { from: REORG_MARKER_FROM, to: REORG_MARKER_FROM, value: "0x0", gas: "0x5208" },
    ]);
    for (let n = head.number - depth + 1; n <= head.number + 1; n++)
      await this.anvil.rpc("evm_mine", [this.timeOf(n)]);
  }

  /** op-node's `rollup.l1-chain-config`: a geth chain config with the forks and blob schedule. */
  chainConfigJson(): Record<string, unknown> {
    return {
      ...pragueChainConfig(this.chainId),
      blobSchedule: { cancun: CANCUN_BLOB_SCHEDULE, prague: PRAGUE_BLOB_SCHEDULE },
    };
  }

  writeChainConfig(dir: string): string {
    mkdirSync(dir, { recursive: true });
    const path = join(dir, "l1-chain-config.json");
    writeFileSync(path, `${JSON.stringify(this.chainConfigJson(), null, 2)}\n`);
    return path;
  }

  stop(): Promise<void> {
    return this.anvil.stop();
  }
}
