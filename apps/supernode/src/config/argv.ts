// Splits a command line into flags the way Go's flag package reads op-supernode's: `--name value`,
// `--name=value`, one dash or two, and a boolean flag alone meaning true (`--name false` is read
// too, since no positional arguments exist to confuse it with).
import { ConfigUsageError } from "./errors.ts";
import { isBoolLiteral } from "./values.ts";

export interface ArgFlag {
  /** The name without dashes, e.g. `vn.901.l2`. */
  readonly name: string;
  readonly value: string;
  /** The flag as typed, e.g. `--vn.901.l2`. */
  readonly text: string;
}

export type ArgKind = "bool" | "value";

/** `--help`, `-help` or `-h` anywhere on the command line. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((arg) => arg === "--help" || arg === "-help" || arg === "-h");
}

/**
 * The flags of `argv` in order. `kindOf` says whether a flag takes a value (and throws for an
 * unknown one); a positional argument or a value flag at the end of the line is a ConfigUsageError.
 */
export function splitArgv(
  argv: readonly string[],
  kindOf: (name: string, text: string) => ArgKind,
): ArgFlag[] {
  const flags: ArgFlag[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? "";
    if (arg === "--" || !arg.startsWith("-") || arg === "-") {
      const positional = arg === "--" ? (argv[index + 1] ?? "--") : arg;
      throw new ConfigUsageError(
        positional,
        `unexpected argument ${JSON.stringify(positional)}: every option is --name value or --name=value`,
      );
    }
    const body = arg.startsWith("--") ? arg.slice(2) : arg.slice(1);
    const equals = body.indexOf("=");
    const name = equals < 0 ? body : body.slice(0, equals);
    const text = arg.slice(0, arg.length - body.length) + name;
    if (equals >= 0) {
      kindOf(name, text);
      flags.push({ name, value: body.slice(equals + 1), text });
      continue;
    }
    const kind = kindOf(name, text);
    const next = argv[index + 1];
    if (kind === "bool") {
      const explicit = next !== undefined && isBoolLiteral(next);
      flags.push({ name, value: explicit ? next : "true", text });
      if (explicit) index++;
    } else {
      if (next === undefined || next.startsWith("--"))
        throw new ConfigUsageError(name, `${text}: needs a value`);
      flags.push({ name, value: next, text });
      index++;
    }
  }
  return flags;
}
