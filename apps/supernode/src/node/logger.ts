// The process's logger: pino behind the protocol's Logger interface. `json` writes pino's JSON
// lines (level as its name, time in ms, the child's bindings and the fields, msg); `terminal`
// writes human-readable lines through pino-pretty (colours on a terminal); `text`, the default,
// is terminal on a terminal and JSON otherwise, as op-node's --log.format=text. Both write
// synchronously to stderr so nothing is lost when the process stops. Field values pino would
// write badly (bigint, Error, bytes) become strings first.

import { writeSync } from "node:fs";
import type { LogFields, Logger } from "@supernode/protocol";
import pino from "pino";
import { prettyFactory } from "pino-pretty";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";
export type LogFormat = "json" | "terminal" | "text";

export interface LoggerOptions {
  readonly level?: LogLevel;
  readonly format?: LogFormat;
  /** Where lines go (default stderr); tests pass a sink. */
  readonly write?: (line: string) => void;
  /** Whether the output is a terminal (default: stderr's isTTY). */
  readonly terminal?: boolean;
  /** Milliseconds since the epoch (default Date.now); tests pin it. */
  readonly now?: () => number;
}

function plain(value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) return value.message;
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString("hex")}`;
  return value;
}

function plainFields(fields: LogFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in fields) out[key] = plain(fields[key]);
  return out;
}

function adapt(base: pino.Logger): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      if (!base.isLevelEnabled(level)) return;
      if (fields === undefined) base[level](message);
      else base[level](plainFields(fields), message);
    };
  return {
    trace: at("trace"),
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (bindings) => adapt(base.child(plainFields(bindings))),
  };
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const terminal = options.terminal ?? process.stderr.isTTY === true;
  const format = options.format ?? "text";
  const human = format === "terminal" || (format === "text" && terminal);
  const now = options.now ?? Date.now;
  const write = options.write ?? ((line: string) => writeSync(2, line));
  // pino-pretty's formatter alone, no stream or worker: each JSON line is rewritten as it is written.
  const prettify = human
    ? prettyFactory({
        colorize: terminal && !options.write,
        translateTime: "SYS:HH:MM:ss.l",
        singleLine: true,
      })
    : null;
  const destination = { write: prettify ? (line: string) => write(prettify(line)) : write };
  return adapt(
    pino(
      {
        level: options.level ?? "info",
        base: null,
        timestamp: () => `,"time":${now()}`,
        formatters: { level: (label) => ({ level: label }) },
      },
      destination,
    ),
  );
}
