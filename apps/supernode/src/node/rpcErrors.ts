// The JSON-RPC error a method's failure becomes. The gateway keeps the code of its own RpcError
// and answers −32000 for any other error; the supernode's methods throw coded errors of their own
// (the virtual node's NodeRpcError, the superroot's InvalidParamsError): these keep their code
// (−32602 for bad params, as op-node answers). Only these known classes: an error that merely has
// a numeric `code` (an upstream client's) is not passed through as if it were ours. A chain that
// is not running, or history that is gone, is an expected answer (−32000 with its message, logged
// at debug by the gateway), not a failure worth a warning with a stack.
import { NodeRpcError } from "@supernode/derivation";
import { RpcError, SERVER_ERROR } from "@supernode/rpc-gateway";
import { InvalidParamsError } from "../activities/superroot.ts";
import { ChainNotRunningError, HistoryUnavailableError } from "../chains/chainErrors.ts";

export function rpcErrorOf(error: unknown): unknown {
  if (error instanceof NodeRpcError || error instanceof InvalidParamsError)
    return new RpcError(error.code, error.message);
  if (error instanceof ChainNotRunningError || error instanceof HistoryUnavailableError)
    return new RpcError(SERVER_ERROR, error.message);
  return error;
}

/**
 * A method whose coded failures keep their codes, whether it throws before its promise is made
 * (a params check) or rejects later.
 */
export function withRpcErrors<R>(
  method: (params: readonly unknown[]) => R | Promise<R>,
): (params: readonly unknown[]) => R | Promise<R> {
  return (params) => {
    let result: R | Promise<R>;
    try {
      result = method(params);
    } catch (error) {
      throw rpcErrorOf(error);
    }
    if (result instanceof Promise)
      return result.catch((error: unknown) => {
        throw rpcErrorOf(error);
      });
    return result;
  };
}
