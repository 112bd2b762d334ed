import { describe, expect, test } from "bun:test";
import { ConfigUsageError, loadSupernodeConfig, type SupernodeConfig, wantsHelp } from "./index.ts";

/** A runnable one-chain command line. */
const base = [
  "--chains",
  "901",
  "--l1",
  "http://l1.test:8545",
  "--l1.beacon",
  "http://beacon.test:5052",
  "--vn.901.l2",
  "http://engine-901.test:8551",
  "--vn.all.l2.jwt-secret",
  "/secrets/jwt.hex",
  "--vn.all.rollup.config",
  "/config/rollup.json",
];

function load(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
  files: Record<string, string> = {},
): SupernodeConfig {
  return loadSupernodeConfig(argv, env, (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  });
}

function usageError(run: () => unknown): ConfigUsageError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigUsageError) return error;
    throw error;
  }
  throw new Error("expected a ConfigUsageError");
}

describe("defaults", () => {
  test("a minimal command line gets op-supernode's defaults, RPC on 127.0.0.1", () => {
    const config = load(base);
    expect(config.rpc).toEqual({ addr: "127.0.0.1", port: 8545, holdMs: 5000 });
    expect(config.metrics).toEqual({ enabled: false, addr: "127.0.0.1", port: 7300 });
    expect(config.log).toEqual({ level: "info", format: "text" });
    expect(config.dataDir).toBe("./datadir");
    expect(config.l1HttpPollIntervalMs).toBe(12_000);
    expect(config.interopLogBackfillDepth).toBe(604_800);
    expect(config.l1BeaconFallbacks).toEqual([]);
    expect(config.l1TrustRpc).toBe(false);
    expect(config.disableP2p).toBe(false);
    expect("l1SlotDuration" in config).toBe(false);
    expect("interopActivationTimestamp" in config).toBe(false);
    expect("dependencySetPath" in config).toBe(false);
    expect(config.warnings).toEqual([]);
    expect(config.chains).toEqual([
      {
        chainId: 901n,
        l2: "http://engine-901.test:8551",
        jwtSecretPath: "/secrets/jwt.hex",
        rollupConfigPath: "/config/rollup.json",
        beaconArchivers: [],
        opNode: {},
      },
    ]);
  });

  test("every top-level flag reaches the config", () => {
    const config = load([
      ...base,
      "--l1.beacon-fallbacks=http://fallback-a.test,http://fallback-b.test",
      "--l1.http-poll-interval=500ms",
      "--l1.trust-rpc",
      "--l1.slot-duration=2",
      "--data-dir=/var/lib/supernode",
      "--dependency-set=/config/depset.json",
      "--interop.activation-timestamp=0",
      "--interop.log-backfill-depth=1h30m",
      "--rpc.addr=0.0.0.0",
      "--rpc.port=0",
      "--rpc.hold-ms=250",
      "--metrics.enabled",
      "--metrics.addr=127.0.0.1",
      "--metrics.port=9300",
      "--log.level=DEBUG",
      "--log.format=json",
      "--disable-p2p",
      "true",
    ]);
    expect(config.l1BeaconFallbacks).toEqual(["http://fallback-a.test", "http://fallback-b.test"]);
    expect(config.l1HttpPollIntervalMs).toBe(500);
    expect(config.l1TrustRpc).toBe(true);
    expect(config.l1SlotDuration).toBe(2);
    expect(config.dataDir).toBe("/var/lib/supernode");
    expect(config.dependencySetPath).toBe("/config/depset.json");
    expect(config.interopActivationTimestamp).toBe(0);
    expect(config.interopLogBackfillDepth).toBe(5_400);
    expect(config.rpc).toEqual({ addr: "0.0.0.0", port: 0, holdMs: 250 });
    expect(config.metrics).toEqual({ enabled: true, addr: "127.0.0.1", port: 9300 });
    expect(config.log).toEqual({ level: "debug", format: "json" });
    expect(config.disableP2p).toBe(true);
  });

  test("boolean flags: alone, =false, and op-supernode's alias names", () => {
    expect(load([...base, "--metrics.enabled=false"]).metrics.enabled).toBe(false);
    expect(load([...base, "-metrics.enabled"]).metrics.enabled).toBe(true);
    expect(load([...base, "--l1.trustrpc"]).l1TrustRpc).toBe(true);
    expect(load([...base, "--l1.beacon-archiver", "http://archive.test"]).l1BeaconFallbacks).toEqual([
      "http://archive.test",
    ]);
  });
});

