// The virtual node as the supernode composes it (imported by chain containers and by tests).
export {
  type ComposedVirtualNode,
  type CreateVirtualNodeOptions,
  createVirtualNode,
} from "./createVirtualNode.ts";
export { nodeEngine } from "./nodeEngine.ts";
export { nodeBlobs, nodeL1 } from "./nodeL1.ts";
