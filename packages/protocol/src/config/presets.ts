// Network presets, typed by hand from the superchain registry values in reference/derivation.md
// §4.2 and §4.3 and the registry export (`--network op-sepolia`). Facts, not copied files: the vector tests compare
// every field the registry fixture holds.
import type { RollupConfig } from "./rollupConfig.ts";

const sepoliaProtocolVersions = "0x79add5713b383daa0a138d3c4780c7a1804a8090";
const sepoliaChainOpConfig = { eip1559Elasticity: 6, eip1559Denominator: 50, eip1559DenominatorCanyon: 250 };
const zero8 = "0x0000000000000000";
const zero32 = "0x0000000000000000000000000000000000000000000000000000000000000000";

export const opSepolia: RollupConfig = {
  genesis: {
    l1: { number: 4071408, hash: "0x48f520cf4ddaf34c8336e6e490632ea3cf1e5e93b0b2bc6e917557e31845371b" },
    l2: { number: 0, hash: "0x102de6ffb001480cc9b8b548fd05c34cd4f46ae4aa91759393db90ea0409887d" },
    l2Time: 1691802540,
    systemConfig: {
      batcherAddr: "0x8f23bb38f531600e5d8fddaaec41f13fab46e98c",
      overhead: "0x00000000000000000000000000000000000000000000000000000000000000bc",
      scalar: "0x00000000000000000000000000000000000000000000000000000000000a6fe0",
      gasLimit: 30_000_000,
      eip1559Params: zero8,
      operatorFeeParams: zero32,
      minBaseFee: 0n,
      daFootprintGasScalar: 0,
    },
  },
  blockTime: 2,
  maxSequencerDrift: 600,
  seqWindowSize: 3600,
  channelTimeout: 300,
  l1ChainId: 11155111n,
  l2ChainId: 11155420n,
  hardforks: {
    regolithTime: 0,
    canyonTime: 1699981200,
    deltaTime: 1703203200,
    ecotoneTime: 1708534800,
    fjordTime: 1716998400,
    graniteTime: 1723478400,
    holoceneTime: 1732633200,
    isthmusTime: 1744905600,
    jovianTime: 1763568001,
  },
  pectraBlobScheduleTime: 1742486400,
  batchInboxAddress: "0xff00000000000000000000000000000011155420",
  depositContractAddress: "0x16fc5058f25648194471939df75cf27a2fdc48bc",
  l1SystemConfigAddress: "0x034edd2a225f7f429a63e0f1d2084b9e0a93b538",
  protocolVersionsAddress: sepoliaProtocolVersions,
  chainOpConfig: sepoliaChainOpConfig,
};

export const unichainSepolia: RollupConfig = {
  genesis: {
    l1: { number: 6728364, hash: "0x81719966c43c08d616a832331500633db68006f5e8c0b575a6faf1704ad350c0" },
    l2: { number: 0, hash: "0xb7fe0bc9f98ca03294ca0094ff9374cc3e64130b6ec85850d6e260191f48bfe7" },
    l2Time: 1726852428,
    systemConfig: {
      batcherAddr: "0x4ab3387810ef500bfe05a49dc53a44c222cbab3e",
      overhead: zero32,
      // Ecotone scalar v1: blobBaseFeeScalar 900000, baseFeeScalar 2000.
      scalar: "0x010000000000000000000000000000000000000000000000000dbba0000007d0",
      gasLimit: 30_000_000,
      eip1559Params: zero8,
      operatorFeeParams: zero32,
      minBaseFee: 0n,
      daFootprintGasScalar: 0,
    },
  },
  blockTime: 1,
  maxSequencerDrift: 600,
  seqWindowSize: 3600,
  // Not in the registry files; the superchain default.
  channelTimeout: 300,
  l1ChainId: 11155111n,
  l2ChainId: 1301n,
  hardforks: {
    regolithTime: 0,
    canyonTime: 0,
    deltaTime: 0,
    ecotoneTime: 0,
    fjordTime: 0,
    graniteTime: 0,
    holoceneTime: 1734559200,
    isthmusTime: 1744905600,
    jovianTime: 1763568001,
  },
  pectraBlobScheduleTime: 1742486400,
  batchInboxAddress: "0xff00000000000000000000000000000000001301",
  depositContractAddress: "0x0d83dab629f0e0f9d36c0cbc89b69a489f0751bd",
  l1SystemConfigAddress: "0xaee94b9ab7752d3f7704bde212c0c6a0b701571d",
  protocolVersionsAddress: sepoliaProtocolVersions,
  chainOpConfig: sepoliaChainOpConfig,
};

const opMainnetOverhead = "0x00000000000000000000000000000000000000000000000000000000000000bc";

export const opMainnet: RollupConfig = {
  genesis: {
    l1: { number: 17422590, hash: "0x438335a20d98863a4c0c97999eb2481921ccd28553eac6f913af7c12aec04108" },
    l2: { number: 105235063, hash: "0xdbf6a80fef073de06add9b0d14026d6e5a86c85f6d102c36d3d8e9cf89c2afd3" },
    l2Time: 1686068903,
    systemConfig: {
      batcherAddr: "0x6887246668a3b87f54deb3b94ba47a6f63f32985",
      overhead: opMainnetOverhead,
      scalar: "0x00000000000000000000000000000000000000000000000000000000000a6fe0",
      gasLimit: 30_000_000,
      eip1559Params: zero8,
      operatorFeeParams: zero32,
      minBaseFee: 0n,
      daFootprintGasScalar: 0,
    },
  },
  blockTime: 2,
  maxSequencerDrift: 600,
  seqWindowSize: 3600,
  channelTimeout: 300,
  l1ChainId: 1n,
  l2ChainId: 10n,
  hardforks: {
    regolithTime: 0,
    canyonTime: 1704992401,
    deltaTime: 1708560000,
    ecotoneTime: 1710374401,
    fjordTime: 1720627201,
    graniteTime: 1726070401,
    holoceneTime: 1736445601,
    isthmusTime: 1746806401,
    jovianTime: 1764691201,
  },
  batchInboxAddress: "0xff00000000000000000000000000000000000010",
  depositContractAddress: "0xbeb5fc579115071764c7423a4f12edde41f106ed",
  l1SystemConfigAddress: "0x229047fed2591dbec1ef1118d64f7af3db9eb290",
  protocolVersionsAddress: "0x8062abc286f5e7d9428a0ccb9abd71e50d93b935",
  chainOpConfig: sepoliaChainOpConfig,
};

/** `--network <name>` values. */
export const networkPresets: Readonly<Record<string, RollupConfig>> = {
  "op-mainnet": opMainnet,
  "op-sepolia": opSepolia,
  "unichain-sepolia": unichainSepolia,
};

export function presetByChainId(chainId: bigint): RollupConfig | undefined {
  return Object.values(networkPresets).find((preset) => preset.l2ChainId === chainId);
}
