// rollup.json: op-node's and kona's spellings in, op-node's shape out (what optimism_rollupConfig
// returns). Field list: reference/derivation.md §4.1; op-node rollup/types.go; kona genesis/rollup.rs.
import * as v from "valibot";
import { ConfigError } from "../errors.ts";
import type { BlockID } from "../types/blocks.ts";
import { zeroHash } from "../types/blocks.ts";
import {
  type Address,
  addressSchema,
  bigUintSchema,
  bigUintToJson,
  bytes8Schema,
  bytes32Schema,
  type Hex,
  hashSchema,
  uintSchema,
} from "../types/primitives.ts";
import { type Fork, forkOrder } from "./forks.ts";
import { parseConfig } from "./schemaErrors.ts";

/** The SystemConfig values at genesis, in op-node's form (eth.SystemConfig). */
export interface SystemConfig {
  readonly batcherAddr: Address;
  /** Pre-Ecotone fee overhead (bytes32). */
  readonly overhead: Hex;
  /** Fee scalar (bytes32); versioned from Ecotone (0x01 ‖ … ‖ blobBaseFeeScalar u32 ‖ baseFeeScalar u32). */
  readonly scalar: Hex;
  readonly gasLimit: number;
  /** Holocene: u32 denominator ‖ u32 elasticity; zero means the Canyon constants. */
  readonly eip1559Params: Hex;
  /** Isthmus: 20 zero bytes ‖ u32 operatorFeeScalar ‖ u64 operatorFeeConstant. */
  readonly operatorFeeParams: Hex;
  /** Jovian: minimum base fee in wei. */
  readonly minBaseFee: bigint;
  /** Jovian: DA footprint gas scalar (u16). */
  readonly daFootprintGasScalar: number;
}

export interface ChainOpConfig {
  readonly eip1559Elasticity: number;
  readonly eip1559Denominator: number;
  readonly eip1559DenominatorCanyon: number;
}

export interface AltDaConfig {
  readonly daChallengeContractAddress: Address;
  readonly daCommitmentType: string;
  readonly daChallengeWindow: number;
  readonly daResolveWindow: number;
}

/** Fork activation timestamps as written in the file; absent means never (unless a later fork implies it). */
export type HardforkTimes = { readonly [F in Fork as `${F}Time`]?: number };

export interface RollupConfig {
  readonly genesis: {
    /** The L1 block the rollup starts after; the first epoch is the next L1 block. */
    readonly l1: BlockID;
    readonly l2: BlockID;
    readonly l2Time: number;
    readonly systemConfig: SystemConfig;
  };
  readonly blockTime: number;
  /** Before Fjord; the constant 1800 from Fjord on. */
  readonly maxSequencerDrift: number;
  readonly seqWindowSize: number;
  /** Before Granite; the constant 50 from Granite on. */
  readonly channelTimeout: number;
  readonly l1ChainId: bigint;
  readonly l2ChainId: bigint;
  readonly hardforks: HardforkTimes;
  /** Optional L1 blob-fee schedule switch (judged by L1 origin time), outside the fork chain. */
  readonly pectraBlobScheduleTime?: number;
  readonly batchInboxAddress: Address;
  readonly depositContractAddress: Address;
  readonly l1SystemConfigAddress: Address;
  readonly protocolVersionsAddress?: Address;
  readonly altDa?: AltDaConfig;
  readonly chainOpConfig?: ChainOpConfig;
}

/** op-node's rollup.json (the serialized form). */
export interface RollupConfigJson {
  genesis: {
    l1: { hash: Hex; number: number };
    l2: { hash: Hex; number: number };
    l2_time: number;
    system_config: {
      batcherAddr: Address;
      overhead: Hex;
      scalar: Hex;
      gasLimit: number;
      eip1559Params: Hex;
      operatorFeeParams: Hex;
      minBaseFee: number | string;
      daFootprintGasScalar: number;
    };
  };
  block_time: number;
  max_sequencer_drift: number;
  seq_window_size: number;
  channel_timeout: number;
  l1_chain_id: number | string;
  l2_chain_id: number | string;
  [forkKey: `${string}_time`]: number;
  batch_inbox_address: Address;
  deposit_contract_address: Address;
  l1_system_config_address: Address;
  protocol_versions_address?: Address;
  alt_da?: {
    da_challenge_contract_address: Address;
    da_commitment_type: string;
    da_challenge_window: number;
    da_resolve_window: number;
  };
  chain_op_config?: ChainOpConfig;
}

/** Granite's fixed channel timeout; kona's `granite_channel_timeout` may only restate it. */
export const GRANITE_CHANNEL_TIMEOUT = 50;

