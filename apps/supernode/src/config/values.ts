// Value schemas for settings. Every source (a flag, an environment variable, a config-file key)
// reaches these as a string in the flag's own syntax, so one schema checks all three. Durations
// use Go's syntax (`12s`, `500ms`, `168h`) as op-supernode's flags do; booleans take Go's
// literals (`true`, `false`, `1`, `0`, `t`, `f`).
import * as v from "valibot";

const trueLiterals = new Set(["1", "t", "T", "true", "TRUE", "True"]);
const falseLiterals = new Set(["0", "f", "F", "false", "FALSE", "False"]);

export function isBoolLiteral(text: string): boolean {
  return trueLiterals.has(text) || falseLiterals.has(text);
}

export function isTruthy(text: string): boolean {
  return trueLiterals.has(text);
}

export const boolValue = v.pipe(
  v.string(),
  v.check(isBoolLiteral, "must be true or false"),
  v.transform(isTruthy),
);

export const nonEmptyString = v.pipe(v.string(), v.trim(), v.nonEmpty("must not be empty"));

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

export const httpUrl = v.pipe(v.string(), v.trim(), v.check(isHttpUrl, "must be an http(s) URL"));

/** Comma-separated items; a repeated flag arrives already joined with commas. */
export function splitList(text: string): string[] {
  return text
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

export const httpUrlList = v.pipe(v.string(), v.transform(splitList), v.array(httpUrl));

const maxUint64 = 2n ** 64n - 1n;

export const chainIdValue = v.pipe(
  v.string(),
  v.regex(/^[1-9][0-9]*$/, "chain ids are positive decimal integers"),
  v.transform((text) => BigInt(text)),
  v.maxValue(maxUint64, "chain ids are 64-bit"),
);

/** Chain ids, comma-separated or repeated; duplicates are dropped, the order is kept. */
export const chainIdList = v.pipe(
  v.string(),
  v.transform(splitList),
  v.minLength(1, "must name at least one chain"),
  v.array(chainIdValue),
  v.transform((ids) => [...new Set(ids)]),
);

export const portValue = v.pipe(
  v.string(),
  v.regex(/^[0-9]+$/, "must be a port number 0-65535"),
  v.transform(Number),
  v.maxValue(65535, "must be a port number 0-65535"),
);

export const wholeNumber = v.pipe(
  v.string(),
  v.regex(/^[0-9]+$/, "must be a whole number"),
  v.transform(Number),
  v.safeInteger("is too large"),
);

export const positiveWholeNumber = v.pipe(wholeNumber, v.minValue(1, "must be at least 1"));

const durationUnitsMs: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration, unsigned: `1h30m`, `12s`, `500ms`, `0`. Milliseconds, or null. */
export function parseDurationMs(text: string): number | null {
  if (text === "0") return 0;
  const part = /([0-9]*\.?[0-9]*)(ns|us|µs|μs|ms|s|m|h)/y;
  let total = 0;
  let at = 0;
  while (at < text.length) {
    part.lastIndex = at;
    const match = part.exec(text);
    if (!match) return null;
    const [whole, amount = "", unit = ""] = match;
    if (amount === "" || amount === ".") return null;
    total += Number(amount) * (durationUnitsMs[unit] ?? Number.NaN);
    at += whole.length;
  }
  return at === 0 || !Number.isFinite(total) ? null : total;
}

const durationMessage = "must be a duration with a unit, e.g. 500ms, 12s, 168h";

export const durationMs = v.pipe(
  v.string(),
  v.trim(),
  v.check((text) => parseDurationMs(text) !== null, durationMessage),
  v.transform((text) => parseDurationMs(text) ?? 0),
);

/** A duration of at least 1 ms, as whole milliseconds. */
export const positiveDurationMs = v.pipe(
  durationMs,
  v.minValue(1, "must be at least 1ms"),
  v.transform(Math.round),
);

/** A duration in whole seconds (`0` allowed). */
export const durationSeconds = v.pipe(
  durationMs,
  v.check((ms) => ms % 1000 === 0, "must be whole seconds"),
  v.transform((ms) => ms / 1000),
);

export const logLevelValue = v.pipe(
  v.string(),
  v.transform((text) => {
    const level = text.trim().toLowerCase();
    return level === "crit" ? "error" : level;
  }),
  v.picklist(["trace", "debug", "info", "warn", "error"], "must be one of trace, debug, info, warn, error"),
);

export const logFormatValue = v.pipe(
  v.string(),
  v.transform((text) => {
    const format = text.trim().toLowerCase();
    if (format === "logfmt") return "text";
    if (format === "json-pretty") return "json";
    return format;
  }),
  v.picklist(["json", "text", "terminal"], "must be one of json, text, terminal"),
);
