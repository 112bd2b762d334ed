// The one base error of the project: a string-literal code, typed metadata and an optional cause.
// Every layer throws (or returns) these; rpc-gateway alone maps codes to JSON-RPC error codes.

export type ErrorMeta = Readonly<Record<string, unknown>>;

export class SupernodeError<Code extends string = string, Meta extends ErrorMeta = ErrorMeta> extends Error {
  override readonly name: string = "SupernodeError";
  readonly code: Code;
  readonly meta: Meta;

  constructor(code: Code, message: string, meta: Meta, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.meta = meta;
  }
}

/** A configuration file or value that cannot be used. `key` is the dotted path of the offending field. */
export class ConfigError extends SupernodeError<"CONFIG_INVALID", { key: string; value?: unknown }> {
  override readonly name = "ConfigError";

  constructor(key: string, reason: string, value?: unknown, options?: { cause?: unknown }) {
    const shown = value === undefined ? "" : ` (got ${describeValue(value)})`;
    super(
      "CONFIG_INVALID",
      `${key}: ${reason}${shown}`,
      value === undefined ? { key } : { key, value },
      options,
    );
  }
}

/** A value that lies outside what a rule accepts (e.g. a timestamp before genesis). */
export class OutOfRangeError extends SupernodeError<
  "OUT_OF_RANGE",
  { what: string; value: number | bigint }
> {
  override readonly name = "OutOfRangeError";

  constructor(what: string, value: number | bigint, reason: string) {
    super("OUT_OF_RANGE", `${what} ${value} ${reason}`, { what, value });
  }
}

export function describeValue(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === "bigint") return `${value}`;
  if (value === null || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}
