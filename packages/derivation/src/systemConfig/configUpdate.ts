// SystemConfig updates from L1 receipts (specs system-config.md and the Holocene, Isthmus and
// Jovian additions; op-node system_config.go; kona genesis/src/updates): SystemConfig's
// `ConfigUpdate(uint256 indexed version, uint8 indexed updateType, bytes data)` logs, applied in
// log order. Following op-node: a known type that is badly encoded and an unknown type are
// errors (the traversal makes them critical); an invalid scalar from Ecotone is ignored.
import {
  type Address,
  bytesToBigInt,
  bytesToHex,
  type DepositReceipt,
  type Hash,
  keccak256Text,
  type ReceiptLog,
  SupernodeError,
  type SystemConfig,
} from "@supernode/protocol";

export const CONFIG_UPDATE_TOPIC: Hash = bytesToHex(keccak256Text("ConfigUpdate(uint256,uint8,bytes)"));

/** Jovian: a DA footprint gas scalar of 0 means this default (kona da_footprint_gas_scalar.rs). */
export const DEFAULT_DA_FOOTPRINT_GAS_SCALAR = 400;

export const CONFIG_UPDATE_TYPES = [
  "batcher",
  "feeScalars",
  "gasLimit",
  "unsafeBlockSigner",
  "eip1559Params",
  "operatorFeeParams",
  "minBaseFee",
  "daFootprintGasScalar",
] as const;

export class ConfigUpdateError extends SupernodeError<"CONFIG_UPDATE_INVALID", { logIndex: number }> {
  override readonly name = "ConfigUpdateError";
}

/** The payload of the ABI `bytes` argument: offset word 32, a length word, the bytes, nothing after (zero padding aside). */
function abiBytes(data: Uint8Array, fail: (reason: string) => never): Uint8Array {
  if (data.length < 64) fail(`data of ${data.length} bytes has no bytes header`);
  if (bytesToBigInt(data.subarray(0, 32)) !== 32n) fail("bytes offset is not 32");
  const length = bytesToBigInt(data.subarray(32, 64));
  const padded = Number(((length + 31n) / 32n) * 32n);
  if (length > BigInt(data.length - 64) || 64 + padded !== data.length)
    fail(`bytes length ${length} does not match ${data.length - 64} data bytes`);
  return data.subarray(64, 64 + Number(length));
}

/** A word whose top `32 - size` bytes must be zero: an address (20), u64 (8) or u16 (2). */
function narrow(word: Uint8Array, size: number, what: string, fail: (reason: string) => never): Uint8Array {
  if (word.subarray(0, 32 - size).some((b) => b !== 0)) fail(`${what} has non-zero high bytes`);
  return word.subarray(32 - size);
}

/** An Ecotone-era scalar is valid in version 0 (bytes 1..28 zero) or version 1 (bytes 1..24 zero). */
export function isValidEcotoneScalar(scalar: Uint8Array): boolean {
  const zeroUntil = scalar[0] === 0 ? 28 : scalar[0] === 1 ? 24 : -1;
  return zeroUntil > 0 && scalar.subarray(1, zeroUntil).every((b) => b === 0);
}

/**
 * Applies one ConfigUpdate log. `ecotone` is whether Ecotone is active at the L1 block's time.
 * Throws ConfigUpdateError for anything malformed or unknown.
 */
export function applyConfigUpdate(config: SystemConfig, log: ReceiptLog, ecotone: boolean): SystemConfig {
  const fail = (reason: string): never => {
    throw new ConfigUpdateError("CONFIG_UPDATE_INVALID", `ConfigUpdate log ${log.logIndex}: ${reason}`, {
      logIndex: log.logIndex,
    });
  };
  if (log.topics.length !== 3) fail(`expected 3 topics, got ${log.topics.length}`);
  if (BigInt(log.topics[1] as Hash) !== 0n) fail(`unsupported version ${log.topics[1]}`);
  const typeIndex = BigInt(log.topics[2] as Hash);
  const type =
    typeIndex < BigInt(CONFIG_UPDATE_TYPES.length) ? CONFIG_UPDATE_TYPES[Number(typeIndex)] : undefined;
  if (!type) return fail(`unknown update type ${typeIndex}`);
  const payload = abiBytes(log.data, fail);
  const expectLength = (length: number) => {
    if (payload.length !== length) fail(`${type} payload of ${payload.length} bytes, expected ${length}`);
  };
  switch (type) {
    case "batcher":
      expectLength(32);
      return { ...config, batcherAddr: bytesToHex(narrow(payload, 20, "batcher address", fail)) as Address };
    case "feeScalars": {
      expectLength(64);
      const overhead = payload.subarray(0, 32);
      const scalar = payload.subarray(32, 64);
      if (!ecotone) return { ...config, overhead: bytesToHex(overhead), scalar: bytesToHex(scalar) };
      // From Ecotone an invalid scalar is ignored (the old one kept) and the overhead is gone.
      if (!isValidEcotoneScalar(scalar)) return config;
      return { ...config, overhead: `0x${"00".repeat(32)}`, scalar: bytesToHex(scalar) };
    }
    case "gasLimit":
      expectLength(32);
      return { ...config, gasLimit: Number(bytesToBigInt(narrow(payload, 8, "gas limit", fail))) };
    case "unsafeBlockSigner":
      // p2p policy, not consensus: derivation ignores it (op-node does not even decode it).
      return config;
    case "eip1559Params":
      expectLength(32);
      return { ...config, eip1559Params: bytesToHex(narrow(payload, 8, "EIP-1559 params", fail)) };
    case "operatorFeeParams":
      expectLength(32);
      return { ...config, operatorFeeParams: bytesToHex(payload) };
    case "minBaseFee":
      expectLength(32);
      return { ...config, minBaseFee: bytesToBigInt(narrow(payload, 8, "min base fee", fail)) };
    case "daFootprintGasScalar": {
      expectLength(32);
      const scalar = Number(bytesToBigInt(narrow(payload, 2, "DA footprint gas scalar", fail)));
      return { ...config, daFootprintGasScalar: scalar === 0 ? DEFAULT_DA_FOOTPRINT_GAS_SCALAR : scalar };
    }
  }
}

export interface SystemConfigUpdates {
  readonly config: SystemConfig;
  /** One per malformed or unknown update; the other updates are still applied (op-node's multierror). */
  readonly errors: readonly ConfigUpdateError[];
}

/** Every ConfigUpdate of an L1 block's successful receipts from `systemConfigAddress`, in order. */
export function applySystemConfigUpdates(
  config: SystemConfig,
  receipts: readonly DepositReceipt[],
  systemConfigAddress: Address,
  ecotone: boolean,
): SystemConfigUpdates {
  const address = systemConfigAddress.toLowerCase();
  const errors: ConfigUpdateError[] = [];
  let next = config;
  for (const receipt of receipts) {
    if (receipt.status !== "success") continue;
    for (const log of receipt.logs) {
      if (log.address.toLowerCase() !== address || log.topics[0]?.toLowerCase() !== CONFIG_UPDATE_TOPIC)
        continue;
      try {
        next = applyConfigUpdate(next, log, ecotone);
      } catch (error) {
        if (!(error instanceof ConfigUpdateError)) throw error;
        errors.push(error);
      }
    }
  }
  return { config: next, errors };
}