const zeroBytes8: Hex = `0x${"00".repeat(8)}`;
const zeroBytes32: Hex = zeroHash;
const zeroAddress: Address = `0x${"00".repeat(20)}`;

const optionalTime = v.nullish(uintSchema);
const optionalAddress = v.nullish(addressSchema);
const u32 = v.pipe(uintSchema, v.maxValue(0xffff_ffff, "expected a uint32"));
const u16 = v.pipe(uintSchema, v.maxValue(0xffff, "expected a uint16"));
const u64 = v.pipe(bigUintSchema, v.maxValue((1n << 64n) - 1n, "expected a uint64"));

const genesisIdSchema = v.object({ hash: hashSchema, number: uintSchema });

/** Both spellings: op-node's packed fields and kona's split ones (folded into op-node's below). */
const systemConfigInput = v.looseObject({
  batcherAddr: optionalAddress,
  batcherAddress: optionalAddress,
  overhead: v.nullish(bytes32Schema),
  scalar: v.nullish(bytes32Schema),
  gasLimit: v.pipe(uintSchema, v.minValue(1, "must be non-zero")),
  eip1559Params: v.nullish(bytes8Schema),
  operatorFeeParams: v.nullish(bytes32Schema),
  minBaseFee: v.nullish(u64),
  daFootprintGasScalar: v.nullish(u16),
  baseFeeScalar: v.nullish(u32),
  blobBaseFeeScalar: v.nullish(u32),
  eip1559Denominator: v.nullish(u32),
  eip1559Elasticity: v.nullish(u32),
  operatorFeeScalar: v.nullish(u32),
  operatorFeeConstant: v.nullish(u64),
});

const forkTimeEntries = Object.fromEntries(forkOrder.map((fork) => [`${fork}_time`, optionalTime])) as Record<
  `${Fork}_time`,
  typeof optionalTime
>;

const rollupConfigInput = v.looseObject({
  genesis: v.looseObject({
    l1: genesisIdSchema,
    l2: genesisIdSchema,
    l2_time: uintSchema,
    system_config: systemConfigInput,
  }),
  block_time: v.pipe(uintSchema, v.minValue(1, "must be at least 1 second")),
  max_sequencer_drift: v.pipe(uintSchema, v.minValue(1, "must be non-zero")),
  seq_window_size: v.pipe(uintSchema, v.minValue(2, "must be at least 2 L1 blocks")),
  channel_timeout: v.pipe(uintSchema, v.minValue(1, "must be non-zero")),
  l1_chain_id: bigUintSchema,
  l2_chain_id: bigUintSchema,
  ...forkTimeEntries,
  pectra_blob_schedule_time: optionalTime,
  batch_inbox_address: addressSchema,
  deposit_contract_address: addressSchema,
  l1_system_config_address: addressSchema,
  protocol_versions_address: optionalAddress,
  alt_da: v.nullish(
    v.object({
      da_challenge_contract_address: addressSchema,
      da_commitment_type: v.string(),
      da_challenge_window: uintSchema,
      da_resolve_window: uintSchema,
    }),
  ),
  chain_op_config: v.nullish(
    v.object({
      eip1559Elasticity: v.pipe(uintSchema, v.minValue(1, "must be non-zero")),
      eip1559Denominator: v.pipe(uintSchema, v.minValue(1, "must be non-zero")),
      eip1559DenominatorCanyon: v.pipe(uintSchema, v.minValue(1, "must be non-zero")),
    }),
  ),
  // kona's extra keys: type-checked, then dropped (op-node has no such settings).
  granite_channel_timeout: v.nullish(uintSchema),
  superchain_config_address: optionalAddress,
  blobs_data: optionalTime,
  da_challenge_address: optionalAddress,
  interop_message_expiry_window: v.nullish(uintSchema),
});

const knownTopLevelKeys = new Set<string>(Object.keys(rollupConfigInput.entries));
const knownSystemConfigKeys = new Set<string>(Object.keys(systemConfigInput.entries));

function hexOfWidth(value: bigint, bytes: number): string {
  return value.toString(16).padStart(bytes * 2, "0");
}

type SystemConfigInput = v.InferOutput<typeof systemConfigInput>;

