// @supernode/engine-api: what a virtual node drives its chain's execution client with.

export { type ConsolidationResult, consolidate } from "./consolidate.ts";
export {
  EngineClient,
  expectValid,
  type ForkchoiceState,
  type ForkchoiceUpdatedResult,
  type PayloadEnvelope,
  type PayloadStatus,
  type PayloadStatusValue,
} from "./engineClient.ts";
export { EngineController, type EngineLabels, RewindError, type RewindFailure } from "./engineController.ts";
export { classifyRpcCode, EngineApiError, type EngineErrorKind, type EngineErrorReason } from "./errors.ts";
export { readJwtSecretFile } from "./jwtSecret.ts";
export {
  type BlockTag,
  L2_TO_L1_MESSAGE_PASSER,
  type L2Block,
  type L2Output,
  type L2OutputRoot,
  L2Reader,
  type L2ReaderOptions,
  type RpcTransaction,
} from "./l2Reader.ts";
export {
  type ForkchoiceUpdatedMethod,
  forkchoiceUpdatedMethod,
  type GetPayloadMethod,
  getPayloadMethod,
  type NewPayloadMethod,
  newPayloadMethod,
} from "./methods.ts";
export { createEngineApiMetrics, type EngineApiMetrics } from "./metrics.ts";
export { systemConfigFromBlock } from "./systemConfig.ts";
export { createEngineTransport, type EngineTransportOptions, type RpcCall } from "./transport.ts";
