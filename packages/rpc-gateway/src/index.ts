// @supernode/rpc-gateway: the supernode's one RPC server. `createGateway` builds the Web-standard
// fetch handler (also exported alone from `@supernode/rpc-gateway/core`); `serveGateway` serves it
// under Bun through Elysia, bound to 127.0.0.1 unless told otherwise.
export {
  CHAIN_NOT_READY,
  createGateway,
  DEFAULT_HOLD_MS,
  DEFAULT_MAX_BATCH,
  DEFAULT_MAX_BODY_BYTES,
  type Gateway,
  GatewayError,
  type GatewayObserver,
  type GatewayOptions,
  INTERNAL_ERROR,
  INVALID_PARAMS,
  INVALID_REQUEST,
  JsonText,
  MAX_PARAMS_DEPTH,
  METHOD_NOT_FOUND,
  type MethodHandler,
  PARSE_ERROR,
  type RouteLabel,
  type RouteState,
  RpcError,
  SERVER_ERROR,
} from "./core.ts";
export { DEFAULT_HOSTNAME, type ServedGateway, type ServeOptions, serveGateway } from "./serve.ts";