function foldSystemConfig(input: SystemConfigInput): SystemConfig {
  const key = (name: string) => `genesis.system_config.${name}`;
  const batcherAddr = input.batcherAddr ?? input.batcherAddress;
  if (!batcherAddr) throw new ConfigError(key("batcherAddr"), "is required (or kona's batcherAddress)");
  if (input.batcherAddr && input.batcherAddress && input.batcherAddr !== input.batcherAddress) {
    throw new ConfigError(key("batcherAddress"), "disagrees with batcherAddr", input.batcherAddress);
  }

  let scalar = input.scalar ?? undefined;
  if (input.baseFeeScalar != null || input.blobBaseFeeScalar != null) {
    const packed: Hex = `0x01${"00".repeat(23)}${hexOfWidth(BigInt(input.blobBaseFeeScalar ?? 0), 4)}${hexOfWidth(BigInt(input.baseFeeScalar ?? 0), 4)}`;
    if (scalar && scalar !== packed)
      throw new ConfigError(key("baseFeeScalar"), "disagrees with scalar", scalar);
    scalar = packed;
  }

  let eip1559Params = input.eip1559Params ?? undefined;
  if (input.eip1559Denominator != null || input.eip1559Elasticity != null) {
    const packed: Hex = `0x${hexOfWidth(BigInt(input.eip1559Denominator ?? 0), 4)}${hexOfWidth(BigInt(input.eip1559Elasticity ?? 0), 4)}`;
    if (eip1559Params && eip1559Params !== packed) {
      throw new ConfigError(key("eip1559Denominator"), "disagrees with eip1559Params", eip1559Params);
    }
    eip1559Params = packed;
  }

  let operatorFeeParams = input.operatorFeeParams ?? undefined;
  if (input.operatorFeeScalar != null || input.operatorFeeConstant != null) {
    const packed: Hex = `0x${"00".repeat(20)}${hexOfWidth(BigInt(input.operatorFeeScalar ?? 0), 4)}${hexOfWidth(input.operatorFeeConstant ?? 0n, 8)}`;
    if (operatorFeeParams && operatorFeeParams !== packed) {
      throw new ConfigError(key("operatorFeeScalar"), "disagrees with operatorFeeParams", operatorFeeParams);
    }
    operatorFeeParams = packed;
  }

  return {
    batcherAddr,
    overhead: input.overhead ?? zeroBytes32,
    scalar: scalar ?? zeroBytes32,
    gasLimit: input.gasLimit,
    eip1559Params: eip1559Params ?? zeroBytes8,
    operatorFeeParams: operatorFeeParams ?? zeroBytes32,
    minBaseFee: input.minBaseFee ?? 0n,
    daFootprintGasScalar: input.daFootprintGasScalar ?? 0,
  };
}

/** op-node's fork-order rule: every explicitly set fork time is ≥ the explicit times of earlier forks. */
function checkForkOrder(hardforks: HardforkTimes): void {
  let previous: { fork: Fork; time: number } | undefined;
  for (const fork of forkOrder) {
    const time = hardforks[`${fork}Time`];
    if (time === undefined) continue;
    if (previous && time < previous.time) {
      throw new ConfigError(
        `${fork}_time`,
        `is before ${previous.fork}_time (${previous.time}); forks must activate in order`,
        time,
      );
    }
    previous = { fork, time };
  }
}

function nonZero(key: string, value: Hex, zero: Hex): void {
  if (value === zero) throw new ConfigError(key, "must not be zero", value);
}

/**
 * Parses a rollup.json object in op-node's or kona's spelling into a typed RollupConfig.
 * Throws a ConfigError naming the offending key. Unknown keys are not errors: see `unknownRollupConfigKeys`.
 */
export function parseRollupConfig(input: unknown): RollupConfig {
  const raw = parseConfig(rollupConfigInput, input);
  if (raw.granite_channel_timeout != null && raw.granite_channel_timeout !== GRANITE_CHANNEL_TIMEOUT) {
    throw new ConfigError(
      "granite_channel_timeout",
      `only the protocol value ${GRANITE_CHANNEL_TIMEOUT} is supported`,
      raw.granite_channel_timeout,
    );
  }
  nonZero("genesis.l1.hash", raw.genesis.l1.hash, zeroHash);
  nonZero("genesis.l2.hash", raw.genesis.l2.hash, zeroHash);
  nonZero("batch_inbox_address", raw.batch_inbox_address, zeroAddress);
  nonZero("deposit_contract_address", raw.deposit_contract_address, zeroAddress);
  if (raw.l1_chain_id === raw.l2_chain_id) {
    throw new ConfigError("l2_chain_id", "must differ from l1_chain_id", raw.l2_chain_id);
  }

  const hardforks: { -readonly [K in keyof HardforkTimes]: number } = {};
  for (const fork of forkOrder) {
    const time = raw[`${fork}_time`];
    if (time != null) hardforks[`${fork}Time`] = time;
  }
  checkForkOrder(hardforks);

  const config: {
    -readonly [K in keyof RollupConfig]: RollupConfig[K];
  } = {
    genesis: {
      l1: { hash: raw.genesis.l1.hash, number: raw.genesis.l1.number },
      l2: { hash: raw.genesis.l2.hash, number: raw.genesis.l2.number },
      l2Time: raw.genesis.l2_time,
      systemConfig: foldSystemConfig(raw.genesis.system_config),
    },
    blockTime: raw.block_time,
    maxSequencerDrift: raw.max_sequencer_drift,
    seqWindowSize: raw.seq_window_size,
    channelTimeout: raw.channel_timeout,
    l1ChainId: raw.l1_chain_id,
    l2ChainId: raw.l2_chain_id,
    hardforks,
    batchInboxAddress: raw.batch_inbox_address,
    depositContractAddress: raw.deposit_contract_address,
    l1SystemConfigAddress: raw.l1_system_config_address,
  };
  if (raw.pectra_blob_schedule_time != null) config.pectraBlobScheduleTime = raw.pectra_blob_schedule_time;
  if (raw.protocol_versions_address != null) config.protocolVersionsAddress = raw.protocol_versions_address;
  if (raw.alt_da != null) {
    config.altDa = {
      daChallengeContractAddress: raw.alt_da.da_challenge_contract_address,
      daCommitmentType: raw.alt_da.da_commitment_type,
      daChallengeWindow: raw.alt_da.da_challenge_window,
      daResolveWindow: raw.alt_da.da_resolve_window,
    };
  }
  if (raw.chain_op_config != null) config.chainOpConfig = { ...raw.chain_op_config };
  return config;
}

