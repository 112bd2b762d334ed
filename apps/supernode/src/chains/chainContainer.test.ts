// The chain container's restart loop, against an engine that is not there: every attempt fails,
// is counted and retried with backoff; pause stops new attempts; stop ends the loop.
import { describe, expect, test } from "bun:test";
import { BeaconClient, L1Client, RpcClient } from "@supernode/l1-source";
import { opSepolia, sepoliaL1 } from "@supernode/protocol";
import { Counter, Registry } from "prom-client";
import { ChainContainer, ChainNotRunningError, type ContainerState } from "./chainContainer.ts";

function container(states: ContainerState[], registry: Registry) {
  const restarts = new Counter({
    name: "supernode_virtual_node_restarts_total",
    help: "restarts",
    labelNames: ["chain_id"],
    registers: [registry],
  });
  return new ChainContainer({
    rollup: opSepolia,
    l1Chain: sepoliaL1,
    l1: new L1Client(
      new RpcClient({ url: "http://127.0.0.1:9", retry: { retries: 0, baseDelayMs: 1, maxDelayMs: 1 } }),
    ),
    beacon: new BeaconClient({ urls: ["http://127.0.0.1:9"], commit: () => new Uint8Array(48) }),
    // Nothing listens on port 9 (discard): every start fails at once.
    engineUrl: "http://127.0.0.1:9",
    jwtSecret: new Uint8Array(32),
    dataDir: "/nonexistent-supernode-test",
    restarts,
    backoffMs: { min: 20, max: 40 },
    onState: (state) => states.push(state),
  });
}

describe("chain container", () => {
  test("a node that cannot start is retried with backoff and counted; reads say it is not running", async () => {
    const registry = new Registry();
    const states: ContainerState[] = [];
    const chain = container(states, registry);
    chain.start();
    await Bun.sleep(400);
    expect(() => chain.syncStatus()).toThrow(ChainNotRunningError);
    await chain.stop();
    const text = await registry.metrics();
    const restarts = Number(
      /supernode_virtual_node_restarts_total\{chain_id="11155420"\} (\d+)/.exec(text)?.[1],
    );
    expect(restarts).toBeGreaterThanOrEqual(2);
    expect(states).toContain("restarting");
    expect(states.at(-1)).toBe("stopped");
  });

  test("paused, it starts nothing new; resumed, it tries again", async () => {
    const registry = new Registry();
    const states: ContainerState[] = [];
    const chain = container(states, registry);
    chain.pause();
    chain.start();
    await Bun.sleep(150);
    expect(chain.state).toBe("paused");
    const before = await registry.metrics();
    chain.resume();
    await Bun.sleep(200);
    await chain.stop();
    expect(await registry.metrics()).not.toBe(before);
    expect(states).toContain("restarting");
  });
});
