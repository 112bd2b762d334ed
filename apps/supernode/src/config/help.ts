// `--help` and docs/config.md, both generated from the setting schemas and the op-node flag
// catalogue, so neither can drift from what loadSupernodeConfig reads.
import {
  type Disposition,
  opNodePassiveFlags,
  type PassiveFlag,
  supernodePassiveFlags,
} from "./opNodeFlags.ts";
import { ENV_PREFIX, type SettingDoc, settingDocs } from "./setting.ts";
import { supernodeSettings } from "./supernodeSettings.ts";
import { virtualNodeSettings } from "./virtualNodeSettings.ts";

const topDocs = settingDocs(supernodeSettings);
const vnDocs = settingDocs(virtualNodeSettings);

function defaultOf(doc: SettingDoc): string {
  if (doc.meta.required) return "required";
  if (doc.meta.defaultText !== undefined) return doc.meta.defaultText;
  return doc.defaultValue ?? "none";
}

function sections(docs: readonly SettingDoc[]): Map<string, SettingDoc[]> {
  const grouped = new Map<string, SettingDoc[]>();
  for (const doc of docs) grouped.set(doc.meta.section, [...(grouped.get(doc.meta.section) ?? []), doc]);
  return grouped;
}

const vnEnv = (scope: string, suffix: string) => `${ENV_PREFIX}VN_${scope}_${suffix}`;

function passiveNames(flags: readonly PassiveFlag[], kind: Disposition["kind"]): string[] {
  return flags.filter((flag) => flag.disposition.kind === kind).map((flag) => flag.name);
}

// ---- --help --------------------------------------------------------------------------------

const WIDTH = 100;
const INDENT = 34;

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((item) => item !== "")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

function option(head: string, description: string, details: string): string {
  const pad = " ".repeat(INDENT);
  const body = [...wrap(description, WIDTH - INDENT), ...wrap(details, WIDTH - INDENT)];
  const first = `  ${head}`;
  const lines =
    first.length < INDENT - 1
      ? [`${first.padEnd(INDENT)}${body[0] ?? ""}`, ...body.slice(1).map((line) => pad + line)]
      : [first, ...body.map((line) => pad + line)];
  return lines.join("\n");
}

function flagHead(names: readonly string[], placeholder: string): string {
  const flags = names.map((name) => `--${name}`).join(", ");
  return placeholder === "" ? flags : `${flags} ${placeholder}`;
}

function listLines(label: string, names: readonly string[]): string {
  return [`  ${label}:`, ...wrap(names.join(", "), WIDTH - 4).map((line) => `    ${line}`)].join("\n");
}

/** Every flag with its environment variables and default. `program` heads the usage line. */
export function supernodeHelp(program = "supernode"): string {
  const out: string[] = [
    "Usage:",
    `  ${program} --chains <ids> --l1 <url> --l1.beacon <url>`,
    `    --vn.<chainId>.l2 <url> --vn.all.l2.jwt-secret <file> --vn.<chainId>.rollup.config <file> [options]`,
    "",
    "Runs every chain of an OP Stack interop dependency set in one process. The flags are op-supernode's.",
    "Each setting is read from its flag, else its OP_SUPERNODE_* environment variable, else the --config",
    "file, else its default. Durations are written 500ms, 12s, 168h.",
  ];
  for (const [section, docs] of sections(topDocs)) {
    out.push("", `${section}:`);
    for (const doc of docs) {
      const env = doc.meta.env.length > 0 ? `env ${doc.meta.env.join(", ")}; ` : "";
      const fallback = doc.meta.required ? "required" : `default: ${defaultOf(doc)}`;
      out.push(
        option(
          flagHead([doc.name, ...doc.meta.aliases], doc.meta.placeholder),
          doc.description,
          `[${env}${fallback}]`,
        ),
      );
    }
  }
  out.push(
    "",
    "Per chain: --vn.<chainId>.<flag> for one chain, --vn.all.<flag> for every chain; the per-chain",
    "value wins. Environment: OP_SUPERNODE_VN_<chainId>_<X> and OP_SUPERNODE_VN_ALL_<X>.",
  );
  for (const doc of vnDocs) {
    const names = [doc.name, ...doc.meta.aliases].map((name) => `vn.<chainId>.${name}`);
    const env = doc.meta.env.map((suffix) => vnEnv("<chainId>", suffix)).join(", ");
    const fallback = doc.meta.required ? "required" : `default: ${defaultOf(doc)}`;
    out.push(
      option(flagHead(names, doc.meta.placeholder), doc.description, `[env ${env} (or VN_ALL); ${fallback}]`),
    );
  }
  const refused = opNodePassiveFlags.flatMap((flag) =>
    flag.disposition.kind === "refused"
      ? [flag.disposition.when === "true" ? `${flag.name}=true` : `${flag.name} (${flag.disposition.when})`]
      : [],
  );
  out.push(
    "",
    "Other op-node flags, as --vn.<chainId>.<flag> or --vn.all.<flag>:",
    listLines(
      "ignored with a warning (the supernode's shared setting applies)",
      passiveNames(opNodePassiveFlags, "shared"),
    ),
    listLines("accepted with a warning, no effect", passiveNames(opNodePassiveFlags, "unimplemented")),
    listLines("refused, exit 2", refused),
    listLines("ignored", passiveNames(opNodePassiveFlags, "ignored")),
    "",
    "Other op-supernode flags (environment OP_SUPERNODE_<X>):",
    listLines("accepted with a warning, no effect", passiveNames(supernodePassiveFlags, "unimplemented")),
    listLines("refused when true, exit 2", passiveNames(supernodePassiveFlags, "refused")),
    listLines("ignored", passiveNames(supernodePassiveFlags, "ignored")),
    "",
    option("-h, --help", "Show this help and exit.", ""),
    "",
    "A bad flag, variable or config value exits with code 2 and names the key. See docs/config.md.",
    "",
  );
  return out.join("\n");
}

