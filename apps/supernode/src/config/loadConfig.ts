// Reads the supernode's settings from flags, environment variables (OP_SUPERNODE_*) and an
// optional JSON config file, in that order of precedence over each setting's default, checks them
// with the schemas, and returns one SupernodeConfig. Per chain, a `vn.<chainId>.*` setting beats
// a `vn.all.*` one whatever their sources. Anything that cannot be used throws a ConfigUsageError
// naming the key (the CLI exits 2); accepted-but-ignored flags become `warnings`.
import { readFileSync } from "node:fs";
import { describeValue, networkPresets } from "@supernode/protocol";
import * as v from "valibot";
import { type ArgKind, splitArgv } from "./argv.ts";
import { ConfigUsageError } from "./errors.ts";
import { opNodePassiveFlags, type PassiveFlag, supernodePassiveFlags } from "./opNodeFlags.ts";
import { ENV_PREFIX, type SettingMeta, type SettingType, settingDoc } from "./setting.ts";
import { type SupernodeSettingName, supernodeSchema, supernodeSettings } from "./supernodeSettings.ts";
import {
  type VirtualNodeSettingName,
  virtualNodeSchema,
  virtualNodeSettings,
} from "./virtualNodeSettings.ts";

export interface ChainConfig {
  chainId: bigint;
  /** The execution engine's Engine API URL (`--vn.<id>.l2`). */
  l2: string;
  /** File holding the Engine API JWT secret (`--vn.<id>.l2.jwt-secret`). */
  jwtSecretPath: string;
  /** The chain's rollup.json; when absent, `network` names a known network. */
  rollupConfigPath?: string;
  network?: string;
  l1ChainConfigPath?: string;
  /** Blob archivers for this chain only, tried after the shared beacon and its fallbacks. */
  beaconArchivers: string[];
  /** op-node flags accepted without being implemented, per chain value, by op-node name. */
  opNode: Record<string, string>;
}

export type LogLevel = "trace" | "debug" | "info" | "warn" | "error";
export type LogFormat = "json" | "text" | "terminal";

export interface SupernodeConfig {
  chains: ChainConfig[];
  l1: string;
  l1Beacon: string;
  l1BeaconFallbacks: string[];
  l1HttpPollIntervalMs: number;
  l1TrustRpc: boolean;
  /** L1 seconds per slot; absent: read from the beacon node's spec. */
  l1SlotDuration?: number;
  dataDir: string;
  dependencySetPath?: string;
  /** Set only when given: otherwise the rollup configs decide. */
  interopActivationTimestamp?: number;
  /** Seconds. */
  interopLogBackfillDepth: number;
  rpc: { addr: string; port: number; holdMs: number };
  metrics: { enabled: boolean; addr: string; port: number };
  log: { level: LogLevel; format: LogFormat };
  disableP2p: boolean;
  /** One per flag or environment variable accepted but ignored or not implemented. */
  warnings: string[];
}

// ---- names --------------------------------------------------------------------------------

type Target =
  | { readonly kind: "help" }
  | { readonly kind: "setting"; readonly key: SupernodeSettingName; readonly type: SettingType }
  | { readonly kind: "passive"; readonly key: string; readonly flag: PassiveFlag }
  | {
      readonly kind: "vn";
      readonly key: string;
      readonly scope: string;
      readonly name: VirtualNodeSettingName;
      readonly type: SettingType;
    }
  | { readonly kind: "vnPassive"; readonly key: string; readonly scope: string; readonly flag: PassiveFlag };

type SettingTarget = Exclude<Target, { kind: "help" }>;

function metaOf(schema: Parameters<typeof settingDoc>[1]): SettingMeta {
  return settingDoc("", schema).meta;
}

const topSettings = new Map<string, { key: SupernodeSettingName; meta: SettingMeta }>();
for (const key of Object.keys(supernodeSettings) as SupernodeSettingName[]) {
  const meta = metaOf(supernodeSettings[key]);
  for (const name of [key, ...meta.aliases]) topSettings.set(name, { key, meta });
}

const vnSettings = new Map<string, { name: VirtualNodeSettingName; meta: SettingMeta }>();
for (const name of Object.keys(virtualNodeSettings) as VirtualNodeSettingName[]) {
  const meta = metaOf(virtualNodeSettings[name]);
  for (const alias of [name, ...meta.aliases]) vnSettings.set(alias, { name, meta });
}

