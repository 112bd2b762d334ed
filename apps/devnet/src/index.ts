// @supernode/devnet: the embedded devnet (built piece by piece; see README.md).
export { type AnvilProcess, anvilBinary, startAnvilProcess } from "./anvil/anvilProcess.ts";
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
