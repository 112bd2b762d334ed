// `supernode status --rpc URL`: one table of the supernode's chains and their heads, from
// `supernode_syncStatus` (the aggregate line first, then a row per chain).
import { parseArgs } from "node:util";
import type { SuperNodeSyncStatusJson } from "@supernode/protocol";

export const statusHelp = `Usage:
  supernode status [--rpc <url>]

Prints the chains of a running supernode and their heads (unsafe, cross-unsafe, local-safe,
safe, finalized, current L1) from supernode_syncStatus.

Options:
  --rpc <url>    the supernode's JSON-RPC (default http://127.0.0.1:8545)
  -h, --help     Show this help and exit.
`;

export interface StatusIo {
  out(text: string): void;
  err(text: string): void;
}

/** The table for one supernode_syncStatus answer. */
export function statusTable(status: SuperNodeSyncStatusJson): string {
  const header = ["chain", "unsafe", "cross-unsafe", "local-safe", "safe", "finalized", "current L1"];
  const rows = status.chain_ids.map((id) => {
    const chain = status.chains[id];
    if (!chain) return [id, "-", "-", "-", "-", "-", "-"];
    return [
      id,
      String(chain.unsafe_l2.number),
      String(chain.cross_unsafe_l2.number),
      String(chain.local_safe_l2.number),
      String(chain.safe_l2.number),
      String(chain.finalized_l2.number),
      String(chain.current_l1.number),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i] as number)).join("  ");
  return [
    `current L1 ${status.current_l1.number}; timestamps: local-safe ${status.local_safe_timestamp}, safe ${status.safe_timestamp}, finalized ${status.finalized_timestamp}`,
    line(header),
    ...rows.map(line),
    "",
  ].join("\n");
}

export async function runStatus(argv: readonly string[], io: StatusIo): Promise<number> {
  let rpc = "http://127.0.0.1:8545";
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { rpc: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    });
    if (values.help) {
      io.out(statusHelp);
      return 0;
    }
    if (values.rpc) rpc = values.rpc;
  } catch (error) {
    io.err(`supernode status: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  try {
    const response = await fetch(rpc, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "supernode_syncStatus", params: [] }),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { result?: SuperNodeSyncStatusJson; error?: { message: string } };
    if (!body.result) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
    io.out(statusTable(body.result));
    return 0;
  } catch (error) {
    io.err(`supernode status: ${rpc}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