const topPassive = new Map(supernodePassiveFlags.map((flag) => [flag.name, flag]));
const vnPassive = new Map(opNodePassiveFlags.map((flag) => [flag.name, flag]));

const scopePattern = /^vn\.(all|[1-9][0-9]*)\.(.+)$/;

function targetOf(name: string): Target | null {
  if (name === "help" || name === "h") return { kind: "help" };
  const top = topSettings.get(name);
  if (top) return { kind: "setting", key: top.key, type: top.meta.type };
  const passive = topPassive.get(name);
  if (passive) return { kind: "passive", key: passive.name, flag: passive };
  const scoped = scopePattern.exec(name);
  if (!scoped) return null;
  const [, scope = "", rest = ""] = scoped;
  const vn = vnSettings.get(rest);
  if (vn) return { kind: "vn", key: `vn.${scope}.${vn.name}`, scope, name: vn.name, type: vn.meta.type };
  const flag = vnPassive.get(rest);
  if (flag) return { kind: "vnPassive", key: `vn.${scope}.${flag.name}`, scope, flag };
  return null;
}

function typeOf(target: Target): SettingType {
  switch (target.kind) {
    case "help":
      return "bool";
    case "setting":
    case "vn":
      return target.type;
    case "passive":
    case "vnPassive":
      return target.flag.bool ? "bool" : "value";
  }
}

function unknownFlag(name: string, shown: string): ConfigUsageError {
  if (vnSettings.has(name) || vnPassive.has(name))
    return new ConfigUsageError(
      name,
      `${shown}: a per-chain flag; use --vn.<chainId>.${name} or --vn.all.${name}`,
    );
  if (name.startsWith("vn."))
    return new ConfigUsageError(
      name,
      `${shown}: unknown flag (per-chain flags are --vn.<chainId>.<op-node flag> and --vn.all.<op-node flag>)`,
    );
  return new ConfigUsageError(name, `${shown}: unknown flag; run supernode --help for the flags`);
}

// ---- sources ------------------------------------------------------------------------------

type Source =
  | { readonly kind: "flag"; readonly text: string }
  | { readonly kind: "env"; readonly name: string }
  | { readonly kind: "file"; readonly path: string; readonly name: string };

interface Entry {
  readonly target: SettingTarget;
  readonly value: string;
  readonly source: Source;
}

type Layer = Map<string, Entry>;

function where(entry: Entry): string {
  const { source } = entry;
  if (source.kind === "flag") return source.text;
  if (source.kind === "env") return `${source.name} (--${entry.target.key})`;
  return `${JSON.stringify(source.name)} in ${source.path}`;
}

/** Within one source, a repeated list setting adds to the list; any other setting: the last wins. */
function put(layer: Layer, entry: Entry): void {
  const previous = layer.get(entry.target.key);
  const list =
    (entry.target.kind === "setting" || entry.target.kind === "vn") && entry.target.type === "list";
  if (previous && list) layer.set(entry.target.key, { ...entry, value: `${previous.value},${entry.value}` });
  else layer.set(entry.target.key, entry);
}

function flagLayer(argv: readonly string[]): Layer {
  const kindOf = (name: string, text: string): ArgKind => {
    const target = targetOf(name);
    if (!target) throw unknownFlag(name, text);
    return typeOf(target) === "bool" ? "bool" : "value";
  };
  const layer: Layer = new Map();
  for (const arg of splitArgv(argv, kindOf)) {
    const target = targetOf(arg.name);
    if (!target || target.kind === "help") continue;
    put(layer, { target, value: arg.value, source: { kind: "flag", text: arg.text } });
  }
  return layer;
}

const topEnv = new Map<string, { target: SettingTarget; rank: number }>();
for (const [name, { key, meta }] of topSettings) {
  if (name !== key) continue;
  meta.env.forEach((env, rank) => {
    topEnv.set(env, { target: { kind: "setting", key, type: meta.type }, rank });
  });
}
for (const flag of supernodePassiveFlags)
  flag.env.forEach((env, rank) => {
    topEnv.set(`${ENV_PREFIX}${env}`, { target: { kind: "passive", key: flag.name, flag }, rank });
  });

