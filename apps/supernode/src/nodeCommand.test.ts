// `supernode node`: what an operator sees for bad flags and bad config files (exit 2, the flag or
// key named), and the JSON-RPC answers its server gives (single, batch, op-node's error codes).
// The node running against a devnet is tests/virtual-node/nodeProcess.devnet.test.ts.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NodeRpcError } from "@supernode/derivation";
import { opSepolia, serializeRollupConfig, silentLogger } from "@supernode/protocol";
import { nodeMethods, nodeRpcGateway } from "./node/nodeRpc.ts";
import { nodeHelp, parseNodeArgs, runNode } from "./nodeCommand.ts";

const main = join(import.meta.dir, "main.ts");
const dir = mkdtempSync(join(tmpdir(), "node-command-"));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

const rollupJson = serializeRollupConfig(opSepolia) as unknown as Record<string, unknown>;
const files = {
  jwt: file("jwt.txt", `0x${"ab".repeat(32)}\n`),
  rollup: file("rollup.json", rollupJson),
  l1Chain: file("l1-chain.json", { chainId: 11155111, cancunTime: 1706655072 }),
};

/** Every required flag, valid, with `overrides` replacing (or, as null, dropping) some. */
function argv(overrides: Record<string, string | null> = {}): string[] {
  const flags: Record<string, string | null> = {
    "--l1": "http://127.0.0.1:8545",
    "--l1.beacon": "http://127.0.0.1:5052",
    "--l2": "http://127.0.0.1:8551",
    "--l2.jwt-secret": files.jwt,
    "--rollup.config": files.rollup,
    "--rollup.l1-chain-config": files.l1Chain,
    ...overrides,
  };
  return Object.entries(flags).flatMap(([flag, value]) => (value === null ? [] : [flag, value]));
}

async function run(args: string[]) {
  let out = "";
  let err = "";
  const code = await runNode(
    args,
    { out: (t) => (out += t), err: (t) => (err += t) },
    { logger: silentLogger },
  );
  return { code, out, err };
}

