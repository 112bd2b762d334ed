import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { configDocsMarkdown, supernodeHelp, supernodeSettings, virtualNodeSettings } from "./index.ts";
import { opNodePassiveFlags, supernodePassiveFlags } from "./opNodeFlags.ts";
import { configDocsPath } from "./paths.ts";
import { settingDocs } from "./setting.ts";

/** The lines `--help` prints for the option that starts with `head` (its head line and what follows). */
function helpEntry(help: string, head: string): string {
  const lines = help.split("\n");
  const start = lines.findIndex((line) =>
    [" ", ","].some((next) => `${line} `.startsWith(`  ${head}${next}`)),
  );
  if (start < 0) throw new Error(`--help has no entry for ${head}`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((line) => !line.startsWith("    "));
  return [lines[start], ...(end < 0 ? rest : rest.slice(0, end))].join("\n");
}

describe("--help", () => {
  const help = supernodeHelp();

  test("lists every top-level flag with its environment variables and default", () => {
    for (const doc of settingDocs(supernodeSettings)) {
      const entry = helpEntry(help, `--${doc.name}`);
      for (const alias of doc.meta.aliases) expect(entry).toContain(`--${alias}`);
      for (const env of doc.meta.env) expect(entry.replaceAll(/\s+/g, " ")).toContain(env);
      if (doc.meta.required) expect(entry).toContain("required");
      else
        expect(entry.replaceAll(/\s+/g, " ")).toContain(
          `default: ${doc.meta.defaultText ?? doc.defaultValue}`,
        );
    }
  });

  test("shows the defaults an operator relies on", () => {
    expect(helpEntry(help, "--rpc.addr")).toContain("default: 127.0.0.1");
    expect(helpEntry(help, "--rpc.port <port>")).toContain("OP_SUPERNODE_RPC_PORT; default: 8545");
    expect(helpEntry(help, "--rpc.hold-ms <ms>")).toContain("default: 5000");
    expect(helpEntry(help, "--metrics.port <port>")).toContain("OP_SUPERNODE_METRICS_PORT; default: 7300");
    expect(helpEntry(help, "--l1 <url>")).toContain("OP_SUPERNODE_L1_ETH_RPC; required");
  });

  test("lists every per-chain flag with its environment variables", () => {
    for (const doc of settingDocs(virtualNodeSettings)) {
      const entry = helpEntry(help, `--vn.<chainId>.${doc.name}`).replaceAll(/\s+/g, " ");
      for (const suffix of doc.meta.env) expect(entry).toContain(`OP_SUPERNODE_VN_<chainId>_${suffix}`);
      expect(entry).toContain(doc.meta.required ? "required" : "default:");
    }
  });

  test("names every other op-node and op-supernode flag it accepts", () => {
    const flat = help.replaceAll(/\s+/g, " ");
    for (const flag of [...opNodePassiveFlags, ...supernodePassiveFlags]) expect(flat).toContain(flag.name);
  });
});

test("docs/config.md is generated from the schemas (run bun apps/supernode/scripts/gen-config-docs.ts)", () => {
  expect(readFileSync(configDocsPath, "utf8")).toBe(configDocsMarkdown());
});