const vnEnv = new Map<string, { rank: number; target: (scope: string) => SettingTarget }>();
for (const [alias, { name, meta }] of vnSettings) {
  if (alias !== name) continue;
  meta.env.forEach((suffix, rank) => {
    vnEnv.set(suffix, {
      rank,
      target: (scope) => ({ kind: "vn", key: `vn.${scope}.${name}`, scope, name, type: meta.type }),
    });
  });
}
for (const flag of opNodePassiveFlags)
  flag.env.forEach((suffix, rank) => {
    vnEnv.set(suffix, {
      rank,
      target: (scope) => ({ kind: "vnPassive", key: `vn.${scope}.${flag.name}`, scope, flag }),
    });
  });

const vnEnvPattern = /^OP_SUPERNODE_VN_(ALL|[1-9][0-9]*)_(.+)$/;

function envLayer(env: Record<string, string | undefined>, warnings: string[]): Layer {
  const found: { entry: Entry; rank: number }[] = [];
  for (const name of Object.keys(env).sort()) {
    const value = env[name];
    if (!name.startsWith(ENV_PREFIX) || value === undefined || value === "") continue;
    const source: Source = { kind: "env", name };
    const top = topEnv.get(name);
    if (top) {
      found.push({ entry: { target: top.target, value, source }, rank: top.rank });
      continue;
    }
    const scoped = vnEnvPattern.exec(name);
    const vn = scoped ? vnEnv.get(scoped[2] ?? "") : undefined;
    if (scoped && vn) {
      const scope = scoped[1] === "ALL" ? "all" : (scoped[1] ?? "");
      found.push({ entry: { target: vn.target(scope), value, source }, rank: vn.rank });
      continue;
    }
    warnings.push(`${name}: unknown ${ENV_PREFIX}* environment variable, ignored`);
  }
  // Of two names for one setting (e.g. ..._L1_BEACON_FALLBACKS and ..._L1_BEACON_ARCHIVER) the first listed wins.
  found.sort((a, b) => a.rank - b.rank);
  const layer: Layer = new Map();
  for (const { entry } of found) if (!layer.has(entry.target.key)) layer.set(entry.target.key, entry);
  return layer;
}

const fileValue = v.union(
  [
    v.string(),
    v.number(),
    v.boolean(),
    v.array(v.union([v.string(), v.number()]), "expected a list of strings or numbers"),
  ],
  "expected a string, number, boolean or list",
);

const fileSchema = v.record(v.string(), fileValue, "expected a JSON object of settings");

function fileText(item: string | number | boolean): string {
  return typeof item === "string" ? item : String(item);
}

function fileLayer(path: string, readFile: (path: string) => string): Layer {
  let json: unknown;
  try {
    json = JSON.parse(readFile(path));
  } catch (error) {
    const reason = error instanceof SyntaxError ? `is not JSON: ${error.message}` : "cannot be read";
    const detail = error instanceof Error && !(error instanceof SyntaxError) ? ` (${error.message})` : "";
    throw new ConfigUsageError("config", `config file ${path} ${reason}${detail}`, { cause: error });
  }
  const parsed = v.safeParse(fileSchema, json);
  if (!parsed.success) {
    const key = parsed.issues[0].path?.map((item) => String(item.key))[0];
    throw new ConfigUsageError(
      key ?? "config",
      `${key === undefined ? "" : `${JSON.stringify(key)} in `}${path}: ${parsed.issues[0].message}`,
    );
  }
  const layer: Layer = new Map();
  for (const [name, raw] of Object.entries(parsed.output)) {
    const shown = `${JSON.stringify(name)} in ${path}`;
    const target = targetOf(name);
    if (!target || target.kind === "help") throw unknownFlag(name, shown);
    if (target.kind === "setting" && target.key === "config")
      throw new ConfigUsageError(name, `${shown}: a config file cannot name another one`);
    const list = (target.kind === "setting" || target.kind === "vn") && target.type === "list";
    if (Array.isArray(raw) && !list)
      throw new ConfigUsageError(name, `${shown}: takes one value, not a list`);
    for (const item of Array.isArray(raw) ? raw : [raw])
      if (typeof item === "number" && Number.isInteger(item) && !Number.isSafeInteger(item))
        throw new ConfigUsageError(
          name,
          `${shown}: ${item} is too large for a JSON number; write it as a string`,
        );
    const value = Array.isArray(raw) ? raw.map(fileText).join(",") : fileText(raw);
    layer.set(target.key, { target, value, source: { kind: "file", path, name } });
  }
  return layer;
}

