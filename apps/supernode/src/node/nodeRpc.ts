// `supernode node`'s JSON-RPC: one virtual node's `optimism_*` methods at `/`, as op-node serves
// them, through the same gateway the supernode uses (body limits, batches, the error codes; the
// node's coded errors keep their codes). optimism_syncStatus answers the node's cached JSON text.
import type { VirtualNode } from "@supernode/derivation";
import type { Logger } from "@supernode/protocol";
import { createGateway, type Gateway, JsonText, type MethodHandler } from "@supernode/rpc-gateway";
import { withRpcErrors } from "./rpcErrors.ts";

export type NodeMethods = Readonly<Record<string, MethodHandler>>;

/** The node's methods as served: coded errors kept, optimism_syncStatus from its JSON text. */
export function nodeMethods(node: Pick<VirtualNode, "handlers" | "syncStatusJson">): NodeMethods {
  const methods: Record<string, MethodHandler> = {};
  for (const [name, handler] of Object.entries(node.handlers())) methods[name] = withRpcErrors(handler);
  methods.optimism_syncStatus = () => new JsonText(node.syncStatusJson());
  return methods;
}

/** A gateway serving `methods` at every path (op-node's server answers a POST to any path). */
export function nodeRpcGateway(methods: NodeMethods, logger: Logger): Gateway {
  const gateway = createGateway({ logger, rootOnEveryPath: true });
  gateway.registerRoot({ ...methods });
  return gateway;
}
