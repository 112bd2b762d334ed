// A Logger writing JSON lines (pino's shape: level, time, msg, then the fields) to a sink, stderr
// by default. pino itself is not a dependency of the app yet; this is the small stand-in the
// single-node command needs. Values JSON cannot hold (bigint, Error) are written as strings.
import type { LogFields, Logger } from "@supernode/protocol";

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";

const LEVELS: readonly LogLevel[] = ["trace", "debug", "info", "warn", "error"];

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Error) return value.message;
  if (value instanceof Uint8Array) return `0x${Buffer.from(value).toString("hex")}`;
  return value;
}

export interface JsonLoggerOptions {
  readonly level?: LogLevel;
  readonly write?: (line: string) => void;
  readonly now?: () => number;
}

export function jsonLogger(options: JsonLoggerOptions = {}, bindings: LogFields = {}): Logger {
  const threshold = LEVELS.indexOf(options.level ?? "info");
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? Date.now;
  const at =
    (level: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      if (LEVELS.indexOf(level) < threshold) return;
      write(`${JSON.stringify({ level, time: now(), msg: message, ...bindings, ...fields }, replacer)}\n`);
    };
  return {
    trace: at("trace"),
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (more) => jsonLogger(options, { ...bindings, ...more }),
  };
}
