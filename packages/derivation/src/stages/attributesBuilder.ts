// Attributes builder (specs "Deriving Payload Attributes", "Building Individual Payload
// Attributes"; op-node attributes.go; kona attributes/stateful.rs): the payload attributes of the
// block after `parent` in `epoch`. On an epoch change the epoch's L1 header and receipts give the
// user deposits and the SystemConfig updates; the transactions are the L1-info deposit, the user
// deposits, the upgrade transactions of a fork's activation block, then the batch's.
import {
  type Address,
  type BlobFeeContext,
  type BlockID,
  blobBaseFee,
  type DepositReceipt,
  encodeDepositTx,
  type ForkSchedule,
  type Hash,
  type L1BlockRef,
  type L2BlockRef,
  l1BlockInfo,
  l1InfoDepositTx,
  l1InfoFormatAt,
  type PayloadAttributes,
  type SystemConfig,
  type UpgradeFork,
  upgradeTransactions,
  userDeposits,
} from "@supernode/protocol";
import { DerivationError } from "../errors.ts";
import { applySystemConfigUpdates } from "../systemConfig/configUpdate.ts";

/** The L1 header fields the attributes use. */
export interface L1Header {
  readonly ref: L1BlockRef;
  readonly baseFee: bigint;
  readonly mixHash: Hash;
  readonly parentBeaconBlockRoot?: Hash;
  readonly excessBlobGas?: bigint;
}

/** The L1 port of the attributes builder. */
export interface EpochSource {
  header(epoch: BlockID): Promise<L1Header>;
  receipts(header: L1BlockRef): Promise<readonly DepositReceipt[]>;
}

export interface AttributesConfig {
  readonly forks: ForkSchedule;
  readonly blockTime: number;
  readonly depositContractAddress: Address;
  readonly systemConfigAddress: Address;
  readonly blobFees: BlobFeeContext;
}

/** The SequencerFeeVault predeploy: every derived block's fee recipient. */
export const SEQUENCER_FEE_VAULT: Address = "0x4200000000000000000000000000000000000011";

const UPGRADE_ORDER: readonly UpgradeFork[] = ["ecotone", "fjord", "isthmus", "jovian", "interop"];
const STAGE = "attributes";
const ZERO_HASH: Hash = `0x${"00".repeat(32)}`;

async function fetch<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new DerivationError("temporary", STAGE, `${what}: ${(error as Error).message}`, { cause: error });
  }
}

export interface BuiltAttributes {
  readonly attributes: PayloadAttributes;
  /** The system config after this epoch's updates (the attributes-side copy). */
  readonly systemConfig: SystemConfig;
}

export async function buildAttributes(
  config: AttributesConfig,
  l1: EpochSource,
  parent: L2BlockRef,
  epoch: BlockID,
  systemConfig: SystemConfig,
  batchTransactions: readonly Uint8Array[],
): Promise<BuiltAttributes> {
  const { forks } = config;
  const header = await fetch(`L1 header ${epoch.number}`, () => l1.header(epoch));
  let sysConfig = systemConfig;
  let deposits: Uint8Array[] = [];
  let sequenceNumber: number;
  if (parent.l1origin.number !== epoch.number) {
    if (header.ref.parentHash.toLowerCase() !== parent.l1origin.hash.toLowerCase()) {
      throw new DerivationError(
        "reset",
        STAGE,
        `epoch ${epoch.number}'s parent ${header.ref.parentHash} is not the parent block's L1 origin ${parent.l1origin.hash}`,
      );
    }
    const receipts = await fetch(`receipts of L1 block ${epoch.number}`, () => l1.receipts(header.ref));
    const found = userDeposits(receipts as DepositReceipt[], config.depositContractAddress, header.ref.hash);
    if (found.errors.length > 0) {
      throw new DerivationError(
        "critical",
        STAGE,
        `L1 block ${epoch.number}: ${found.errors.map((e) => e.message).join("; ")}`,
        { cause: found.errors[0] },
      );
    }
    deposits = found.deposits.map(encodeDepositTx);
    const updated = applySystemConfigUpdates(
      sysConfig,
      receipts,
      config.systemConfigAddress,
      forks.isEcotone(header.ref.timestamp),
    );
    if (updated.errors.length > 0) {
      throw new DerivationError(
        "critical",
        STAGE,
        `L1 block ${epoch.number}: ${updated.errors.map((e) => e.message).join("; ")}`,
        { cause: updated.errors[0] },
      );
    }
    sysConfig = updated.config;
    sequenceNumber = 0;
  } else {
    if (parent.l1origin.hash.toLowerCase() !== header.ref.hash.toLowerCase()) {
      throw new DerivationError(
        "reset",
        STAGE,
        `the parent block's L1 origin ${parent.l1origin.hash} is not epoch ${epoch.number} (${header.ref.hash})`,
      );
    }
    sequenceNumber = parent.sequenceNumber + 1;
  }
  const timestamp = parent.timestamp + config.blockTime;
  if (timestamp < header.ref.timestamp) {
    throw new DerivationError(
      "reset",
      STAGE,
      `block time ${timestamp} is before its L1 origin's ${header.ref.timestamp}`,
    );
  }
  const info = l1BlockInfo(
    l1InfoFormatAt(forks, timestamp),
    {
      number: header.ref.number,
      timestamp: header.ref.timestamp,
      hash: header.ref.hash,
      baseFee: header.baseFee,
      blobBaseFee: blobBaseFee(config.blobFees, header.ref.timestamp, header.excessBlobGas),
    },
    sequenceNumber,
    sysConfig,
  );
  const upgrades = UPGRADE_ORDER.filter((fork) => forks.isActivationBlock(fork, timestamp)).flatMap((fork) =>
    upgradeTransactions(fork),
  );
  const transactions: Uint8Array[] = [
    encodeDepositTx(l1InfoDepositTx(info, forks.isRegolith(timestamp))),
    ...deposits,
    ...upgrades,
    ...batchTransactions,
  ];
  const holocene = forks.isHolocene(timestamp);
  const attributes: PayloadAttributes = {
    timestamp: BigInt(timestamp),
    prevRandao: header.mixHash,
    suggestedFeeRecipient: SEQUENCER_FEE_VAULT,
    ...(forks.isCanyon(timestamp) ? { withdrawals: [] } : {}),
    ...(forks.isEcotone(timestamp)
      ? { parentBeaconBlockRoot: header.parentBeaconBlockRoot ?? ZERO_HASH }
      : {}),
    transactions,
    noTxPool: true,
    gasLimit: BigInt(sysConfig.gasLimit),
    ...(holocene
      ? {
          eip1559Params: forks.isActivationBlock("holocene", timestamp)
            ? "0x0000000000000000"
            : sysConfig.eip1559Params,
        }
      : {}),
    ...(forks.isJovian(timestamp) ? { minBaseFee: sysConfig.minBaseFee } : {}),
  };
  return { attributes, systemConfig: sysConfig };
}
