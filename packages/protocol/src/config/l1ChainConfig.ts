// The L1 chain's fork times and blob schedule (op-node `rollup.l1-chain-config`, a geth chain
// config): they decide the blob base-fee update fraction the L1-info deposit uses.
import * as v from "valibot";
import { ConfigError } from "../errors.ts";
import { bigUintSchema, uintSchema } from "../types/primitives.ts";
import { parseConfig } from "./schemaErrors.ts";

/** L1 forks that change the blob base-fee update fraction, in order. */
export const l1BlobForks = ["cancun", "prague", "osaka", "bpo1", "bpo2", "bpo3", "bpo4", "bpo5"] as const;
export type L1BlobFork = (typeof l1BlobForks)[number];

export interface BlobScheduleEntry {
  readonly target: number;
  readonly max: number;
  readonly baseFeeUpdateFraction: number;
}

export interface L1ChainConfig {
  readonly chainId: bigint;
  /** Activation time of each fork the chain has (absent: never). */
  readonly forkTimes: { readonly [F in L1BlobFork]?: number };
  readonly blobSchedule: { readonly [F in L1BlobFork]?: BlobScheduleEntry };
}

/** EIP-4844 and EIP-7691 defaults, used when a chain config names the fork but no schedule. */
export const CANCUN_BLOB_SCHEDULE: BlobScheduleEntry = { target: 3, max: 6, baseFeeUpdateFraction: 3338477 };
export const PRAGUE_BLOB_SCHEDULE: BlobScheduleEntry = { target: 6, max: 9, baseFeeUpdateFraction: 5007716 };
const BPO1_BLOB_SCHEDULE: BlobScheduleEntry = { target: 10, max: 15, baseFeeUpdateFraction: 8346193 };
const BPO2_BLOB_SCHEDULE: BlobScheduleEntry = { target: 14, max: 21, baseFeeUpdateFraction: 11684671 };

const ethereumSchedule = {
  cancun: CANCUN_BLOB_SCHEDULE,
  prague: PRAGUE_BLOB_SCHEDULE,
  osaka: PRAGUE_BLOB_SCHEDULE,
  bpo1: BPO1_BLOB_SCHEDULE,
  bpo2: BPO2_BLOB_SCHEDULE,
};

/** Ethereum mainnet (go-ethereum params). */
export const ethereumMainnetL1: L1ChainConfig = {
  chainId: 1n,
  forkTimes: {
    cancun: 1710338135,
    prague: 1746612311,
    osaka: 1764798551,
    bpo1: 1765290071,
    bpo2: 1767747671,
  },
  blobSchedule: ethereumSchedule,
};

/** Sepolia (go-ethereum params). */
export const sepoliaL1: L1ChainConfig = {
  chainId: 11155111n,
  forkTimes: {
    cancun: 1706655072,
    prague: 1741159776,
    osaka: 1760427360,
    bpo1: 1761017184,
    bpo2: 1761607008,
  },
  blobSchedule: ethereumSchedule,
};

export const l1ChainPresets: Readonly<Record<string, L1ChainConfig>> = {
  mainnet: ethereumMainnetL1,
  sepolia: sepoliaL1,
};

const scheduleEntry = v.object({
  target: uintSchema,
  max: uintSchema,
  baseFeeUpdateFraction: v.pipe(uintSchema, v.minValue(1, "must be non-zero")),
});

const gethConfig = v.looseObject({
  chainId: bigUintSchema,
  ...Object.fromEntries(l1BlobForks.map((fork) => [`${fork}Time`, v.nullish(uintSchema)])),
  blobSchedule: v.nullish(v.record(v.string(), scheduleEntry)),
});

/** A geth-style chain config, or a genesis file holding one under `config`. */
export function parseL1ChainConfig(input: unknown): L1ChainConfig {
  const inner =
    typeof input === "object" && input !== null && "config" in input
      ? (input as { config: unknown }).config
      : input;
  const prefix = inner === input ? "" : "config";
  const raw = parseConfig(gethConfig, inner, prefix) as Record<string, unknown> & {
    chainId: bigint;
    blobSchedule?: Record<string, BlobScheduleEntry> | null;
  };
  const forkTimes: { -readonly [F in L1BlobFork]?: number } = {};
  const blobSchedule: { -readonly [F in L1BlobFork]?: BlobScheduleEntry } = {};
  for (const fork of l1BlobForks) {
    const time = raw[`${fork}Time`];
    if (typeof time !== "number") continue;
    forkTimes[fork] = time;
    const entry =
      raw.blobSchedule?.[fork] ??
      (fork === "cancun"
        ? CANCUN_BLOB_SCHEDULE
        : fork === "prague" || fork === "osaka"
          ? PRAGUE_BLOB_SCHEDULE
          : undefined);
    if (!entry)
      throw new ConfigError(
        `${prefix ? `${prefix}.` : ""}blobSchedule.${fork}`,
        `is required when ${fork}Time is set`,
      );
    blobSchedule[fork] = entry;
  }
  return { chainId: raw.chainId, forkTimes, blobSchedule };
}

/** The blob schedule in force at an L1 block time (null before Cancun). */
export function blobScheduleAt(config: L1ChainConfig, l1Time: number): BlobScheduleEntry | null {
  let active: BlobScheduleEntry | null = null;
  for (const fork of l1BlobForks) {
    const time = config.forkTimes[fork];
    if (time !== undefined && l1Time >= time) active = config.blobSchedule[fork] ?? active;
  }
  return active;
}
