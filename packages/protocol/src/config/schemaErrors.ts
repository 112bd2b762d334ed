// Turns the first valibot issue into one ConfigError naming the offending key by its dotted path.
import * as v from "valibot";
import { ConfigError } from "../errors.ts";

type AnyIssue = v.BaseIssue<unknown>;

function issuePath(issue: AnyIssue, prefix: string): string {
  const keys = (issue.path ?? []).map((item) => String(item.key));
  return [prefix, ...keys].filter((part) => part !== "").join(".") || "(root)";
}

export function configErrorFromIssues(issues: readonly [AnyIssue, ...AnyIssue[]], prefix = ""): ConfigError {
  const issue = issues[0];
  const key = issuePath(issue, prefix);
  if (issue.input === undefined && issue.kind === "schema") return new ConfigError(key, "is required");
  return new ConfigError(key, issue.message, issue.input);
}

/** `v.parse` that throws a ConfigError naming the key instead of a ValiError. */
export function parseConfig<S extends v.GenericSchema>(
  schema: S,
  input: unknown,
  prefix = "",
): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (!result.success) throw configErrorFromIssues(result.issues, prefix);
  return result.output;
}
