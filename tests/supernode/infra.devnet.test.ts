// The operator material under infra/: every example config loads with the chains it is for and
// without clashing ports; the Grafana dashboard queries only metrics a running supernode exports
// (checked against the live /metrics of a supernode deriving both devnet chains, started from
// infra/examples/devnet.json with the devnet's random ports as flags); the systemd unit and the
// Prometheus scrape config name what they must.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChainEngine, Devnet } from "@supernode/devnet";
import { readJwtSecretFile } from "@supernode/engine-api";
import { silentLogger } from "@supernode/protocol";
import { loadSupernodeConfig, type SupernodeConfig } from "@supernode/supernode/config";
import { type RunningSupernode, startSupernode } from "@supernode/supernode/supernode";
import { rpcCall } from "@supernode/test-helpers/jsonRpc";

const INFRA = join(import.meta.dir, "../../infra");
const EXAMPLES = join(INFRA, "examples");
/** The path prefix devnet.json uses for the files `bun run devnet --data-dir` writes. */
const DEVNET_DIR = "/tmp/supernode-devnet";

const expectedChains: Record<string, { chains: bigint[]; networks?: string[] }> = {
  "sepolia.json": { chains: [11155420n, 1301n], networks: ["op-sepolia", "unichain-sepolia"] },
  "devnet.json": { chains: [901n, 902n] },
};

function hostPort(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol === "https:" ? "443" : "80")}`;
}

describe("infra/examples", () => {
  const files = readdirSync(EXAMPLES).filter((name) => name.endsWith(".json"));

  test("every example config loads, without warnings, with the chains it is for", () => {
    expect(files.sort()).toEqual(Object.keys(expectedChains).sort());
    for (const name of files) {
      const config = loadSupernodeConfig(["--config", join(EXAMPLES, name)], {});
      const expected = expectedChains[name];
      expect(config.chains.map((chain) => chain.chainId)).toEqual(expected?.chains ?? []);
      if (expected?.networks) expect(config.chains.map((chain) => chain.network)).toEqual(expected.networks);
      expect(config.warnings).toEqual([]);
      expect(config.metrics).toEqual({ enabled: true, addr: "127.0.0.1", port: 7300 });
    }
  });

  test("no example puts two servers on one port", () => {
    for (const name of files) {
      const config = loadSupernodeConfig(["--config", join(EXAMPLES, name)], {});
      // l1 and l1.beacon may be one server (anvil serves both); everything else is its own.
      const upstream = [...new Set([config.l1, config.l1Beacon].map(hostPort))];
      const ports = [
        ...upstream,
        ...config.chains.map((chain) => hostPort(chain.l2)),
        `${config.rpc.addr}:${config.rpc.port}`,
        `${config.metrics.addr}:${config.metrics.port}`,
      ];
      expect({ name, ports: [...new Set(ports)] }).toEqual({ name, ports });
    }
  });

  test("sepolia.json: each chain has its own JWT secret under /etc/supernode and the data dir is the unit's", () => {
    const config = loadSupernodeConfig(["--config", join(EXAMPLES, "sepolia.json")], {});
    const secrets = config.chains.map((chain) => chain.jwtSecretPath);
    expect(new Set(secrets).size).toBe(2);
    for (const secret of secrets) expect(secret.startsWith("/etc/supernode/")).toBe(true);
    expect(config.dataDir).toBe("/var/lib/supernode");
  });
});

describe("infra/systemd and infra/prometheus", () => {
  test("the unit runs `supernode run --config`, restarts on failure but not on a bad config", () => {
    const unit = readFileSync(join(INFRA, "systemd/supernode.service"), "utf8");
    const keys = new Map<string, string[]>();
    for (const line of unit.split("\n")) {
      const match = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
      if (match) keys.set(match[1] as string, [...(keys.get(match[1] as string) ?? []), match[2] as string]);
    }
    expect(keys.get("ExecStart")).toEqual([
      "/usr/local/bin/supernode run --config /etc/supernode/config.json",
    ]);
    expect(keys.get("Restart")).toEqual(["on-failure"]);
    expect(keys.get("RestartPreventExitStatus")).toEqual(["2"]);
    expect(keys.get("KillSignal")).toEqual(["SIGTERM"]);
    expect(keys.get("StateDirectory")).toEqual(["supernode"]);
    expect(keys.get("ProtectSystem")).toEqual(["strict"]);
    expect(keys.get("User")).toEqual(["supernode"]);
    for (const key of ["TimeoutStopSec", "LimitNOFILE", "NoNewPrivileges", "WantedBy"])
      expect(keys.has(key)).toBe(true);
    // Bun's JIT needs writable-executable memory.
    expect(keys.has("MemoryDenyWriteExecute")).toBe(false);
  });

  test("prometheus.yml scrapes the default metrics address at /metrics", () => {
    const yml = readFileSync(join(INFRA, "prometheus/prometheus.yml"), "utf8");
    expect(yml).toMatch(/^\s*- job_name: supernode$/m);
    expect(yml).toMatch(/^\s*metrics_path: \/metrics$/m);
    expect(yml).toMatch(/^\s*- targets: \["127\.0\.0\.1:7300"\]$/m);
    expect(yml).toContain("--metrics.addr");
  });
});

// ---- the dashboard against a live /metrics --------------------------------------------------

interface Panel {
  type: string;
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

interface Dashboard {
  panels: Panel[];
  templating: { list: { name: string; type: string; query?: unknown }[] };
}

const METRIC = /\b(?:supernode_|process_|nodejs_)[a-z0-9_]+/g;
const SELECTOR = /\b((?:supernode_|process_|nodejs_)[a-z0-9_]+)\{([^}]*)\}/g;
/**
 * Counters that count events a healthy run on the devnet does not have (a virtual node rebuilt,
 * a payload the engine refused, data a stage dropped): prom-client lists them (HELP/TYPE) but has
 * no series until the first event, so only their TYPE line is checked.
 */
const EVENT_COUNTERS = new Set([
  "supernode_virtual_node_restarts_total",
  "supernode_derivation_replaced_total",
  "supernode_derivation_dropped_total",
]);
/** Labels Prometheus adds at scrape time. */
const TARGET_LABELS = ["instance", "job"];

function dashboardQueries(dashboard: Dashboard): { title: string; expr: string }[] {
  const out: { title: string; expr: string }[] = [];
  const walk = (panels: readonly Panel[]) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? [])
        if (target.expr) out.push({ title: panel.title ?? panel.type, expr: target.expr });
      walk(panel.panels ?? []);
    }
  };
  walk(dashboard.panels);
  for (const variable of dashboard.templating.list)
    if (variable.type === "query" && typeof variable.query === "string")
      out.push({ title: `$${variable.name}`, expr: variable.query });
  return out;
}

/** `# TYPE name kind` lines, and for each sample name the label sets of its series. */
function parseExposition(text: string): { types: Map<string, string>; series: Map<string, string[]> } {
  const types = new Map<string, string>();
  const series = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) types.set(type[1] as string, type[2] as string);
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? \S+$/.exec(line);
    if (sample) {
      const name = sample[1] as string;
      series.set(name, [...(series.get(name) ?? []), sample[2] ?? ""]);
    }
  }
  return { types, series };
}