// ---- checks -------------------------------------------------------------------------------

type Issue = v.BaseIssue<unknown>;

function issueError(
  issue: Issue,
  key: string,
  entry: Entry | undefined,
  missing: () => string,
): ConfigUsageError {
  if (!entry) return new ConfigUsageError(key, missing());
  const input = issue.input === undefined ? entry.value : issue.input;
  return new ConfigUsageError(key, `${where(entry)}: ${issue.message} (got ${describeValue(input)})`);
}

function passiveWarning(entry: Entry, flag: PassiveFlag, warnings: string[]): void {
  const { disposition } = flag;
  switch (disposition.kind) {
    case "ignored":
      return;
    case "shared":
      warnings.push(`${where(entry)}: ignored; ${disposition.use}`);
      return;
    case "unimplemented":
      warnings.push(`${where(entry)}: accepted but not implemented by this supernode; it has no effect`);
      return;
    case "refused": {
      const refusal = disposition.refusal(entry.value);
      if (refusal !== null)
        throw new ConfigUsageError(entry.target.key, `${where(entry)}=${entry.value}: ${refusal}`);
      return;
    }
  }
}

function defaultReadFile(path: string): string {
  return readFileSync(path, "utf8");
}

/**
 * The supernode's config from the command line (without the program and command names), the
 * environment and, when `--config` / OP_SUPERNODE_CONFIG names one, a JSON config file read with
 * `readFile`. Throws a ConfigUsageError naming the key for anything that cannot be used.
 */
