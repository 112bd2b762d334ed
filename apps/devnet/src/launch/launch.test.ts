// npm start's options and live status view (the launcher itself runs end to end in
// tests/e2e/npm-start.test.ts).
import { describe, expect, test } from "bun:test";
import type { SuperNodeSyncStatusJson } from "@supernode/protocol";
import { DevnetUsageError } from "../devnetCommand.ts";
import { LAUNCH_USAGE, parseLaunchArgs } from "./launchArgs.ts";
import { LiveStatus, statusLines, statusLogLine } from "./liveStatus.ts";

describe("npm start options", () => {
  test("defaults: 2 chains on the real clock, no exit condition, the sources, a temp dir", () => {
    const options = parseLaunchArgs([]);
    if (options === "help") throw new Error("unexpected help");
    expect(options.devnet.clock).toBe("real");
    expect(options.devnet.chains).toBeUndefined();
    expect(options.exitAfterSafe).toBeNull();
    expect(options.supernodeBinary).toBeNull();
    expect(options.dataDir).toBeNull();
    expect(options.statusIntervalMs).toBe(1000);
  });

  test("the launcher's flags and the devnet's, in any order and spelling", () => {
    const options = parseLaunchArgs([
      "--clock",
      "fast",
      "--exit-after-safe=20",
      "--chains",
      "3",
      "--data",
      "calldata",
      "--compression=zlib",
      "--supernode-binary",
      "/opt/supernode",
      "--data-dir",
      "/tmp/x",
      "--no-traffic",
    ]);
    if (options === "help") throw new Error("unexpected help");
    expect(options.exitAfterSafe).toBe(20);
    expect(options.supernodeBinary).toBe("/opt/supernode");
    expect(options.dataDir).toBe("/tmp/x");
    expect(options.devnet).toMatchObject({
      clock: "fast",
      chains: 3,
      dataMode: "calldata",
      compression: "zlib",
      traffic: false,
    });
  });

  test("--help and -h; bad values and unknown flags are usage errors naming them", () => {
    expect(parseLaunchArgs(["--help"])).toBe("help");
    expect(parseLaunchArgs(["--clock", "fast", "-h"])).toBe("help");
    expect(() => parseLaunchArgs(["--exit-after-safe", "soon"])).toThrow(/--exit-after-safe/);
    expect(() => parseLaunchArgs(["--exit-after-safe"])).toThrow(DevnetUsageError);
    expect(() => parseLaunchArgs(["--clock", "slow"])).toThrow(/--clock/);
    expect(() => parseLaunchArgs(["--frobnicate"])).toThrow(DevnetUsageError);
    expect(() => parseLaunchArgs(["--blocks", "5"])).toThrow(/--exit-after-safe/);
  });

  test("the help lists every option once", () => {
    for (const flag of [
      "--exit-after-safe",
      "--supernode-binary",
      "--data-dir",
      "--chains",
      "--clock",
      "--data ",
      "--compression",
      "--batch",
      "--no-traffic",
      "--l1-block-time",
    ])
      expect(LAUNCH_USAGE.split(flag).length - 1).toBe(1);
    expect(LAUNCH_USAGE).not.toContain("--blocks");
  });
});

const ref = (number: number) => ({
  hash: `0x${"00".repeat(32)}`,
  number,
  parentHash: `0x${"00".repeat(32)}`,
  timestamp: number,
});
const l2 = (number: number) => ({
  ...ref(number),
  l1origin: { hash: `0x${"00".repeat(32)}`, number: 1 },
  sequenceNumber: 0,
});
function status(heads: Record<string, [number, number, number, number]>): SuperNodeSyncStatusJson {
  const chains = Object.fromEntries(
    Object.entries(heads).map(([id, [unsafe, localSafe, safe, finalized]]) => [
      id,
      { unsafe_l2: l2(unsafe), local_safe_l2: l2(localSafe), safe_l2: l2(safe), finalized_l2: l2(finalized) },
    ]),
  );
  return { current_l1: ref(40), chain_ids: Object.keys(heads), chains } as unknown as SuperNodeSyncStatusJson;
}

describe("npm start's live status", () => {
  const snapshot = { l1Head: 42, status: status({ "901": [30, 25, 25, 10], "902": [15, 12, 12, 5] }) };

  test("a table: the L1 head, then a row per chain with unsafe, local-safe, safe, finalized", () => {
    const lines = statusLines(snapshot);
    expect(lines[0]).toContain("L1 head 42");
    expect(lines[0]).toContain("current L1 40");
    expect(lines[1]?.trim().split(/\s+/)).toEqual(["chain", "unsafe", "local-safe", "safe", "finalized"]);
    expect(lines[2]?.trim().split(/\s+/)).toEqual(["901", "30", "25", "25", "10"]);
    expect(lines[3]?.trim().split(/\s+/)).toEqual(["902", "15", "12", "12", "5"]);
  });

  test("a log line with every head", () => {
    expect(statusLogLine(snapshot)).toBe(
      "status l1=42 current_l1=40 | 901 unsafe=30 local-safe=25 safe=25 finalized=10 | 902 unsafe=15 local-safe=12 safe=12 finalized=5",
    );
    expect(statusLogLine({ l1Head: null, status: null, note: "starting" })).toBe(
      "status l1=- current_l1=- (starting)",
    );
  });

  test("on a terminal the block is redrawn in place; elsewhere a line only when something changed", () => {
    const tty: string[] = [];
    const onTerminal = new LiveStatus((text) => tty.push(text), true);
    onTerminal.show(snapshot);
    onTerminal.show(snapshot);
    expect(tty[0]).not.toContain("\u001b[4A");
    expect(tty[1]?.startsWith("\u001b[4A")).toBe(true);
    const log: string[] = [];
    const inLog = new LiveStatus((text) => log.push(text), false);
    inLog.show(snapshot);
    inLog.show(snapshot);
    inLog.show({ ...snapshot, l1Head: 43 });
    expect(log).toHaveLength(2);
    expect(log.every((line) => line.endsWith("\n") && !line.includes("\u001b"))).toBe(true);
  });
});
