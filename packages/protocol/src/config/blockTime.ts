// L2 timestamp ↔ block number (reference/supernode.md §1.4, op-node TargetBlockNumber).
import { OutOfRangeError } from "../errors.ts";
import type { RollupConfig } from "./rollupConfig.ts";

type Timing = Pick<RollupConfig, "blockTime"> & {
  readonly genesis: Pick<RollupConfig["genesis"], "l2" | "l2Time">;
};

/** The number of the last L2 block at or before `timestamp`. */
export function timestampToBlockNumber(config: Timing, timestamp: number): number {
  if (timestamp < config.genesis.l2Time) {
    throw new OutOfRangeError(
      "timestamp",
      timestamp,
      `is before the L2 genesis time ${config.genesis.l2Time}`,
    );
  }
  return Math.floor((timestamp - config.genesis.l2Time) / config.blockTime) + config.genesis.l2.number;
}

export function blockNumberToTimestamp(config: Timing, blockNumber: number): number {
  if (blockNumber < config.genesis.l2.number) {
    throw new OutOfRangeError(
      "block number",
      blockNumber,
      `is before the L2 genesis block ${config.genesis.l2.number}`,
    );
  }
  return config.genesis.l2Time + (blockNumber - config.genesis.l2.number) * config.blockTime;
}
