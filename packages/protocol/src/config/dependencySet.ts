// The interop dependency set (reference/interop.md §4): decimal chain-id keys mapping to empty
// objects, and an optional override that may only shorten the message expiry window.
import * as v from "valibot";
import { ConfigError } from "../errors.ts";
import { parseConfig } from "./schemaErrors.ts";

/** The protocol's message expiry window: 7 days. */
export const MESSAGE_EXPIRY_WINDOW_SECONDS = 604_800;

/** The fault proof takes one step per chain: at most 127 chains in a set. */
export const MAX_DEPENDENCY_SET_CHAINS = 127;

export interface DependencySet {
  /** Every chain of the set, ascending by chain id. */
  readonly chains: readonly bigint[];
  readonly messageExpiryWindow: number;
  /** The override as configured (undefined or 0 mean the protocol default). */
  readonly overrideMessageExpiryWindow?: number;
}

export interface DependencySetJson {
  dependencies: Record<string, Record<string, never>>;
  overrideMessageExpiryWindow?: number;
}

const decimalChainId = /^(0|[1-9][0-9]*)$/;

const dependencySetInput = v.object({
  dependencies: v.record(v.string(), v.looseObject({}), "expected an object of decimal chain ids"),
  overrideMessageExpiryWindow: v.nullish(
    v.pipe(
      v.number("expected a number of seconds"),
      v.safeInteger("expected a whole number of seconds"),
      v.minValue(0, "expected a non-negative number of seconds"),
      v.maxValue(
        MESSAGE_EXPIRY_WINDOW_SECONDS,
        `may only shorten the ${MESSAGE_EXPIRY_WINDOW_SECONDS} s window`,
      ),
    ),
  ),
});

export function parseDependencySet(input: unknown): DependencySet {
  const raw = parseConfig(dependencySetInput, input);
  const chains: bigint[] = [];
  // Legacy per-chain fields (chainIndex, activationTime, historyMinTime) are ignored, as in Go.
  for (const key of Object.keys(raw.dependencies)) {
    if (!decimalChainId.test(key)) {
      throw new ConfigError(`dependencies.${key}`, "chain id keys must be decimal integers", key);
    }
    const chainId = BigInt(key);
    if (chainId === 0n) throw new ConfigError(`dependencies.${key}`, "chain id 0 is not a chain", key);
    chains.push(chainId);
  }
  if (chains.length === 0) throw new ConfigError("dependencies", "must name at least one chain");
  if (chains.length > MAX_DEPENDENCY_SET_CHAINS) {
    throw new ConfigError(
      "dependencies",
      `may hold at most ${MAX_DEPENDENCY_SET_CHAINS} chains`,
      chains.length,
    );
  }
  chains.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const override = raw.overrideMessageExpiryWindow ?? undefined;
  const set: { -readonly [K in keyof DependencySet]: DependencySet[K] } = {
    chains,
    messageExpiryWindow: override ? override : MESSAGE_EXPIRY_WINDOW_SECONDS,
  };
  if (override !== undefined) set.overrideMessageExpiryWindow = override;
  return set;
}

export function serializeDependencySet(set: DependencySet): DependencySetJson {
  const json: DependencySetJson = {
    dependencies: Object.fromEntries(set.chains.map((chainId) => [chainId.toString(10), {}])),
  };
  if (set.overrideMessageExpiryWindow !== undefined)
    json.overrideMessageExpiryWindow = set.overrideMessageExpiryWindow;
  return json;
}

export function hasChain(set: DependencySet, chainId: bigint): boolean {
  return set.chains.includes(chainId);
}
