// The system config an L2 block implies, as op-node's PayloadToSystemConfig reads it back: the
// batcher and fee scalars from the block's L1-info deposit, the gas limit from the header, the
// Holocene EIP-1559 params and Jovian min base fee from extraData, the Isthmus operator fee
// params and Jovian DA footprint scalar from the deposit. The genesis block has the rollup
// config's.
import {
  type BlockHeader,
  bytesToHex,
  decodeExtraData,
  type ForkSchedule,
  type L1BlockInfo,
  type SystemConfig,
} from "@supernode/protocol";

const u32 = (value: number) => value.toString(16).padStart(8, "0");

export function systemConfigFromBlock(
  header: BlockHeader,
  l1Info: L1BlockInfo | null,
  forks: ForkSchedule,
  genesisSystemConfig: SystemConfig,
): SystemConfig {
  if (l1Info === null) return genesisSystemConfig;
  const timestamp = Number(header.timestamp);
  const bedrock = l1Info.format === "bedrock";
  const extra = forks.isHolocene(timestamp) ? decodeExtraData(header.extraData) : null;
  const operator = new Uint8Array(32);
  if (forks.isIsthmus(timestamp)) {
    new DataView(operator.buffer).setUint32(20, l1Info.operatorFeeScalar);
    new DataView(operator.buffer).setBigUint64(24, l1Info.operatorFeeConstant);
  }
  return {
    batcherAddr: l1Info.batcherAddr,
    // From Ecotone the overhead is gone and the scalar is the versioned (v1) encoding.
    overhead: bedrock ? l1Info.l1FeeOverhead : `0x${"00".repeat(32)}`,
    scalar: bedrock
      ? l1Info.l1FeeScalar
      : `0x01${"00".repeat(23)}${u32(l1Info.blobBaseFeeScalar)}${u32(l1Info.baseFeeScalar)}`,
    gasLimit: Number(header.gasLimit),
    eip1559Params: extra ? `0x${u32(extra.denominator)}${u32(extra.elasticity)}` : `0x${"00".repeat(8)}`,
    operatorFeeParams: bytesToHex(operator),
    minBaseFee: forks.isJovian(timestamp) ? (extra?.minBaseFee ?? 0n) : 0n,
    daFootprintGasScalar: forks.isJovian(timestamp) ? l1Info.daFootprintGasScalar : 0,
  };
}
