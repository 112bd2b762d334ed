// @supernode/devnet: the embedded devnet (built piece by piece; see README.md).
export { type AnvilProcess, anvilBinary, startAnvilProcess } from "./anvil/anvilProcess.ts";
export {
  BuildError,
  buildBlock,
  type ChainRules,
  genesisBlock,
  L2_TO_L1_MESSAGE_PASSER,
  type SealedBlock,
} from "./engine/blockBuilder.ts";
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