describe("precedence: flag > env > file > default", () => {
  const files = { "/etc/supernode.json": JSON.stringify({ "rpc.port": 1111, "log.level": "warn" }) };

  test("each source wins over the ones below it", () => {
    const env = { OP_SUPERNODE_CONFIG: "/etc/supernode.json", OP_SUPERNODE_RPC_PORT: "2222" };
    expect(load([...base, "--rpc.port", "3333"], env, files).rpc.port).toBe(3333);
    expect(load(base, env, files).rpc.port).toBe(2222);
    expect(load(base, { OP_SUPERNODE_CONFIG: "/etc/supernode.json" }, files).rpc.port).toBe(1111);
    expect(load(base).rpc.port).toBe(8545);
    expect(load(base, env, files).log.level).toBe("warn");
  });

  test("a config file can hold the whole config, chains and per-chain settings included", () => {
    const file = {
      chains: [901, 902],
      l1: "http://l1.test:8545",
      "l1.beacon": "http://beacon.test:5052",
      "disable-p2p": true,
      "vn.all.l2.jwt-secret": "/secrets/jwt.hex",
      "vn.901.rollup.config": "/config/901.json",
      "vn.901.l2": "http://engine-901.test:8551",
      "vn.902.rollup.config": "/config/902.json",
      "vn.902.l2": "http://engine-902.test:8551",
    };
    const config = load(
      ["--config", "/etc/supernode.json"],
      {},
      { "/etc/supernode.json": JSON.stringify(file) },
    );
    expect(config.chains.map((chain) => [chain.chainId, chain.l2, chain.rollupConfigPath])).toEqual([
      [901n, "http://engine-901.test:8551", "/config/901.json"],
      [902n, "http://engine-902.test:8551", "/config/902.json"],
    ]);
    expect(config.disableP2p).toBe(true);
  });

  test("a higher source replaces a lower one's list", () => {
    const files = { "/c.json": JSON.stringify({ "l1.beacon-fallbacks": ["http://from-file.test"] }) };
    const config = load(
      [...base, "--config=/c.json"],
      { OP_SUPERNODE_L1_BEACON_FALLBACKS: "http://from-env.test" },
      files,
    );
    expect(config.l1BeaconFallbacks).toEqual(["http://from-env.test"]);
  });
});

describe("--chains", () => {
  const perChain = (ids: readonly string[]) =>
    ids.flatMap((id) => [`--vn.${id}.l2`, `http://engine-${id}.test:8551`]);
  const common = [
    "--l1",
    "http://l1.test",
    "--l1.beacon",
    "http://beacon.test",
    "--vn.all.l2.jwt-secret",
    "/jwt",
    "--vn.all.rollup.config",
    "/rollup.json",
  ];

  test("takes a comma list, repeats, and drops duplicates", () => {
    const config = load([
      "--chains",
      "901, 902",
      "--chains=903,901",
      ...common,
      ...perChain(["901", "902", "903"]),
    ]);
    expect(config.chains.map((chain) => chain.chainId)).toEqual([901n, 902n, 903n]);
  });

  test("comes from OP_SUPERNODE_CHAINS too, with per-chain flags for those chains", () => {
    const config = load([...common, ...perChain(["901", "902"])], { OP_SUPERNODE_CHAINS: "901,902" });
    expect(config.chains.map((chain) => chain.chainId)).toEqual([901n, 902n]);
  });

  test("keeps 64-bit chain ids exact", () => {
    const config = load([
      "--chains",
      "18446744073709551615",
      ...common,
      ...perChain(["18446744073709551615"]),
    ]);
    expect(config.chains[0]?.chainId).toBe(18_446_744_073_709_551_615n);
  });

  test("a bad or missing chain id names --chains", () => {
    expect(usageError(() => load(["--chains", "901,abc", ...common])).key).toBe("chains");
    expect(usageError(() => load(["--chains", "0", ...common])).key).toBe("chains");
    const missing = usageError(() => load(common));
    expect(missing.key).toBe("chains");
    expect(missing.message).toContain("required");
  });
});