/** Keys of a rollup.json object that neither op-node nor kona defines (typos show up here). */
export function unknownRollupConfigKeys(input: unknown): string[] {
  if (typeof input !== "object" || input === null) return [];
  const record = input as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !knownTopLevelKeys.has(key));
  const genesis = record.genesis as Record<string, unknown> | undefined;
  for (const key of Object.keys(genesis ?? {})) {
    if (!["l1", "l2", "l2_time", "system_config"].includes(key)) unknown.push(`genesis.${key}`);
  }
  const systemConfig = genesis?.system_config as Record<string, unknown> | undefined;
  for (const key of Object.keys(systemConfig ?? {})) {
    if (!knownSystemConfigKeys.has(key)) unknown.push(`genesis.system_config.${key}`);
  }
  return unknown;
}

/** op-node's JSON shape of the config, as `optimism_rollupConfig` returns it (key order included). */
export function serializeRollupConfig(config: RollupConfig): RollupConfigJson {
  const system = config.genesis.systemConfig;
  const forkTimes = (forks: readonly Fork[]) =>
    Object.fromEntries(
      forks.flatMap((fork) => {
        const time = config.hardforks[`${fork}Time`];
        return time === undefined ? [] : [[`${fork}_time`, time]];
      }),
    );
  // op-node places pectra_blob_schedule_time between holocene_time and isthmus_time.
  const isthmusIndex = forkOrder.indexOf("isthmus");
  return {
    genesis: {
      l1: { hash: config.genesis.l1.hash, number: config.genesis.l1.number },
      l2: { hash: config.genesis.l2.hash, number: config.genesis.l2.number },
      l2_time: config.genesis.l2Time,
      system_config: {
        batcherAddr: system.batcherAddr,
        overhead: system.overhead,
        scalar: system.scalar,
        gasLimit: system.gasLimit,
        eip1559Params: system.eip1559Params,
        operatorFeeParams: system.operatorFeeParams,
        minBaseFee: bigUintToJson(system.minBaseFee),
        daFootprintGasScalar: system.daFootprintGasScalar,
      },
    },
    block_time: config.blockTime,
    max_sequencer_drift: config.maxSequencerDrift,
    seq_window_size: config.seqWindowSize,
    channel_timeout: config.channelTimeout,
    l1_chain_id: bigUintToJson(config.l1ChainId),
    l2_chain_id: bigUintToJson(config.l2ChainId),
    ...forkTimes(forkOrder.slice(0, isthmusIndex)),
    ...(config.pectraBlobScheduleTime === undefined
      ? {}
      : { pectra_blob_schedule_time: config.pectraBlobScheduleTime }),
    ...forkTimes(forkOrder.slice(isthmusIndex)),
    batch_inbox_address: config.batchInboxAddress,
    deposit_contract_address: config.depositContractAddress,
    l1_system_config_address: config.l1SystemConfigAddress,
    ...(config.protocolVersionsAddress === undefined
      ? {}
      : { protocol_versions_address: config.protocolVersionsAddress }),
    ...(config.altDa === undefined
      ? {}
      : {
          alt_da: {
            da_challenge_contract_address: config.altDa.daChallengeContractAddress,
            da_commitment_type: config.altDa.daCommitmentType,
            da_challenge_window: config.altDa.daChallengeWindow,
            da_resolve_window: config.altDa.daResolveWindow,
          },
        }),
    ...(config.chainOpConfig === undefined ? {} : { chain_op_config: { ...config.chainOpConfig } }),
  };
}