export function loadSupernodeConfig(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  readFile: (path: string) => string = defaultReadFile,
): SupernodeConfig {
  const warnings: string[] = [];
  const flags = flagLayer(argv);
  const fromEnv = envLayer(env, warnings);
  const configEntry = flags.get("config") ?? fromEnv.get("config");
  const fromFile: Layer =
    configEntry === undefined ? new Map() : fileLayer(configEntry.value.trim(), readFile);
  const pick = (key: string): Entry | undefined => flags.get(key) ?? fromEnv.get(key) ?? fromFile.get(key);

  // Top-level settings.
  const input: Record<string, string> = {};
  for (const key of Object.keys(supernodeSettings)) {
    const entry = pick(key);
    if (entry) input[key] = entry.value;
  }
  const top = v.safeParse(supernodeSchema, input);
  if (!top.success) {
    const issue = top.issues[0];
    const key = String(issue.path?.[0]?.key ?? "config");
    const envName = topSettings.get(key)?.meta.env[0];
    throw issueError(issue, key, pick(key), () =>
      envName === undefined ? `--${key} is required` : `--${key} is required (or ${envName})`,
    );
  }
  const settings = top.output;
  const chainIds = settings.chains;
  const chainScopes = new Set(chainIds.map((id) => id.toString()));

  // Flags accepted without being settings, and per-chain flags for chains not run; one check per key.
  const keys = new Set([...flags.keys(), ...fromEnv.keys(), ...fromFile.keys()]);
  for (const key of keys) {
    const entry = pick(key);
    if (!entry) continue;
    const { target } = entry;
    if ((target.kind === "vn" || target.kind === "vnPassive") && target.scope !== "all") {
      if (!chainScopes.has(target.scope))
        throw new ConfigUsageError(key, `${where(entry)}: chain ${target.scope} is not in --chains`);
    }
    if (target.kind === "passive" || target.kind === "vnPassive")
      passiveWarning(entry, target.flag, warnings);
  }

  // Per chain: vn.<id>.<flag> beats vn.all.<flag>.
  const engines = new Map<string, bigint>();
  const chains = chainIds.map((chainId): ChainConfig => {
    const scoped = (name: string): Entry | undefined =>
      pick(`vn.${chainId}.${name}`) ?? pick(`vn.all.${name}`);
    const vnInput: Record<string, string> = {};
    for (const name of Object.keys(virtualNodeSettings)) {
      const entry = scoped(name);
      if (entry) vnInput[name] = entry.value;
    }
    const parsed = v.safeParse(virtualNodeSchema, vnInput);
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const name = String(issue.path?.[0]?.key ?? "l2");
      const entry = scoped(name);
      throw issueError(
        issue,
        entry?.target.key ?? `vn.${chainId}.${name}`,
        entry,
        () => `--vn.${chainId}.${name} (or --vn.all.${name}) is required for chain ${chainId}`,
      );
    }
    const vn = parsed.output;
    if (vn["rollup.config"] === undefined && vn.network === undefined)
      throw new ConfigUsageError(
        `vn.${chainId}.rollup.config`,
        `chain ${chainId} needs --vn.${chainId}.rollup.config or --vn.${chainId}.network (or the same under --vn.all.)`,
      );
    if (vn["rollup.config"] !== undefined && vn.network !== undefined) {
      const entry = scoped("network");
      throw new ConfigUsageError(
        entry?.target.key ?? `vn.${chainId}.network`,
        `chain ${chainId} has both rollup.config and network; give one`,
      );
    }
    if (vn.network !== undefined) {
      const preset = networkPresets[vn.network];
      const entry = scoped("network");
      if (preset && preset.l2ChainId !== chainId)
        throw new ConfigUsageError(
          entry?.target.key ?? `vn.${chainId}.network`,
          `${entry ? where(entry) : `--vn.${chainId}.network`}: ${vn.network} is chain ${preset.l2ChainId}, not ${chainId}`,
        );
    }
    const engine = vn.l2.replace(/\/+$/, "").toLowerCase();
    const other = engines.get(engine);
    if (other !== undefined) {
      const entry = scoped("l2");
      throw new ConfigUsageError(
        entry?.target.key ?? `vn.${chainId}.l2`,
        `${entry ? where(entry) : `--vn.${chainId}.l2`}: chains ${other} and ${chainId} would drive the same engine ${vn.l2}`,
      );
    }
    engines.set(engine, chainId);

    const opNode: Record<string, string> = {};
    for (const flag of opNodePassiveFlags) {
      if (flag.disposition.kind !== "unimplemented") continue;
      const entry = scoped(flag.name);
      if (entry) opNode[flag.name] = entry.value;
    }
    const chain: ChainConfig = {
      chainId,
      l2: vn.l2,
      jwtSecretPath: vn["l2.jwt-secret"],
      beaconArchivers: vn["l1.beacon-archiver"],
      opNode,
    };
    if (vn["rollup.config"] !== undefined) chain.rollupConfigPath = vn["rollup.config"];
    if (vn.network !== undefined) chain.network = vn.network;
    if (vn["rollup.l1-chain-config"] !== undefined) chain.l1ChainConfigPath = vn["rollup.l1-chain-config"];
    return chain;
  });

  const config: SupernodeConfig = {
    chains,
    l1: settings.l1,
    l1Beacon: settings["l1.beacon"],
    l1BeaconFallbacks: settings["l1.beacon-fallbacks"],
    l1HttpPollIntervalMs: settings["l1.http-poll-interval"],
    l1TrustRpc: settings["l1.trust-rpc"],
    dataDir: settings["data-dir"],
    interopLogBackfillDepth: settings["interop.log-backfill-depth"],
    rpc: { addr: settings["rpc.addr"], port: settings["rpc.port"], holdMs: settings["rpc.hold-ms"] },
    metrics: {
      enabled: settings["metrics.enabled"],
      addr: settings["metrics.addr"],
      port: settings["metrics.port"],
    },
    log: { level: settings["log.level"], format: settings["log.format"] },
    disableP2p: settings["disable-p2p"],
    warnings,
  };
  if (settings["l1.slot-duration"] !== undefined) config.l1SlotDuration = settings["l1.slot-duration"];
  if (settings["dependency-set"] !== undefined) config.dependencySetPath = settings["dependency-set"];
  if (settings["interop.activation-timestamp"] !== undefined)
    config.interopActivationTimestamp = settings["interop.activation-timestamp"];
  return config;
}