describe("supernode node: flags and config", () => {
  test("--help prints the usage (through the binary) and exits 0", () => {
    const result = Bun.spawnSync([process.execPath, main, "node", "--help"], {
      stdout: "pipe",
      stderr: "pipe",
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.toString()).toBe(nodeHelp);
    for (const flag of ["--l1.beacon-fallbacks", "--rpc.port", "--data-dir", "--l1.slot-duration"])
      expect(nodeHelp).toContain(flag);
  });

  test("a missing required flag exits 2 naming it (through the binary)", () => {
    const result = Bun.spawnSync([process.execPath, main, "node", ...argv({ "--l2": null })], {
      stdout: "pipe",
      stderr: "pipe",
    });
    expect(result.exitCode).toBe(2);
    expect(result.stderr.toString()).toContain("--l2: is required");
    expect(result.stdout.toString()).toBe("");
  });

  test.each([
    [["--l1.beacon", null], "--l1.beacon: is required"],
    [["--rollup.config", null], "--rollup.config: is required"],
    [["--l1", "ftp://x"], '--l1: must be an http(s) URL (got "ftp://x")'],
    [["--l1.beacon-fallbacks", "http://a,notaurl"], "--l1.beacon-fallbacks: must be an http(s) URL"],
    [["--rpc.port", "70000"], '--rpc.port: must be a port number 0–65535 (got "70000")'],
    [["--rpc.port", "-1"], "--rpc.port"],
    [["--l1.slot-duration", "0"], '--l1.slot-duration: must be a positive integer (got "0")'],
    [["--l1.http-poll-interval", "fast"], "--l1.http-poll-interval: must be a positive integer"],
    [["--l2.jwt-secret", join(dir, "missing.txt")], "--l2.jwt-secret: cannot read the JWT secret file"],
    [["--rollup.config", join(dir, "missing.json")], "--rollup.config: cannot read"],
  ] as const)("%p exits 2: %s", async ([flag, value], expected) => {
    const result = await run(argv({ [flag]: value }));
    expect(result.code).toBe(2);
    expect(result.err).toContain(expected);
    expect(result.out).toBe("");
  });

  test("an unknown flag, a flag without its value and a stray argument exit 2 naming them", async () => {
    expect((await run([...argv(), "--l3", "x"])).err).toContain("--l3: unknown option");
    expect((await run([...argv(), "--data-dir"])).err).toContain("--data-dir: needs a value");
    expect((await run([...argv(), "901"])).err).toContain("901: unexpected argument");
  });

  test("a JWT secret that is not 32 bytes of hex exits 2 naming --l2.jwt-secret", async () => {
    const result = await run(argv({ "--l2.jwt-secret": file("short.txt", "0x1234") }));
    expect(result.code).toBe(2);
    expect(result.err).toContain("--l2.jwt-secret: the JWT secret file");
  });

  test("a rollup config with a bad key exits 2 naming the key", async () => {
    const bad = file("bad-rollup.json", { ...rollupJson, block_time: "two" });
    const result = await run(argv({ "--rollup.config": bad }));
    expect(result.code).toBe(2);
    expect(result.err).toContain(`--rollup.config: ${bad}: block_time:`);
    const genesis = rollupJson.genesis as Record<string, unknown>;
    const badNested = file("bad-genesis.json", {
      ...rollupJson,
      genesis: { ...genesis, l2: { ...(genesis.l2 as object), hash: "0x1234" } },
    });
    expect((await run(argv({ "--rollup.config": badNested }))).err).toContain("genesis.l2.hash:");
    const missing = file("missing-key.json", { ...rollupJson, seq_window_size: undefined });
    expect((await run(argv({ "--rollup.config": missing }))).err).toContain("seq_window_size: is required");
  });

  test("a rollup config or L1 chain config that is not JSON exits 2 naming the flag", async () => {
    const result = await run(argv({ "--rollup.config": file("notjson.json", "{ block_time: 2") }));
    expect(result.code).toBe(2);
    expect(result.err).toContain("--rollup.config:");
    expect(result.err).toContain("is not JSON");
    const l1 = await run(argv({ "--rollup.l1-chain-config": file("l1-notjson.json", "[") }));
    expect(l1.err).toContain("--rollup.l1-chain-config:");
  });

  test("an L1 chain config with a bad key, or of another L1, exits 2 naming it", async () => {
    const badKey = await run(
      argv({ "--rollup.l1-chain-config": file("l1-bad.json", { chainId: "sepolia" }) }),
    );
    expect(badKey.code).toBe(2);
    expect(badKey.err).toContain("--rollup.l1-chain-config:");
    expect(badKey.err).toContain("chainId:");
    const other = await run(argv({ "--rollup.l1-chain-config": file("l1-mainnet.json", { chainId: 1 }) }));
    expect(other.code).toBe(2);
    expect(other.err).toContain(
      "--rollup.l1-chain-config: chain id 1 differs from the rollup config's l1_chain_id",
    );
  });

  test("valid flags parse with the documented defaults", () => {
    const parsed = parseNodeArgs([...argv(), "--l1.beacon-fallbacks", "http://b1, http://b2"]);
    if (parsed === "help") throw new Error("unexpected help");
    expect(parsed.beaconUrls).toEqual(["http://127.0.0.1:5052", "http://b1", "http://b2"]);
    expect(parsed.rpcAddr).toBe("127.0.0.1");
    expect(parsed.rpcPort).toBe(9545);
    expect(parsed.dataDir).toBeNull();
    expect(parsed.rollup.l2ChainId).toBe(opSepolia.l2ChainId);
    expect(parsed.jwtSecret).toEqual(new Uint8Array(32).fill(0xab));
    expect(parsed.unknownRollupKeys).toEqual([]);
    expect(parsed.slotDuration).toBeUndefined();
  });
});

describe("supernode node: JSON-RPC", () => {
  // The node's methods as nodeMethods serves them (coded errors kept, the status as JSON text).
  const methods = nodeMethods({
    syncStatusJson: () => '{"current_l1":{"number":3}}',
    handlers: () => ({
      optimism_version: async () => "v1",
      echo: async (params) => params,
      optimism_outputAtBlock: async () => {
        throw new NodeRpcError(-32602, "invalid params: expected a block number as a hex quantity");
      },
      optimism_safeHeadAtL1Block: async () => {
        throw new NodeRpcError(-32000, "not found");
      },
      broken: async () => {
        throw new Error("engine unreachable");
      },
    }),
  });
  const handle = nodeRpcGateway(methods, silentLogger).fetch;
  async function post(body: string, method = "POST", status = 200) {
    const response = await handle(
      new Request("http://node/", method === "POST" ? { method, body } : { method }),
    );
    expect(response.status).toBe(status);
    const text = await response.text();
    return text === "" ? null : (JSON.parse(text) as unknown);
  }
  const call = (method: string, params?: unknown, id: unknown = 1) =>
    JSON.stringify({ jsonrpc: "2.0", id, method, ...(params === undefined ? {} : { params }) });

  test("a single request gets its result with its id", async () => {
    expect(await post(call("optimism_version", [], 7))).toEqual({ jsonrpc: "2.0", id: 7, result: "v1" });
    expect(await post(call("optimism_syncStatus"))).toEqual({
      jsonrpc: "2.0",
      id: 1,
      result: { current_l1: { number: 3 } },
    });
    expect(await post(call("echo", ["0x1"], "a"))).toEqual({ jsonrpc: "2.0", id: "a", result: ["0x1"] });
    expect(await post(call("echo"))).toEqual({ jsonrpc: "2.0", id: 1, result: [] });
  });

  test("a batch gets one answer per request, errors among them", async () => {
    const body = `[${call("optimism_version", [], 1)},${call("nope", [], 2)},${call("echo", [1], 3)}]`;
    expect(await post(body)).toEqual([
      { jsonrpc: "2.0", id: 1, result: "v1" },
      {
        jsonrpc: "2.0",
        id: 2,
        error: { code: -32601, message: "the method nope does not exist/is not available" },
      },
      { jsonrpc: "2.0", id: 3, result: [1] },
    ]);
  });

  test("op-node's error codes: unknown method, parse error, invalid request, a NodeRpcError as is", async () => {
    expect(await post(call("eth_chainId"))).toMatchObject({ id: 1, error: { code: -32601 } });
    expect(await post("{not json")).toMatchObject({ jsonrpc: "2.0", id: null, error: { code: -32700 } });
    expect(await post("[]")).toMatchObject({ id: null, error: { code: -32600 } });
    expect(await post('{"id":4,"method":"echo"}')).toMatchObject({ id: 4, error: { code: -32600 } });
    expect(await post("42")).toMatchObject({ id: null, error: { code: -32600 } });
    expect(await post(call("echo", { a: 1 }))).toMatchObject({ id: 1, error: { code: -32602 } });
    expect(await post(call("optimism_outputAtBlock", ["latest"]))).toEqual({
      jsonrpc: "2.0",
      id: 1,
      error: { code: -32602, message: "invalid params: expected a block number as a hex quantity" },
    });
    expect(await post(call("optimism_safeHeadAtL1Block", ["0x0"]))).toEqual({
      jsonrpc: "2.0",
      id: 1,
      error: { code: -32000, message: "not found" },
    });
    expect(await post(call("broken"))).toEqual({
      jsonrpc: "2.0",
      id: 1,
      error: { code: -32000, message: "engine unreachable" },
    });
    expect(await post("", "GET", 405)).toMatchObject({ error: { code: -32600 } });
  });

  test("any path is served, as op-node serves a POST to any path", async () => {
    const response = await handle(
      new Request("http://node/some/path", { method: "POST", body: call("optimism_version") }),
    );
    expect(await response.json()).toEqual({ jsonrpc: "2.0", id: 1, result: "v1" });
  });

  test("notifications get no answer", async () => {
    expect(await post('{"jsonrpc":"2.0","method":"optimism_version"}')).toBeNull();
    const batch = `[{"jsonrpc":"2.0","method":"optimism_version"},${call("optimism_version", [], 9)}]`;
    expect(await post(batch)).toEqual([{ jsonrpc: "2.0", id: 9, result: "v1" }]);
  });
});