describe("per-chain flags", () => {
  const twoChains = [
    "--chains=901,902",
    "--l1=http://l1.test",
    "--l1.beacon=http://beacon.test",
    "--vn.all.l2.jwt-secret=/jwt",
    "--vn.all.rollup.config=/rollup.json",
  ];

  test("--vn.<chainId>.<flag> beats --vn.all.<flag>", () => {
    const config = load([
      ...twoChains,
      "--vn.all.l2",
      "http://shared-engine.test",
      "--vn.901.l2",
      "http://engine-901.test",
      "--vn.902.l2.jwt-secret",
      "/jwt-902",
    ]);
    const [a, b] = config.chains;
    expect([a?.l2, a?.jwtSecretPath]).toEqual(["http://engine-901.test", "/jwt"]);
    expect([b?.l2, b?.jwtSecretPath]).toEqual(["http://shared-engine.test", "/jwt-902"]);
  });

  test("the per-chain value wins whatever its source", () => {
    const config = load([...twoChains, "--vn.all.l2", "http://shared-engine.test"], {
      OP_SUPERNODE_VN_901_L2_ENGINE_RPC: "http://engine-901.test",
    });
    expect(config.chains.map((chain) => chain.l2)).toEqual([
      "http://engine-901.test",
      "http://shared-engine.test",
    ]);
  });

  test("op-node's environment variables under OP_SUPERNODE_VN_ALL_ / OP_SUPERNODE_VN_<chainId>_", () => {
    const config = load(["--chains=901", "--l1=http://l1.test", "--l1.beacon=http://beacon.test"], {
      OP_SUPERNODE_VN_901_L2_ENGINE_RPC: "http://engine-901.test",
      OP_SUPERNODE_VN_ALL_L2_ENGINE_AUTH: "/jwt",
      OP_SUPERNODE_VN_ALL_ROLLUP_CONFIG: "/rollup.json",
      OP_SUPERNODE_VN_901_L1_BEACON_FALLBACKS: "http://archive-b.test",
      OP_SUPERNODE_VN_901_L1_BEACON_ARCHIVER: "http://archive-a.test",
    });
    expect(config.chains).toEqual([
      {
        chainId: 901n,
        l2: "http://engine-901.test",
        jwtSecretPath: "/jwt",
        rollupConfigPath: "/rollup.json",
        beaconArchivers: ["http://archive-a.test"],
        opNode: {},
      },
    ]);
  });

  test("network, l1 chain config and archivers", () => {
    const config = load([
      "--chains=11155420",
      "--l1=http://l1.test",
      "--l1.beacon=http://beacon.test",
      "--vn.11155420.l2=http://engine.test",
      "--vn.all.l2.jwt-secret=/jwt",
      "--vn.11155420.network=op-sepolia",
      "--vn.11155420.rollup.l1-chain-config=/l1.json",
      "--vn.11155420.l1.beacon-archiver=http://archive-a.test",
      "--vn.11155420.l1.beacon-fallbacks=http://archive-b.test",
    ]);
    expect(config.chains[0]).toEqual({
      chainId: 11_155_420n,
      l2: "http://engine.test",
      jwtSecretPath: "/jwt",
      network: "op-sepolia",
      l1ChainConfigPath: "/l1.json",
      beaconArchivers: ["http://archive-a.test", "http://archive-b.test"],
      opNode: {},
    });
  });

  test("a chain in --chains without l2 names vn.<chainId>.l2", () => {
    const error = usageError(() => load([...twoChains, "--vn.901.l2", "http://engine-901.test"]));
    expect(error.key).toBe("vn.902.l2");
    expect(error.message).toContain("--vn.902.l2");
    expect(error.message).toContain("required");
  });

  test("a chain needs a rollup config or a network, and a network of its own chain id", () => {
    const noRollup = [
      "--chains=901",
      "--l1=http://l1.test",
      "--l1.beacon=http://beacon.test",
      "--vn.901.l2=http://engine.test",
      "--vn.901.l2.jwt-secret=/jwt",
    ];
    expect(usageError(() => load(noRollup)).key).toBe("vn.901.rollup.config");
    expect(usageError(() => load([...noRollup, "--vn.901.network=op-sepolia"])).key).toBe("vn.901.network");
    expect(usageError(() => load([...noRollup, "--vn.all.network=nowhere"])).key).toBe("vn.all.network");
  });

  test("two chains on one engine is refused", () => {
    const error = usageError(() => load([...twoChains, "--vn.all.l2", "http://engine.test"]));
    expect(error.key).toBe("vn.all.l2");
    expect(error.message).toContain("same engine");
  });

  test("a per-chain flag for a chain not in --chains names it", () => {
    expect(usageError(() => load([...base, "--vn.903.l2", "http://engine-903.test"])).key).toBe("vn.903.l2");
  });

  test("a bad per-chain value names the key it came from", () => {
    const error = usageError(() => load([...base, "--vn.all.l1.beacon-archiver", "ftp://archive.test"]));
    expect(error.key).toBe("vn.all.l1.beacon-archiver");
    expect(error.message).toContain("ftp://archive.test");
  });
});