/** The family a sample name belongs to: a histogram's _bucket/_sum/_count go to the histogram. */
function familyOf(name: string, types: Map<string, string>): string {
  const base = name.replace(/_(bucket|sum|count)$/, "");
  return base !== name && types.get(base) === "histogram" ? base : name;
}

describe("infra/grafana/supernode.json on a supernode deriving both devnet chains", () => {
  let devnet: Devnet;
  const replicas: ChainEngine[] = [];
  let supernode: RunningSupernode;
  let config: SupernodeConfig;
  let dir = "";

  const rpc = <T>(path: string, method: string, params: unknown[] = []): Promise<T> =>
    rpcCall<T>(`${supernode.rpcUrl}${path}`, method, params);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "supernode-infra-"));
    // Batches in calldata: blob transactions cost the batcher (and the supernode's KZG checks)
    // many seconds on a loaded machine; the blob metrics are listed (TYPE) either way.
    devnet = await Devnet.start({ clock: "fast", dataMode: "calldata", dataDir: join(dir, "devnet") });
    // infra/examples/devnet.json as an operator uses it: the devnet's files at the paths it
    // names (here under a temp dir), the random ports as flags.
    const example = readFileSync(join(EXAMPLES, "devnet.json"), "utf8");
    const configFile = join(dir, "devnet.json");
    writeFileSync(configFile, example.replaceAll(DEVNET_DIR, join(dir, "devnet")));
    const fromFile = loadSupernodeConfig(["--config", configFile], {});
    const argv = [
      "--config",
      configFile,
      "--l1",
      devnet.l1.url,
      "--l1.beacon",
      devnet.l1.beaconUrl,
      "--l1.http-poll-interval",
      "100ms",
      "--rpc.port",
      "0",
      "--metrics.port",
      "0",
    ];
    for (const chain of fromFile.chains) {
      const runtime = devnet.runtimes.find((r) => BigInt(r.chain.chainId) === chain.chainId);
      if (!runtime) throw new Error(`devnet.json names chain ${chain.chainId}, the devnet has no such chain`);
      const engineDir = join(dir, `engine-${chain.chainId}`);
      mkdirSync(engineDir);
      const replica = await runtime.chain.startReplica(engineDir, readJwtSecretFile(chain.jwtSecretPath));
      replicas.push(replica);
      argv.push(`--vn.${chain.chainId}.l2`, replica.url);
    }
    config = loadSupernodeConfig(argv, {});
    supernode = await startSupernode(config, silentLogger);
    // 20 blocks on 901 (1 s blocks), 10 on 902 (2 s), then drive it until both chains have
    // local-safe blocks.
    await devnet.produce(10);
    const derived = async () => {
      const status = await rpc<{ chains: Record<string, { local_safe_l2: { number: number } }> }>(
        "/",
        "supernode_syncStatus",
      ).catch(() => null);
      return ["901", "902"].every((id) => (status?.chains[id]?.local_safe_l2.number ?? 0) > 0);
    };
    for (let i = 0; i < 200 && !(await derived()); i++) {
      for (let t = 0; t < 5; t++) await devnet.tick();
      await Bun.sleep(100);
    }
  }, 60_000);

  afterAll(async () => {
    await supernode?.stop();
    for (const replica of replicas) await replica.stop();
    await devnet?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("the example config's files are the devnet's, and both chains derive from it", async () => {
    expect(config.l1SlotDuration).toBe(devnet.l1.blockTime);
    expect(config.chains.map((chain) => chain.chainId)).toEqual([901n, 902n]);
    for (const id of ["901", "902"]) {
      const status = await rpc<{ local_safe_l2: { number: number } }>(`/${id}`, "optimism_syncStatus");
      expect(status.local_safe_l2.number).toBeGreaterThan(0);
    }
  }, 10_000);

  test("every metric a panel or variable queries is exported, with series for 901 and 902 where filtered by chain", async () => {
    const dashboard = JSON.parse(readFileSync(join(INFRA, "grafana/supernode.json"), "utf8")) as Dashboard;
    expect(dashboard.templating.list.map((v) => v.name)).toEqual(["DS_PROMETHEUS", "instance", "chain_id"]);
    const queries = dashboardQueries(dashboard);
    expect(queries.length).toBeGreaterThan(30);

    // RPC traffic first, so the gateway's series exist: ok calls at the root and per chain, an
    // unknown method, and a request that is not JSON.
    await rpc("/", "heartbeat_check");
    await rpc("/901", "optimism_syncStatus");
    await rpc("/902", "optimism_syncStatus");
    await rpc("/", "no_suchMethod").catch(() => undefined);
    await fetch(supernode.rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{",
    });

    const text = await (await fetch(supernode.metricsUrl as string)).text();
    const { types, series } = parseExposition(text);
    const labelNames = new Map(
      supernode.registry
        .getMetricsAsArray()
        .map((metric) => [
          metric.name,
          (metric as unknown as { labelNames?: readonly string[] }).labelNames ?? [],
        ]),
    );

    const missing: string[] = [];
    const noChainSeries: string[] = [];
    const badLabels: string[] = [];
    for (const { title, expr } of queries) {
      const families = new Set<string>();
      for (const [name] of expr.matchAll(METRIC)) {
        const family = familyOf(name, types);
        families.add(family);
        if (!types.has(family)) missing.push(`${title}: ${name}`);
      }
      for (const [, name = "", matchers = ""] of expr.matchAll(SELECTOR)) {
        const family = familyOf(name, types);
        const known = [...(labelNames.get(family) ?? []), ...TARGET_LABELS];
        for (const [, label = ""] of matchers.matchAll(/([a-z_]+)\s*(?:=~|!~|!=|=)/g))
          if (!known.includes(label)) badLabels.push(`${title}: ${name}{${label}}`);
        if (!/\bchain_id\s*=~/.test(matchers) || EVENT_COUNTERS.has(family)) continue;
        for (const id of ["901", "902"])
          if (!(series.get(name) ?? []).some((labels) => labels.includes(`chain_id="${id}"`)))
            noChainSeries.push(`${title}: ${name} chain_id=${id}`);
      }
      // Every label a `by (...)` groups on, or a variable takes values from, belongs to one of the
      // expression's metrics.
      const grouped = [...families].flatMap((family) => labelNames.get(family) ?? []);
      const lists = [
        ...expr.matchAll(/\bby \(([^)]*)\)/g),
        ...expr.matchAll(/^label_values\(.*, ([a-z_]+)\)$/g),
      ];
      for (const [, list = ""] of lists)
        for (const label of list.split(",").map((l) => l.trim()))
          if (label !== "le" && !grouped.includes(label) && !TARGET_LABELS.includes(label))
            badLabels.push(`${title}: by (${label})`);
    }
    expect({ missing, noChainSeries, badLabels }).toEqual({ missing: [], noChainSeries: [], badLabels: [] });

    // The event counters are listed even without series; the RPC gateway's series are there.
    for (const name of EVENT_COUNTERS) expect(types.get(name)).toBe("counter");
    expect(types.get("supernode_rpc_requests_total")).toBe("counter");
    expect(types.get("supernode_rpc_request_duration_seconds")).toBe("histogram");
    const rpcSeries = series.get("supernode_rpc_requests_total") ?? [];
    for (const outcome of ["error", "rejected"])
      expect(rpcSeries.some((labels) => labels.includes(`outcome="${outcome}"`))).toBe(true);
    for (const route of ["root", "901", "902"])
      expect(
        rpcSeries.some((labels) => labels.includes(`route="${route}"`) && labels.includes('outcome="ok"')),
      ).toBe(true);
  }, 20_000);
});
