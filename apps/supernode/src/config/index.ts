// The supernode's flags and config: `loadSupernodeConfig` reads flags, OP_SUPERNODE_* variables
// and a config file; `supernodeHelp` and `configDocsMarkdown` describe every setting.
export { wantsHelp } from "./argv.ts";
export { ConfigUsageError } from "./errors.ts";
export { configDocsMarkdown, supernodeHelp } from "./help.ts";
export {
  type ChainConfig,
  type LogFormat,
  type LogLevel,
  loadSupernodeConfig,
  type SupernodeConfig,
} from "./loadConfig.ts";
export { supernodeSchema, supernodeSettings } from "./supernodeSettings.ts";
export { virtualNodeSchema, virtualNodeSettings } from "./virtualNodeSettings.ts";
