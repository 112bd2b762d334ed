// The supernode with both devnet chains (fast clock), each on its own replica engine: it serves
// supernode_syncStatus, both chains' optimism_syncStatus under /<chainId>, heartbeat_check, and
// superroot_atTimestamp equal to a super root computed independently from the sequencers'
// output roots; /metrics carries per-chain series.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Devnet, type SupernodeEngines, startSupernodeEngines, supernodeArgs } from "@supernode/devnet";
import { type Hash, silentLogger, superRootV1, superV1 } from "@supernode/protocol";
import { loadSupernodeConfig } from "@supernode/supernode/config";
import { runStatus } from "@supernode/supernode/status";
import { type RunningSupernode, startSupernode } from "@supernode/supernode/supernode";
import { type RpcCallError, rpcCall } from "@supernode/test-helpers/jsonRpc";

let devnet: Devnet;
let engines: SupernodeEngines | undefined;
let supernode: RunningSupernode;

const rpc = <T>(path: string, method: string, params: unknown[] = []): Promise<T> =>
  rpcCall<T>(`${supernode.rpcUrl}${path}`, method, params);

beforeAll(async () => {
  devnet = await Devnet.start({ clock: "fast" });
  const dir = mkdtempSync(join(tmpdir(), "supernode-"));
  engines = await startSupernodeEngines(devnet, join(dir, "engines"));
  supernode = await startSupernode(
    loadSupernodeConfig(supernodeArgs(devnet, engines, { dataDir: join(dir, "data") }), {}),
    silentLogger,
  );
  await devnet.produce(40);
}, 60_000);

afterAll(async () => {
  await supernode?.stop();
  await engines?.stop();
  await devnet?.stop();
});

interface SuperStatus {
  chain_ids: string[];
  local_safe_timestamp: number;
  chains: Record<string, { local_safe_l2: { number: number } }>;
}

describe("supernode on the devnet", () => {
  test("both chains derive; supernode_syncStatus, /<chainId> optimism_syncStatus, heartbeat_check", async () => {
    const genesis = devnet.runtimes[0]?.chain.rollup.genesis.l2Time as number;
    let status = await rpc<SuperStatus>("/", "supernode_syncStatus").catch(() => null);
    for (let i = 0; i < 200 && !(status && status.local_safe_timestamp >= genesis + 30); i++) {
      for (let t = 0; t < 5; t++) await devnet.tick();
      await Bun.sleep(100);
      status = await rpc<SuperStatus>("/", "supernode_syncStatus").catch(() => null);
    }
    expect(status?.chain_ids).toEqual(["901", "902"]);
    expect(status?.local_safe_timestamp).toBeGreaterThanOrEqual(genesis + 30);
    for (const id of ["901", "902"]) {
      const chain = await rpc<{ local_safe_l2: { number: number; hash: Hash } }>(
        `/${id}`,
        "optimism_syncStatus",
      );
      const runtime = devnet.runtimes.find((r) => String(r.chain.chainId) === id);
      expect((await runtime?.reader.blockRef(chain.local_safe_l2.number))?.hash).toBe(
        chain.local_safe_l2.hash,
      );
    }
    expect(await rpc<string>("/", "heartbeat_check")).toMatch(/^0x[0-9a-f]{8}$/);
  }, 80_000);

  test("superroot_atTimestamp equals the super root of the sequencers' output roots", async () => {
    const genesis = devnet.runtimes[0]?.chain.rollup.genesis.l2Time as number;
    const timestamp = genesis + 10;
    const answer = await rpc<{
      data?: { super_root: Hash };
      optimistic_at_timestamp: Record<string, unknown>;
    }>("/", "superroot_atTimestamp", [`0x${timestamp.toString(16)}`]);
    const outputs = await Promise.all(
      devnet.runtimes.map(async (runtime) => {
        const number = (timestamp - genesis) / runtime.chain.rollup.blockTime;
        const output = await runtime.reader.output(number);
        return { chainId: runtime.chain.rollup.l2ChainId, output: output?.outputRoot as Hash };
      }),
    );
    expect(Object.keys(answer.optimistic_at_timestamp).sort()).toEqual(["901", "902"]);
    expect(answer.data?.super_root).toBe(superRootV1(superV1(timestamp, outputs)));
    // A plain number is accepted too.
    const again = await rpc<{ data?: { super_root: Hash } }>("/", "superroot_atTimestamp", [timestamp]);
    expect(again.data?.super_root).toBe(answer.data?.super_root as Hash);
  }, 30_000);

  test("bad params get −32602 at the root and on a chain path, as op-node answers", async () => {
    const codeOf = (path: string, method: string, params: unknown[]) =>
      rpc(path, method, params).then(
        () => null,
        (error: unknown) => (error as RpcCallError).code,
      );
    expect(await codeOf("/", "superroot_atTimestamp", ["not a timestamp"])).toBe(-32602);
    expect(await codeOf("/901", "optimism_outputAtBlock", ["latest"])).toBe(-32602);
    expect(await codeOf("/902", "optimism_safeHeadAtL1Block", [7])).toBe(-32602);
  }, 10_000);

  test("/metrics carries per-chain series", async () => {
    const text = await (await fetch(supernode.metricsUrl as string)).text();
    for (const id of ["901", "902"])
      expect(text).toContain(`supernode_derivation_l2_blocks_total{chain_id="${id}"`);
    expect(text).toContain("supernode_info{");
    expect(text).toContain("supernode_l1_requests_total");
  }, 10_000);

  test("supernode status prints a row per chain with its heads", async () => {
    let out = "";
    const code = await runStatus(["--rpc", supernode.rpcUrl], { out: (t) => (out += t), err: () => {} });
    expect(code).toBe(0);
    const lines = out.trim().split("\n");
    expect(lines[1]).toContain("local-safe");
    expect(lines.slice(2).map((l) => l.trim().split(/\s+/)[0])).toEqual(["901", "902"]);
  }, 10_000);
});
