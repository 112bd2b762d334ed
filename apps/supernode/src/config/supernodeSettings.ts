// The supernode's top-level settings, composed from each subsystem's: chains and data dir here,
// then the shared L1 client, interop, RPC, metrics and logging. `supernodeSchema` parses them all
// at once from their flag strings; the per-chain `--vn.*` settings live in virtualNodeSettings.ts.
import * as v from "valibot";
import { interopSettings } from "./interopSettings.ts";
import { l1SourceSettings } from "./l1SourceSettings.ts";
import { logSettings, metricsSettings, rpcSettings } from "./serviceSettings.ts";
import { defaultSetting, optionalSetting, requiredSetting } from "./setting.ts";
import { boolValue, chainIdList, nonEmptyString } from "./values.ts";

export const coreSettings = {
  config: optionalSetting(nonEmptyString, {
    section: "Supernode",
    description:
      'A JSON config file: an object whose keys are flag names without dashes (e.g. "l1.beacon", "vn.901.l2"). Flags and environment variables override it.',
    env: ["CONFIG"],
    placeholder: "<file>",
    defaultText: "none",
  }),
  chains: requiredSetting(chainIdList, {
    section: "Supernode",
    description:
      "Chain ids to run, comma-separated or repeated. Each needs --vn.<chainId>.l2 (or --vn.all.l2) and its other per-chain flags.",
    env: ["CHAINS"],
    type: "list",
    placeholder: "<ids>",
  }),
  "data-dir": defaultSetting(nonEmptyString, "./datadir", {
    section: "Supernode",
    description: "Where the supernode keeps its databases: <data-dir>/<chainId>/ and <data-dir>/interop/.",
    env: ["DATA_DIR"],
    placeholder: "<dir>",
  }),
  "disable-p2p": defaultSetting(boolValue, "false", {
    section: "Supernode",
    description: "Disable P2P (unsafe-block gossip) for every chain.",
    env: ["DISABLE_P2P"],
    type: "bool",
  }),
};

export const supernodeSettings = {
  ...coreSettings,
  ...l1SourceSettings,
  ...interopSettings,
  ...rpcSettings,
  ...metricsSettings,
  ...logSettings,
};

export type SupernodeSettingName = keyof typeof supernodeSettings;

export const supernodeSchema = v.object(supernodeSettings);

export type ParsedSupernodeSettings = v.InferOutput<typeof supernodeSchema>;
