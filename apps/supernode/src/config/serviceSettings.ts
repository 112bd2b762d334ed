// Settings of the process's services: the RPC server (packages/rpc-gateway), the metrics server
// and logging.

import { defaultSetting } from "./setting.ts";
import {
  boolValue,
  logFormatValue,
  logLevelValue,
  nonEmptyString,
  portValue,
  wholeNumber,
} from "./values.ts";

export const rpcSettings = {
  "rpc.addr": defaultSetting(nonEmptyString, "127.0.0.1", {
    section: "RPC",
    description:
      "JSON-RPC listen address: the supernode's methods at /, each chain's at /<chainId>. Not 0.0.0.0 as in op-supernode: exposing it is a choice.",
    env: ["RPC_ADDR"],
    placeholder: "<addr>",
  }),
  "rpc.port": defaultSetting(portValue, "8545", {
    section: "RPC",
    description: "JSON-RPC listen port (0 picks a free one).",
    env: ["RPC_PORT"],
    placeholder: "<port>",
  }),
  "rpc.hold-ms": defaultSetting(wholeNumber, "5000", {
    section: "RPC",
    description:
      "How long a request to a chain that is restarting or rewinding is held, in milliseconds, before it is answered 503.",
    env: ["RPC_HOLD_MS"],
    placeholder: "<ms>",
  }),
};

export const metricsSettings = {
  "metrics.enabled": defaultSetting(boolValue, "false", {
    section: "Metrics",
    description: "Serve Prometheus metrics at /metrics.",
    env: ["METRICS_ENABLED"],
    type: "bool",
  }),
  "metrics.addr": defaultSetting(nonEmptyString, "127.0.0.1", {
    section: "Metrics",
    description: "Metrics listen address. Not 0.0.0.0 as in op-supernode: exposing it is a choice.",
    env: ["METRICS_ADDR"],
    placeholder: "<addr>",
  }),
  "metrics.port": defaultSetting(portValue, "7300", {
    section: "Metrics",
    description: "Metrics listen port.",
    env: ["METRICS_PORT"],
    placeholder: "<port>",
  }),
};

export const logSettings = {
  "log.level": defaultSetting(logLevelValue, "info", {
    section: "Logging",
    description: "Lowest level logged: trace, debug, info, warn, error (any case; crit reads as error).",
    env: ["LOG_LEVEL"],
    placeholder: "<level>",
  }),
  "log.format": defaultSetting(logFormatValue, "text", {
    section: "Logging",
    description:
      "json: JSON lines; terminal: human-readable lines; text: terminal on a terminal, JSON lines otherwise (logfmt reads as text, json-pretty as json).",
    env: ["LOG_FORMAT"],
    placeholder: "<format>",
  }),
};
