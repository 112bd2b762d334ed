// The virtual node's own settings (packages/derivation and engine-api), given per chain as
// `--vn.<chainId>.<flag>` or for all chains as `--vn.all.<flag>`; the per-chain value wins.
// Names are op-node's. Environment: OP_SUPERNODE_VN_<chainId>_<X> / OP_SUPERNODE_VN_ALL_<X>,
// where OP_NODE_<X> is op-node's variable; the `env` lists below hold the <X> part.
import { networkPresets } from "@supernode/protocol";
import * as v from "valibot";
import { defaultSetting, optionalSetting, requiredSetting } from "./setting.ts";
import { httpUrl, httpUrlList, nonEmptyString } from "./values.ts";

const section = "Per chain";
const networks = Object.keys(networkPresets);

export const virtualNodeSettings = {
  l2: requiredSetting(
    httpUrl,
    {
      section,
      description: "The chain's execution engine: Engine API (engine and eth namespaces).",
      env: ["L2_ENGINE_RPC"],
      placeholder: "<url>",
    },
    "",
  ),
  "l2.jwt-secret": requiredSetting(
    nonEmptyString,
    {
      section,
      description: "File with the Engine API's JWT secret: 32 bytes of hex.",
      env: ["L2_ENGINE_AUTH"],
      placeholder: "<file>",
    },
    "",
  ),
  "rollup.config": optionalSetting(
    nonEmptyString,
    {
      section,
      description: "The chain's rollup.json. This or network is required.",
      env: ["ROLLUP_CONFIG"],
      placeholder: "<file>",
      defaultText: "none",
    },
    "",
  ),
  network: optionalSetting(
    v.pipe(
      v.string(),
      v.trim(),
      v.picklist(networks, `must be one of ${networks.join(", ")} (or use rollup.config)`),
    ),
    {
      section,
      description: `A known network instead of rollup.config: ${networks.join(", ")}.`,
      env: ["NETWORK"],
      placeholder: "<name>",
      defaultText: "none",
    },
    "",
  ),
  "rollup.l1-chain-config": optionalSetting(
    nonEmptyString,
    {
      section,
      description:
        "L1 chain config: a geth-style chain config or a genesis.json. Not needed for Ethereum mainnet or Sepolia.",
      env: ["ROLLUP_L1_CHAIN_CONFIG"],
      placeholder: "<file>",
      defaultText: "the known config of the rollup config's L1 chain",
    },
    "",
  ),
  "l1.beacon-archiver": defaultSetting(
    httpUrlList,
    "",
    {
      section,
      description:
        "Blob archivers (beacon-API compatible) for this chain, tried after --l1.beacon and --l1.beacon-fallbacks. Comma-separated or repeated.",
      env: ["L1_BEACON_ARCHIVER", "L1_BEACON_FALLBACKS"],
      aliases: ["l1.beacon-fallbacks"],
      type: "list",
      placeholder: "<urls>",
      defaultText: "none",
    },
    "",
  ),
};

export type VirtualNodeSettingName = keyof typeof virtualNodeSettings;

export const virtualNodeSchema = v.object(virtualNodeSettings);
