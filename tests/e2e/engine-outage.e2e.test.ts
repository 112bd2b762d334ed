// One chain's execution engine goes away under the compiled supernode and comes back on the same
// URL with its state (its Engine API server stopped, then started again on the same port over
// the same engine, as an execution client restarted on its data dir).
// - While the supernode runs: that chain derives nothing while the engine is away, then recovers
//   (nothing it read from L1 meanwhile is lost) and matches the sequencer again.
// - Across a supernode restart: the chain's container cannot build its virtual node while the
//   engine is away and keeps retrying (the restarts counter rises); its route answers HTTP 503
//   with a JSON-RPC error after the hold; once the engine is back the chain catches up.
// In both, the other chain never stalls: its local-safe keeps rising through the outage. The
// followers poll both chains throughout and see no violation.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type EngineServer, startEngineServer } from "@supernode/devnet";
import type { SyncStatusJson } from "@supernode/protocol";
import { E2ENetwork, HOLD_MS } from "./support/e2eNetwork.ts";

const DOWN = "902";
const UP = "901";
/** Devnet seconds the engine stays down. */
const OUTAGE_TICKS = 40;
/** The healthy chain must move up at least once in every window this long (devnet seconds). */
const STALL_WINDOW_TICKS = 16;

let net: E2ENetwork;
/** The down chain's Engine API server once started again (the replica's own is stopped first). */
let restarted: EngineServer | null = null;

beforeAll(async () => {
  // Calldata: what is tested here is the outage, and calldata batches cost the devnet least.
  net = await E2ENetwork.startRunning({ dataMode: "calldata", compression: "zlib" });
}, 120_000);

afterAll(async () => {
  await restarted?.stop();
  await net?.stop();
}, 30_000);

async function stopEngine(): Promise<void> {
  if (restarted) await restarted.stop();
  else await net.chain(DOWN).replica.server.stop();
  restarted = null;
}

/** The down chain's engine back on its old port, with the state it had. */
function startEngine(): void {
  const { replica } = net.chain(DOWN);
  restarted = startEngineServer({
    engine: replica.engine,
    jwtSecret: net.engines.jwtSecret,
    chainId: Number(DOWN),
    port: Number(new URL(replica.url).port),
  });
  expect(restarted.url).toBe(replica.url);
}

/**
 * Ticks through the outage, paced by the healthy chain; expects it to rise in every window of
 * STALL_WINDOW_TICKS. Returns the down chain's local-safe numbers seen meanwhile.
 */
async function throughOutage(): Promise<number[]> {
  const progress: { tick: number; localSafe: number }[] = [];
  const downSeen: number[] = [];
  const start = net.devnet.clock.now();
  await net.drive(() => net.devnet.clock.now() - start >= OUTAGE_TICKS, {
    maxTicks: OUTAGE_TICKS + 4,
    pace: [UP],
    onStatus: (statuses: ReadonlyMap<string, SyncStatusJson>) => {
      const tick = net.devnet.clock.now() - start;
      const up = statuses.get(UP);
      if (up) progress.push({ tick, localSafe: up.local_safe_l2.number });
      const down = statuses.get(DOWN);
      if (down && tick > 2) downSeen.push(down.local_safe_l2.number);
    },
  });
  expect((progress.at(-1)?.localSafe ?? 0) - (progress[0]?.localSafe ?? 0)).toBeGreaterThanOrEqual(
    OUTAGE_TICKS / 2,
  );
  for (let from = 0; from + STALL_WINDOW_TICKS <= OUTAGE_TICKS; from += 2) {
    const inWindow = progress.filter((p) => p.tick >= from && p.tick <= from + STALL_WINDOW_TICKS);
    const rose = (inWindow.at(-1)?.localSafe ?? 0) > (inWindow[0]?.localSafe ?? 0);
    expect({ from, rose }).toEqual({ from, rose: true });
  }
  return downSeen;
}

async function expectSequencersChains(statuses: ReadonlyMap<string, SyncStatusJson>): Promise<void> {
  for (const chain of net.chains) {
    const localSafe = statuses.get(chain.id)?.local_safe_l2.number ?? 0;
    expect(await net.replicaMismatches(chain.id, 1, localSafe)).toEqual([]);
    expect(await net.reportedMismatches(chain.id)).toEqual([]);
  }
}

const localSafeOf = (statuses: ReadonlyMap<string, SyncStatusJson>, id: string) =>
  statuses.get(id)?.local_safe_l2.number ?? -1;

describe("supernode binary on the devnet: engine outage", () => {
  test(`chain ${DOWN}'s engine down and back: it recovers and matches, chain ${UP} never stalls`, async () => {
    await net.driveToLocalSafe(20, 200);
    const before = localSafeOf(await net.statuses(), DOWN);

    await stopEngine();
    const downSeen = await throughOutage();
    // The outage was real: the chain derived nothing (nor went back) while its engine was away.
    expect(downSeen.length).toBeGreaterThan(0);
    expect(downSeen.every((n) => n >= before && n <= before + 5)).toBe(true);

    startEngine();
    const target = Math.max(before, ...downSeen) + 20;
    await expectSequencersChains(
      await net.drive((statuses) => localSafeOf(statuses, DOWN) >= target, { maxTicks: 200 }),
    );
  }, 240_000);

  test(`chain ${DOWN}'s engine down across a supernode restart: 503 and retries, then it catches up`, async () => {
    const before = localSafeOf(await net.statuses(), DOWN);
    expect(await net.supernode?.kill("SIGTERM")).toBe(0);
    await stopEngine();
    await net.startSupernode();

    const asked = Date.now();
    const response = await fetch(`${net.rpcUrl}/${DOWN}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "optimism_syncStatus", params: [] }),
    });
    const held = Date.now() - asked;
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code).toBe("number");
    expect(typeof body.error?.message).toBe("string");
    expect(held).toBeGreaterThanOrEqual(HOLD_MS - 100);
    expect(held).toBeLessThan(HOLD_MS + 10_000);

    expect(await throughOutage()).toEqual([]);
    expect(await net.metric("supernode_virtual_node_restarts_total", { chain_id: DOWN })).toBeGreaterThan(0);
    expect(await net.metric("supernode_virtual_node_restarts_total", { chain_id: UP })).toBe(0);

    startEngine();
    // The container's next try (its backoff is at most 10 s) finds the engine.
    await net.waitFor((statuses) => statuses.has(DOWN), 30_000);
    await expectSequencersChains(
      await net.drive((statuses) => localSafeOf(statuses, DOWN) >= before + 20, { maxTicks: 200 }),
    );

    const reports = await net.stopFollowers();
    for (const report of reports) {
      expect(report.violations).toEqual([]);
      expect(report.polls).toBeGreaterThan(10);
    }
    // The down chain's follower was answered 503 while its container retried.
    expect(reports.find((r) => r.chainId === DOWN)?.unavailable).toBeGreaterThan(0);
  }, 240_000);
});