// ---- docs/config.md ------------------------------------------------------------------------

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

/** Plain text in Markdown: `<chainId>` must not read as an HTML tag, nor `*` as emphasis. */
function prose(text: string): string {
  return text.replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll("*", "\\*");
}

function code(text: string): string {
  return `\`${text}\``;
}

/** A Markdown table with aligned columns, as Biome formats it. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [header, ...rows.map((row) => row.map(cell))];
  const widths = header.map((_, column) => Math.max(3, ...cells.map((row) => (row[column] ?? "").length)));
  const line = (row: readonly string[]) =>
    `| ${widths.map((width, column) => (row[column] ?? "").padEnd(width)).join(" | ")} |`;
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...cells.slice(1).map(line)].join(
    "\n",
  );
}

interface NoteColumn {
  readonly header: string;
  readonly of: (flag: PassiveFlag) => string;
}

function passiveTable(
  flags: readonly PassiveFlag[],
  envOf: (suffix: string) => string,
  note?: NoteColumn,
): string {
  return table(
    note ? ["Flag", "Environment", note.header] : ["Flag", "Environment"],
    flags.map((flag) => {
      const row = [code(flag.name), flag.env.map((suffix) => code(envOf(suffix))).join("<br>") || "—"];
      return note ? [...row, note.of(flag)] : row;
    }),
  );
}

/** The contents of docs/config.md (regenerate with `bun apps/supernode/scripts/gen-config-docs.ts`). */
export function configDocsMarkdown(): string {
  const out: string[] = [
    "# Supernode configuration",
    "",
    "<!-- Generated from the schemas in apps/supernode/src/config/ by",
    "     `bun apps/supernode/scripts/gen-config-docs.ts`. Do not edit by hand; a test checks it. -->",
    "",
    "The supernode takes op-supernode's flags. Every setting comes from, in order of precedence:",
    "",
    "1. its flag: `--name value`, `--name=value` (one dash or two); a boolean flag alone means true;",
    "2. its environment variable (`OP_SUPERNODE_*`);",
    "3. the config file named by `--config` / `OP_SUPERNODE_CONFIG`;",
    "4. its default.",
    "",
    "List settings (`--chains`, `--l1.beacon-fallbacks`, `--vn.<chainId>.l1.beacon-archiver`) take",
    "comma-separated values and may be repeated; a higher source replaces a lower one's list.",
    "Durations use Go's syntax: `500ms`, `12s`, `1h30m`, `168h`.",
    "",
    "A value that cannot be used, a missing required setting, an unknown flag or a refused op-node flag",
    "stops the supernode with exit code 2 and a message naming the key (e.g. `rpc.port`,",
    "`vn.901.l2`). An unknown `OP_SUPERNODE_*` environment variable is only warned about, as in",
    "op-supernode. Warnings are logged once at start.",
    "",
    "## Config file",
    "",
    "A JSON object whose keys are flag names without the dashes. Values are strings in the flag's",
    "syntax, numbers, booleans, or lists for list settings. Paths in it are relative to the working",
    "directory, as on the command line.",
    "",
    "```json",
    "{",
    '  "chains": [901, 902],',
    '  "l1": "http://127.0.0.1:8545",',
    '  "l1.beacon": "http://127.0.0.1:5052",',
    '  "data-dir": "/var/lib/supernode",',
    '  "vn.all.l2.jwt-secret": "/etc/supernode/jwt.hex",',
    '  "vn.901.l2": "http://127.0.0.1:8551",',
    '  "vn.901.rollup.config": "/etc/supernode/901/rollup.json",',
    '  "vn.902.l2": "http://127.0.0.1:9551",',
    '  "vn.902.rollup.config": "/etc/supernode/902/rollup.json"',
    "}",
    "```",
  ];
  for (const [section, docs] of sections(topDocs)) {
    out.push(
      "",
      `## ${section}`,
      "",
      table(
        ["Flag", "Environment", "Default", "Description"],
        docs.map((doc) => [
          [doc.name, ...doc.meta.aliases]
            .map((name) => code(`--${name}${doc.meta.placeholder === "" ? "" : ` ${doc.meta.placeholder}`}`))
            .join("<br>"),
          doc.meta.env.map(code).join("<br>"),
          doc.meta.required
            ? "**required**"
            : defaultOf(doc) === doc.defaultValue
              ? code(defaultOf(doc))
              : prose(defaultOf(doc)),
          prose(doc.description),
        ]),
      ),
    );
  }
  out.push(
    "",
    "## Per chain",
    "",
    "Each chain's virtual node takes op-node's flags, given as `--vn.<chainId>.<flag>` for one chain",
    "or `--vn.all.<flag>` for every chain; the per-chain value wins whatever the sources of the two",
    "(`--vn.all.l2` from a flag loses to `vn.901.l2` from the config file). The environment",
    "variables are op-node's with `OP_NODE_` replaced by `OP_SUPERNODE_VN_<chainId>_` or",
    "`OP_SUPERNODE_VN_ALL_`. A `--vn.<chainId>.*` flag for a chain not in `--chains` is an error;",
    "unlike op-supernode, chains given by environment or config file get per-chain flags too.",
    "",
    table(
      ["Flag", "Environment", "Default", "Description"],
      vnDocs.map((doc) => [
        [doc.name, ...doc.meta.aliases]
          .flatMap((name) => [code(`--vn.<chainId>.${name}`), code(`--vn.all.${name}`)])
          .join("<br>"),
        doc.meta.env
          .flatMap((suffix) => [code(vnEnv("<chainId>", suffix)), code(vnEnv("ALL", suffix))])
          .join("<br>"),
        doc.meta.required ? "**required**" : prose(defaultOf(doc)),
        prose(doc.description),
      ]),
    ),
    "",
    "## Other op-node flags",
    "",
    "So that an op-supernode command line runs unchanged, every other op-node flag is accepted under",
    "`--vn.<chainId>.` and `--vn.all.` (and its `OP_SUPERNODE_VN_*` variable), and handled as below.",
    "",
    "### Ignored with a warning: the supernode owns the resource",
    "",
    passiveTable(
      opNodePassiveFlags.filter((flag) => flag.disposition.kind === "shared"),
      (suffix) => vnEnv("<chainId>", suffix),
      {
        header: "Instead",
        of: (flag) => (flag.disposition.kind === "shared" ? prose(flag.disposition.use) : ""),
      },
    ),
    "",
    "### Refused: exit 2",
    "",
    "Values that would make the node something this supernode is not. Any other value of these",
    "flags (e.g. `false`) is accepted silently.",
    "",
    passiveTable(
      opNodePassiveFlags.filter((flag) => flag.disposition.kind === "refused"),
      (suffix) => vnEnv("<chainId>", suffix),
      {
        header: "Refused value: why",
        of: (flag) =>
          flag.disposition.kind === "refused"
            ? prose(`${flag.disposition.when}: ${flag.disposition.reason}`)
            : "",
      },
    ),
    "",
    "### Accepted with a warning: not implemented, no effect",
    "",
    "One warning per flag given. The values are kept per chain (`ChainConfig.opNode`).",
    "",
    passiveTable(
      opNodePassiveFlags.filter((flag) => flag.disposition.kind === "unimplemented"),
      (suffix) => vnEnv("<chainId>", suffix),
    ),
    "",
    "### Ignored silently",
    "",
    passiveTable(
      opNodePassiveFlags.filter((flag) => flag.disposition.kind === "ignored"),
      (suffix) => vnEnv("<chainId>", suffix),
    ),
    "",
    "## Other op-supernode flags",
    "",
    passiveTable(supernodePassiveFlags, (suffix) => `${ENV_PREFIX}${suffix}`, {
      header: "Handling",
      of: ({ disposition }) => {
        if (disposition.kind === "refused")
          return prose(`refused when ${disposition.when}: ${disposition.reason}`);
        if (disposition.kind === "ignored") return "ignored silently (no pprof under Bun)";
        return "accepted with a warning, no effect";
      },
    }),
    "",
    "## Differences from op-supernode",
    "",
    "- `--rpc.addr` and `--metrics.addr` default to `127.0.0.1`, not `0.0.0.0`: exposing them is a choice.",
    "- `--l1.beacon` is required (blobs are read from it); op-supernode leaves it optional.",
    "- New: `--config`, `--l1.trust-rpc`, `--l1.slot-duration` (op-node's",
    "  `l1.beacon.slot-duration-override`, for L1s without `/eth/v1/config/spec` such as anvil) and",
    "  `--rpc.hold-ms`.",
    "- Per-chain `l1`, `l1.beacon` and the other settings the supernode owns are ignored with a",
    "  warning; op-supernode rejects some of them as unknown flags.",
    "- `--log.format` takes `json`, `text` and `terminal` (`logfmt` reads as `text`, `json-pretty`",
    "  as `json`); `--log.level` `crit` reads as `error`.",
    "- The data directory layout differs: moving from op-supernode means an empty `--data-dir`.",
    "",
  );
  return out.join("\n");
}
