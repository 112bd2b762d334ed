// Settings of the shared L1 client and beacon client (packages/l1-source): one of each for every
// chain, so a virtual node's own `l1*` flags are ignored.

import { defaultSetting, optionalSetting, requiredSetting } from "./setting.ts";
import { boolValue, httpUrl, httpUrlList, positiveDurationMs, positiveWholeNumber } from "./values.ts";

const section = "L1";

export const l1SourceSettings = {
  l1: requiredSetting(httpUrl, {
    section,
    description: "L1 execution JSON-RPC, shared by every chain (eth namespace).",
    env: ["L1_ETH_RPC"],
    placeholder: "<url>",
  }),
  "l1.beacon": requiredSetting(httpUrl, {
    section,
    description: "L1 beacon node HTTP API, shared by every chain (blobs).",
    env: ["L1_BEACON"],
    placeholder: "<url>",
  }),
  "l1.beacon-fallbacks": defaultSetting(httpUrlList, "", {
    section,
    description:
      "More beacon APIs or blob archivers, tried in order for blobs --l1.beacon no longer serves. Comma-separated or repeated.",
    env: ["L1_BEACON_FALLBACKS", "L1_BEACON_ARCHIVER"],
    aliases: ["l1.beacon-archiver"],
    type: "list",
    placeholder: "<urls>",
    defaultText: "none",
  }),
  "l1.http-poll-interval": defaultSetting(positiveDurationMs, "12s", {
    section,
    description: "How often the shared L1 client polls the L1 head, safe and finalized blocks.",
    env: ["L1_HTTP_POLL_INTERVAL"],
    placeholder: "<duration>",
  }),
  "l1.trust-rpc": defaultSetting(boolValue, "false", {
    section,
    description:
      "Trust the L1 RPC: skip checking block and receipt hashes of its answers. Faster, unsafe with an untrusted provider.",
    env: ["L1_TRUST_RPC"],
    aliases: ["l1.trustrpc"],
    type: "bool",
  }),
  "l1.slot-duration": optionalSetting(positiveWholeNumber, {
    section,
    description:
      "L1 seconds per slot. Set it when the beacon API has no /eth/v1/config/spec (anvil); op-node calls it l1.beacon.slot-duration-override.",
    env: ["L1_SLOT_DURATION"],
    placeholder: "<seconds>",
    defaultText: "read from the beacon node's /eth/v1/config/spec",
  }),
};
