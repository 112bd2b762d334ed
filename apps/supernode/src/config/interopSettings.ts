// Settings of the interop activity (packages/interop): the dependency set, activation and how far
// back initiating-message logs are read at start.

import { defaultSetting, optionalSetting } from "./setting.ts";
import { durationSeconds, nonEmptyString, wholeNumber } from "./values.ts";

const section = "Interop";

export const interopSettings = {
  "dependency-set": optionalSetting(nonEmptyString, {
    section,
    description:
      "Dependency set JSON shared by all chains; it overrides any per-chain interop.dependency-set.",
    env: ["DEPENDENCY_SET"],
    placeholder: "<file>",
    defaultText: "none",
  }),
  "interop.activation-timestamp": optionalSetting(wholeNumber, {
    section,
    description:
      "Interop activation time (unix seconds), overriding the one the rollup configs agree on. Used only when set.",
    env: ["INTEROP_ACTIVATION_TIMESTAMP"],
    placeholder: "<unix-seconds>",
    defaultText: "the rollup configs' interop fork time (none: interop off)",
  }),
  "interop.log-backfill-depth": defaultSetting(durationSeconds, "168h", {
    section,
    description:
      "How far behind the start point initiating-message logs are read before verifying (never before activation). 0 disables.",
    env: ["INTEROP_LOG_BACKFILL_DEPTH"],
    placeholder: "<duration>",
  }),
};
