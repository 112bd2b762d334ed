// The OP Stack fork chain and activation rules (reference/derivation.md §2).
// A later fork being active implies every earlier one (kona's rule); explicit times must be in
// order (op-node's rule, checked when the config is parsed).
import type { RollupConfig } from "./rollupConfig.ts";

/** Every fork with a rollup.json `<fork>_time`, in activation order. Bedrock is genesis. */
export const forkOrder = [
  "regolith",
  "canyon",
  "delta",
  "ecotone",
  "fjord",
  "granite",
  "holocene",
  "isthmus",
  "jovian",
  "interop",
] as const;

export type Fork = (typeof forkOrder)[number];

/**
 * Fork activation questions for one chain. L2 execution rules are asked with an L2 block
 * timestamp; derivation rules with the L1 origin or inclusion time the rule names.
 */
export class ForkSchedule {
  readonly #effective: ReadonlyMap<Fork, number>;
  readonly #blockTime: number;
  readonly #pectraBlobScheduleTime: number | undefined;

  constructor(config: Pick<RollupConfig, "hardforks" | "blockTime" | "pectraBlobScheduleTime">) {
    const effective = new Map<Fork, number>();
    let earliestLater: number | undefined;
    // Walk from the newest fork back: a fork is active no later than any fork after it.
    for (const fork of [...forkOrder].reverse()) {
      const explicit = config.hardforks[`${fork}Time`];
      const time =
        explicit === undefined
          ? earliestLater
          : earliestLater === undefined
            ? explicit
            : Math.min(explicit, earliestLater);
      if (time !== undefined) effective.set(fork, time);
      earliestLater = time;
    }
    this.#effective = effective;
    this.#blockTime = config.blockTime;
    this.#pectraBlobScheduleTime = config.pectraBlobScheduleTime;
  }

  /** When `fork` activates, counting activation implied by a later fork; undefined means never. */
  activationTime(fork: Fork): number | undefined {
    return this.#effective.get(fork);
  }

  isActive(fork: Fork, timestamp: number): boolean {
    const time = this.#effective.get(fork);
    return time !== undefined && timestamp >= time;
  }

  /** True for the first L2 block at which `fork` is active (op-node's IsXxxActivationBlock). */
  isActivationBlock(fork: Fork, l2Timestamp: number): boolean {
    return (
      this.isActive(fork, l2Timestamp) &&
      l2Timestamp >= this.#blockTime &&
      !this.isActive(fork, l2Timestamp - this.#blockTime)
    );
  }

  isRegolith(timestamp: number): boolean {
    return this.isActive("regolith", timestamp);
  }
  isCanyon(timestamp: number): boolean {
    return this.isActive("canyon", timestamp);
  }
  isDelta(timestamp: number): boolean {
    return this.isActive("delta", timestamp);
  }
  isEcotone(timestamp: number): boolean {
    return this.isActive("ecotone", timestamp);
  }
  isFjord(timestamp: number): boolean {
    return this.isActive("fjord", timestamp);
  }
  isGranite(timestamp: number): boolean {
    return this.isActive("granite", timestamp);
  }
  isHolocene(timestamp: number): boolean {
    return this.isActive("holocene", timestamp);
  }
  isIsthmus(timestamp: number): boolean {
    return this.isActive("isthmus", timestamp);
  }
  isJovian(timestamp: number): boolean {
    return this.isActive("jovian", timestamp);
  }
  isInterop(timestamp: number): boolean {
    return this.isActive("interop", timestamp);
  }

  /** The Pectra blob-fee schedule switch, judged by the L1 origin time; outside the fork chain. */
  isPectraBlobSchedule(l1Timestamp: number): boolean {
    return this.#pectraBlobScheduleTime !== undefined && l1Timestamp >= this.#pectraBlobScheduleTime;
  }
}