describe("drop-in op-supernode flags", () => {
  test("per-chain l1 and l1.beacon are ignored with a warning each; the shared client wins", () => {
    const config = load([
      ...base,
      "--vn.901.l1",
      "http://other-l1.test",
      "--vn.all.l1.beacon=http://other.test",
    ]);
    expect(config.l1).toBe("http://l1.test:8545");
    expect(config.l1Beacon).toBe("http://beacon.test:5052");
    expect(config.warnings).toHaveLength(2);
    expect(config.warnings[0]).toContain("--vn.901.l1");
    expect(config.warnings[0]).toContain("--l1 applies");
    expect(config.warnings[1]).toContain("--vn.all.l1.beacon");
  });

  test("an op-node flag we do not implement is accepted with one warning, and its value kept", () => {
    const config = load([...base, "--vn.all.verifier.l1-confs", "4", "--vn.all.verifier.l1-confs", "5"], {
      OP_SUPERNODE_VN_ALL_VERIFIER_L1_CONFS: "6",
    });
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toContain("--vn.all.verifier.l1-confs");
    expect(config.warnings[0]).toContain("not implemented");
    expect(config.chains[0]?.opNode).toEqual({ "verifier.l1-confs": "5" });
  });

  test("a boolean op-node flag alone takes no value", () => {
    const config = load(["--vn.all.sequencer.stopped", ...base]);
    expect(config.chains[0]?.opNode).toEqual({ "sequencer.stopped": "true" });
    expect(config.warnings).toHaveLength(1);
  });

  test.each([
    [["--vn.901.rpc.enable-admin"], "vn.901.rpc.enable-admin"],
    [["--vn.all.rpc.enable-admin=true"], "vn.all.rpc.enable-admin"],
    [["--rpc.enable-admin"], "rpc.enable-admin"],
    [["--vn.all.syncmode=execution-layer"], "vn.all.syncmode"],
    [["--vn.901.syncmode", "execution-layer"], "vn.901.syncmode"],
    [["--vn.901.l2.follow.source", "http://upstream.test/901"], "vn.901.l2.follow.source"],
    [["--vn.all.override.isthmus=1700000000"], "vn.all.override.isthmus"],
    [["--frobnicate"], "frobnicate"],
    [["--frobnicate=1"], "frobnicate"],
    [["--vn.901.frobnicate", "1"], "vn.901.frobnicate"],
    [["--l2", "http://engine.test"], "l2"],
  ])("%p is refused naming %s", (extra, key) => {
    const error = usageError(() => load([...base, ...extra]));
    expect(error.key).toBe(key);
    expect(error.message).toContain(key);
  });

  test("refused flags set to harmless values are accepted silently", () => {
    const config = load([
      ...base,
      "--vn.all.rpc.enable-admin=false",
      "--rpc.enable-admin=false",
      "--vn.901.syncmode=consensus-layer",
      "--vn.all.l2.follow.source=",
    ]);
    expect(config.warnings).toEqual([]);
  });

  test("a refused value from the environment names the setting", () => {
    const error = usageError(() => load(base, { OP_SUPERNODE_RPC_ENABLE_ADMIN: "true" }));
    expect(error.key).toBe("rpc.enable-admin");
    expect(error.message).toContain("OP_SUPERNODE_RPC_ENABLE_ADMIN");
  });

  test("--pprof.* is accepted and ignored silently, per chain too", () => {
    const config = load(
      [
        ...base,
        "--pprof.enabled",
        "--pprof.port",
        "6060",
        "--vn.all.pprof.enabled",
        "--vn.901.pprof.addr=0.0.0.0",
      ],
      { OP_SUPERNODE_PPROF_TYPE: "cpu" },
    );
    expect(config.warnings).toEqual([]);
  });

  test("an unknown OP_SUPERNODE_ environment variable is a warning, as in op-supernode", () => {
    const config = load(base, { OP_SUPERNODE_FROBNICATE: "1", OP_NODE_L2_ENGINE_RPC: "http://x.test" });
    expect(config.warnings).toEqual([
      "OP_SUPERNODE_FROBNICATE: unknown OP_SUPERNODE_* environment variable, ignored",
    ]);
  });
});

