// A setting is one valibot schema per flag: it parses the flag's string (from argv, the
// environment or the config file), and carries its description, default, environment variables
// and aliases, so that loading, `--help` and docs/config.md all read the same definition.
import * as v from "valibot";

export const ENV_PREFIX = "OP_SUPERNODE_";

export type SettingType = "bool" | "value" | "list";

// A type, not an interface: valibot's metadata takes a Record<string, unknown>.
export type SettingMeta = {
  /** Where `--help` and the docs group it. */
  readonly section: string;
  /** Environment variables, full names, the first one preferred. */
  readonly env: readonly string[];
  readonly aliases: readonly string[];
  /** `bool`: `--flag` alone means true; `list`: comma-separated, and repeats add to the list. */
  readonly type: SettingType;
  /** How the value is written in help, e.g. `<url>`; empty for booleans. */
  readonly placeholder: string;
  readonly required: boolean;
  /** The default as shown to people when it is not a literal value (or there is none). */
  readonly defaultText?: string;
};

interface SettingInfo {
  readonly section: string;
  readonly description: string;
  /** Environment variable names without the OP_SUPERNODE_ prefix. */
  readonly env?: readonly string[];
  readonly aliases?: readonly string[];
  readonly type?: SettingType;
  readonly placeholder?: string;
  readonly defaultText?: string;
}

type ValueSchema<T> = v.GenericSchema<string, T>;

function meta(info: SettingInfo, required: boolean, prefix: string): SettingMeta {
  const type = info.type ?? "value";
  return {
    section: info.section,
    env: (info.env ?? []).map((name) => `${prefix}${name}`),
    aliases: info.aliases ?? [],
    type,
    placeholder: type === "bool" ? "" : (info.placeholder ?? "<value>"),
    required,
    ...(info.defaultText === undefined ? {} : { defaultText: info.defaultText }),
  };
}

/** A setting that must be given. */
export function requiredSetting<T>(schema: ValueSchema<T>, info: SettingInfo, prefix = ENV_PREFIX) {
  return v.pipe(schema, v.description(info.description), v.metadata(meta(info, true, prefix)));
}

/** A setting with a default, written as the flag would be (e.g. `12s`). */
export function defaultSetting<T>(
  schema: ValueSchema<T>,
  defaultValue: string,
  info: SettingInfo,
  prefix = ENV_PREFIX,
) {
  return v.pipe(
    v.optional(schema, defaultValue),
    v.description(info.description),
    v.metadata(meta(info, false, prefix)),
  );
}

/** A setting that may be left unset (undefined). */
export function optionalSetting<T>(schema: ValueSchema<T>, info: SettingInfo, prefix = ENV_PREFIX) {
  return v.pipe(v.optional(schema), v.description(info.description), v.metadata(meta(info, false, prefix)));
}

export type AnySetting = v.GenericSchema<string | undefined, unknown>;

export interface SettingDoc {
  readonly name: string;
  readonly description: string;
  readonly meta: SettingMeta;
  /** The default in flag syntax, or undefined. */
  readonly defaultValue: string | undefined;
}

export function settingDoc(name: string, schema: AnySetting): SettingDoc {
  const fallback = v.getDefault(schema as v.GenericSchema);
  return {
    name,
    description: v.getDescription(schema) ?? "",
    // Every setting is built by the functions above, which always attach this metadata.
    meta: v.getMetadata(schema) as unknown as SettingMeta,
    defaultValue: typeof fallback === "string" ? fallback : undefined,
  };
}

export function settingDocs(settings: Readonly<Record<string, AnySetting>>): SettingDoc[] {
  return Object.entries(settings).map(([name, schema]) => settingDoc(name, schema));
}
