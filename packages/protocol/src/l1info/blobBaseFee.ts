// The L1 blob base fee the L1-info deposit carries (EIP-4844 `fake_exponential`), with the update
// fraction of the L1 fork active at the L1 origin's time and the Pectra blob-schedule quirk.
import { blobScheduleAt, CANCUN_BLOB_SCHEDULE, type L1ChainConfig } from "../config/l1ChainConfig.ts";

const MIN_BLOB_BASE_FEE = 1n;

/** EIP-4844: approximates factor · e^(numerator / denominator) with integers. */
export function fakeExponential(factor: bigint, numerator: bigint, denominator: bigint): bigint {
  let i = 1n;
  let output = 0n;
  let accumulator = factor * denominator;
  while (accumulator > 0n) {
    output += accumulator;
    accumulator = (accumulator * numerator) / (denominator * i);
    i += 1n;
  }
  return output / denominator;
}

export interface BlobFeeContext {
  readonly l1: L1ChainConfig;
  /** The rollup's `pectra_blob_schedule_time`: before it, the Cancun fraction stays in force. */
  readonly pectraBlobScheduleTime?: number | undefined;
}

/** The blob base-fee update fraction for an L1 origin time (Cancun's when no fork says otherwise). */
export function blobBaseFeeUpdateFraction(context: BlobFeeContext, l1Time: number): bigint {
  const schedule = blobScheduleAt(context.l1, l1Time) ?? CANCUN_BLOB_SCHEDULE;
  const pragueTime = context.l1.forkTimes.prague;
  const quirk =
    context.pectraBlobScheduleTime !== undefined &&
    l1Time < context.pectraBlobScheduleTime &&
    pragueTime !== undefined &&
    l1Time >= pragueTime;
  return BigInt(quirk ? CANCUN_BLOB_SCHEDULE.baseFeeUpdateFraction : schedule.baseFeeUpdateFraction);
}

/** The blob base fee for an L1 header: 1 when it has no excessBlobGas (before Cancun). */
export function blobBaseFee(
  context: BlobFeeContext,
  l1Time: number,
  excessBlobGas: bigint | null | undefined,
): bigint {
  if (excessBlobGas === null || excessBlobGas === undefined) return MIN_BLOB_BASE_FEE;
  return fakeExponential(MIN_BLOB_BASE_FEE, excessBlobGas, blobBaseFeeUpdateFraction(context, l1Time));
}
