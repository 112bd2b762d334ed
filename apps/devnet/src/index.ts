// @supernode/devnet: the embedded devnet (built piece by piece; see README.md).
export { type AnvilProcess, anvilBinary, startAnvilProcess } from "./anvil/anvilProcess.ts";
export { Batcher, type BatcherOptions, type StepReport } from "./batcher/batcher.ts";
export { type BatchBlock, batchBlock, EngineBlockSource, type L2BlockSource } from "./batcher/blockSource.ts";
export { BatcherError } from "./batcher/errors.ts";
export { blockTimeOf, chainIdOf, devnetHardforks, type ForkVariant } from "./chains/chainSpecs.ts";
export {
  batchInboxAddress,
  type ChainEngine,
  DevnetChain,
  genesisSystemConfig,
} from "./chains/devnetChain.ts";
export { type Clock, type ClockMode, createClock } from "./clock.ts";
export {
  deployL1Contracts,
  L1Contracts,
  type L1Deployment,
} from "./contracts/l1Contracts.ts";
export { Devnet, type DevnetChainRuntime, type DevnetEndpoints, type DevnetOptions } from "./devnet.ts";
export {
  BuildError,
  buildBlock,
  type ChainRules,
  genesisBlock,
  type SealedBlock,
} from "./engine/blockBuilder.ts";
export { startEngineAnvil } from "./engine/engineAnvil.ts";
export { type EngineServer, type EngineServerOptions, startEngineServer } from "./engine/engineServer.ts";
export {
  EngineError,
  ExecutionEngine,
  type ForkchoiceState,
  INVALID_FORKCHOICE_STATE,
  INVALID_PAYLOAD_ATTRIBUTES,
  type PayloadStatus,
  UNKNOWN_PAYLOAD,
} from "./engine/executionEngine.ts";
export {
  CROSS_L2_INBOX,
  GAS_PRICE_ORACLE,
  type GenesisAccount,
  type GenesisOptions,
  genesisJson,
  L1_BLOCK,
  L2_TO_L1_MESSAGE_PASSER,
  L2_TO_L2_CROSS_DOMAIN_MESSENGER,
  predeploys,
  writeGenesis,
} from "./engine/genesis.ts";
export { DevnetL1, devAddress, devKey } from "./l1/devnetL1.ts";
export {
  type SupernodeArgsOptions,
  type SupernodeEngines,
  startSupernodeEngines,
  supernodeArgs,
} from "./launch/supernodeArgs.ts";
export { spawnOwned } from "./process/ownedProcess.ts";
export { Sequencer } from "./sequencer/sequencer.ts";
export { Traffic, type TrafficOptions } from "./traffic/traffic.ts";