describe("bad config names the key", () => {
  test("--rpc.port abc", () => {
    const error = usageError(() => load([...base, "--rpc.port", "abc"]));
    expect(error.key).toBe("rpc.port");
    expect(error.message).toBe('--rpc.port: must be a port number 0-65535 (got "abc")');
  });

  test("from the environment and from the config file", () => {
    const fromEnv = usageError(() => load(base, { OP_SUPERNODE_METRICS_PORT: "70000" }));
    expect(fromEnv.key).toBe("metrics.port");
    expect(fromEnv.message).toContain("OP_SUPERNODE_METRICS_PORT");
    const files = { "/c.json": JSON.stringify({ "l1.http-poll-interval": "12" }) };
    const fromFile = usageError(() => load([...base, "--config", "/c.json"], {}, files));
    expect(fromFile.key).toBe("l1.http-poll-interval");
    expect(fromFile.message).toContain("/c.json");
    expect(fromFile.message).toContain("duration");
  });

  test("a missing --l1", () => {
    const argv = base.filter((arg, index) => arg !== "--l1" && base[index - 1] !== "--l1");
    const error = usageError(() => load(argv));
    expect(error.key).toBe("l1");
    expect(error.message).toBe("--l1 is required (or OP_SUPERNODE_L1_ETH_RPC)");
  });

  test.each([
    [["--l1", "not a url"], "l1"],
    [["--l1.http-poll-interval", "0s"], "l1.http-poll-interval"],
    [["--interop.log-backfill-depth", "1500ms"], "interop.log-backfill-depth"],
    [["--interop.activation-timestamp", "-1"], "interop.activation-timestamp"],
    [["--log.level", "loud"], "log.level"],
    [["--log.format", "xml"], "log.format"],
    [["--metrics.enabled=maybe"], "metrics.enabled"],
    [["--data-dir="], "data-dir"],
    [["--l1.slot-duration", "0"], "l1.slot-duration"],
  ])("%p names %s", (extra, key) => {
    expect(usageError(() => load([...base, ...extra])).key).toBe(key);
  });

  test("a flag without its value, and a stray argument", () => {
    expect(usageError(() => load([...base, "--rpc.port"])).key).toBe("rpc.port");
    expect(usageError(() => load([...base, "stray"])).key).toBe("stray");
  });

  test("an unreadable, malformed or unknown config file", () => {
    expect(usageError(() => load([...base, "--config", "/missing.json"])).key).toBe("config");
    expect(usageError(() => load([...base, "--config", "/c.json"], {}, { "/c.json": "{" })).key).toBe(
      "config",
    );
    const unknown = { "/c.json": JSON.stringify({ frobnicate: 1 }) };
    expect(usageError(() => load([...base, "--config", "/c.json"], {}, unknown)).key).toBe("frobnicate");
    const list = { "/c.json": JSON.stringify({ "rpc.port": [1, 2] }) };
    expect(usageError(() => load([...base, "--config", "/c.json"], {}, list)).key).toBe("rpc.port");
  });
});

test("wantsHelp finds -h and --help anywhere", () => {
  expect(wantsHelp([...base, "--help"])).toBe(true);
  expect(wantsHelp(["-h"])).toBe(true);
  expect(wantsHelp(base)).toBe(false);
});
