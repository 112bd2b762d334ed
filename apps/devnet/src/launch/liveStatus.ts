// The launcher's live status: the L1 head and, per chain, unsafe / local-safe / safe / finalized
// from the supernode's supernode_syncStatus. On a terminal the block is redrawn in place; elsewhere
// one log line is written whenever something moved.
import type { SuperNodeSyncStatusJson } from "@supernode/protocol";

export interface StatusSnapshot {
  readonly l1Head: number | null;
  readonly status: SuperNodeSyncStatusJson | null;
  /** Why there is no status (the supernode starting, an RPC error). */
  readonly note?: string;
}

const HEADS = ["unsafe", "local-safe", "safe", "finalized"] as const;

function heads(status: SuperNodeSyncStatusJson, id: string): readonly number[] | null {
  const chain = status.chains[id];
  if (!chain) return null;
  return [
    chain.unsafe_l2.number,
    chain.local_safe_l2.number,
    chain.safe_l2.number,
    chain.finalized_l2.number,
  ];
}

/** The status as lines of a table (the terminal view). */
export function statusLines(snapshot: StatusSnapshot): string[] {
  const { status, l1Head } = snapshot;
  const top = `L1 head ${l1Head ?? "-"}   supernode current L1 ${status?.current_l1.number ?? "-"}${snapshot.note ? `   (${snapshot.note})` : ""}`;
  const header = ["chain", ...HEADS];
  const rows = (status?.chain_ids ?? []).map((id) => [
    id,
    ...(heads(status as SuperNodeSyncStatusJson, id) ?? HEADS.map(() => Number.NaN)).map((n) =>
      Number.isNaN(n) ? "-" : String(n),
    ),
  ]);
  const width = (i: number) => Math.max(header[i]?.length ?? 0, ...rows.map((row) => row[i]?.length ?? 0));
  const cells = (row: readonly string[]) => row.map((cell, i) => cell.padStart(width(i))).join("  ");
  return [top, cells(header), ...rows.map(cells)];
}

/** One log line for the status (the non-terminal view). */
export function statusLogLine(snapshot: StatusSnapshot): string {
  const { status } = snapshot;
  const chains = (status?.chain_ids ?? [])
    .map((id) => {
      const numbers = heads(status as SuperNodeSyncStatusJson, id);
      return numbers ? `${id} ${HEADS.map((name, i) => `${name}=${numbers[i]}`).join(" ")}` : `${id} -`;
    })
    .join(" | ");
  return `status l1=${snapshot.l1Head ?? "-"} current_l1=${status?.current_l1.number ?? "-"}${chains ? ` | ${chains}` : ""}${snapshot.note ? ` (${snapshot.note})` : ""}`;
}

/** Writes snapshots: redrawn in place on a terminal, as log lines when something changed otherwise. */
export class LiveStatus {
  #drawn = 0;
  #last = "";

  constructor(
    private readonly write: (text: string) => void,
    private readonly terminal: boolean,
  ) {}

  show(snapshot: StatusSnapshot): void {
    if (this.terminal) {
      const lines = statusLines(snapshot);
      // Up over the last drawing, then each line cleared and rewritten.
      const up = this.#drawn > 0 ? `\u001b[${this.#drawn}A` : "";
      this.write(`${up}${lines.map((line) => `\u001b[2K${line}\n`).join("")}`);
      this.#drawn = lines.length;
      return;
    }
    const line = statusLogLine(snapshot);
    if (line === this.#last) return;
    this.#last = line;
    this.write(`${line}\n`);
  }

  /** Leaves the drawing on screen; what is written next starts below it. */
  release(): void {
    this.#drawn = 0;
  }
}
