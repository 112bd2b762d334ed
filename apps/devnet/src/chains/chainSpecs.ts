// The devnet's chains and fork schedule. Chain ids 901, 902, …; 901 has 1 s blocks and 902 2 s
// blocks (one 902 block spans two interop timestamps), alternating after that. Every fork through
// Isthmus is active at genesis; Jovian and Interop activate a few blocks in, so the activation
// blocks (with their upgrade transactions) are exercised. The `holocene-mid-run` variant starts
// at Granite and activates Holocene and Isthmus mid-run instead.
import type { HardforkTimes } from "@supernode/protocol";

export type ForkVariant = "default" | "holocene-mid-run";

/** Seconds after L2 genesis at which the later forks activate (multiples of every block time). */
export const FORK_OFFSETS = {
  default: { jovian: 6, interop: 12 },
  "holocene-mid-run": { holocene: 6, isthmus: 6, jovian: 12, interop: 18 },
} as const;

export function chainIdOf(index: number): number {
  return 901 + index;
}

export function blockTimeOf(index: number): number {
  return index % 2 === 0 ? 1 : 2;
}

export function devnetHardforks(variant: ForkVariant, l2GenesisTime: number): HardforkTimes {
  const atGenesis = {
    regolithTime: 0,
    canyonTime: 0,
    deltaTime: 0,
    ecotoneTime: 0,
    fjordTime: 0,
    graniteTime: 0,
  };
  if (variant === "holocene-mid-run") {
    const at = FORK_OFFSETS["holocene-mid-run"];
    return {
      ...atGenesis,
      holoceneTime: l2GenesisTime + at.holocene,
      isthmusTime: l2GenesisTime + at.isthmus,
      jovianTime: l2GenesisTime + at.jovian,
      interopTime: l2GenesisTime + at.interop,
    };
  }
  const at = FORK_OFFSETS.default;
  return {
    ...atGenesis,
    holoceneTime: 0,
    isthmusTime: 0,
    jovianTime: l2GenesisTime + at.jovian,
    interopTime: l2GenesisTime + at.interop,
  };
}
