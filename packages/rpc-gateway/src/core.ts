// The edge-ready entry point (`@supernode/rpc-gateway/core`): the Web-standard fetch handler and
// its types, without the Bun adapter (Elysia). Web-standard APIs only.

export {
  CHAIN_NOT_READY,
  GatewayError,
  INTERNAL_ERROR,
  INVALID_PARAMS,
  INVALID_REQUEST,
  METHOD_NOT_FOUND,
  PARSE_ERROR,
  RpcError,
  SERVER_ERROR,
} from "./errors.ts";
export {
  createGateway,
  DEFAULT_HOLD_MS,
  DEFAULT_MAX_BATCH,
  DEFAULT_MAX_BODY_BYTES,
  type Gateway,
  type GatewayObserver,
  type GatewayOptions,
  type RouteLabel,
  type RouteState,
} from "./gateway.ts";
export { JsonText, MAX_PARAMS_DEPTH, type MethodHandler } from "./jsonRpc.ts";
