// @supernode/devnet: the embedded devnet (built piece by piece; see README.md).
export { type AnvilProcess, anvilBinary, startAnvilProcess } from "./anvil/anvilProcess.ts";
