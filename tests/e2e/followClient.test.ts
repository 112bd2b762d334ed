// The follower check itself (tests/helpers/followClient.ts), against a tiny fake supernode and L1
// on Bun.serve: a good status stream passes, and each kind of bad answer a Light CL follower
// could be handed is flagged — wrong JSON types, a half-built state, heads out of order, finalized
// moving back, an L1 origin off the canonical chain, a restart answered other than 503 + JSON-RPC
// error — while an L1 reorg between the reads, a 503 and a refused connection are not violations.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type FollowerReport, startFollower } from "@supernode/test-helpers/followClient";

const hash = (n: number, salt = 0) => `0x${(n * 1000 + salt + 1).toString(16).padStart(64, "0")}`;

/** L1 block n's canonical hash (flip `reorged` to move block 5 to another hash). */
const l1 = { reorged: false };
const l1Hash = (n: number) => (l1.reorged && n === 5 ? hash(n, 7) : hash(n));

function l1Ref(n: number) {
  return { hash: l1Hash(n), number: n, parentHash: hash(Math.max(0, n - 1)), timestamp: 1000 + 2 * n };
}

function l2Ref(n: number, origin: number) {
  return {
    hash: hash(n, 500),
    number: n,
    parentHash: hash(Math.max(0, n - 1), 500),
    timestamp: 1000 + n,
    l1origin: { hash: l1Hash(origin), number: origin },
    sequenceNumber: n % 2,
  };
}

function status(finalized: number, safe: number, localSafe: number, currentL1 = 6) {
  return {
    current_l1: l1Ref(currentL1),
    local_safe_l2: l2Ref(localSafe, 4),
    safe_l2: l2Ref(safe, 3),
    finalized_l2: l2Ref(finalized, 2),
    unsafe_l2: l2Ref(localSafe + 5, 5),
  };
}

interface Answer {
  readonly status?: number;
  readonly body: unknown;
}

const ok = (result: unknown): Answer => ({ body: { jsonrpc: "2.0", id: 1, result } });

/** What the fake chain answers next: the queue's head, its last entry repeated once it is empty. */
let answers: (() => Answer)[] = [];
let server: ReturnType<typeof Bun.serve>;
let rpcUrl: string;
let l1Url: string;

beforeAll(() => {
  server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    async fetch(request) {
      const path = new URL(request.url).pathname;
      const body = (await request.json()) as unknown;
      if (path === "/l1") {
        const calls = body as { id: number; params: [string, boolean] }[];
        return Response.json(
          calls.map((call) => ({
            jsonrpc: "2.0",
            id: call.id,
            result: { hash: l1Hash(Number(call.params[0])) },
          })),
        );
      }
      if (path !== "/901") return new Response("not found", { status: 404 });
      const next = answers.length > 1 ? answers.shift() : answers[0];
      const answer = next?.() ?? ok(null);
      return new Response(JSON.stringify(answer.body), {
        status: answer.status ?? 200,
        headers: { "content-type": "application/json" },
      });
    },
  });
  rpcUrl = `http://127.0.0.1:${server.port}`;
  l1Url = `${rpcUrl}/l1`;
});

afterAll(() => server?.stop(true));

/** Runs a follower against `queue` until it has made `polls` reads of any kind. */
async function follow(queue: (() => Answer)[], polls = 4, url = rpcUrl): Promise<FollowerReport> {
  answers = queue;
  l1.reorged = false;
  const follower = startFollower({ rpcUrl: url, chainId: 901, l1Url, intervalMs: 5, reorgGraceMs: 20 });
  for (let i = 0; i < 2_000; i++) {
    const report = follower.report();
    if (report.polls + report.unavailable + report.unreachable >= polls) break;
    await Bun.sleep(5);
  }
  return follower.stop();
}

describe("followClient", () => {
  test("a good stream of statuses: polls counted, no violation", async () => {
    let n = 10;
    const report = await follow([() => ok(status(n - 4, n - 2, n++))], 5);
    expect(report.violations).toEqual([]);
    expect(report.polls).toBeGreaterThanOrEqual(5);
    expect(report.last?.localSafe).toBeGreaterThan(10);
  });

  test("wrong JSON types and a half-built state are flagged", async () => {
    const cases: [string, (s: ReturnType<typeof status>) => unknown][] = [
      ["safe_l2.number is not a JSON number", (s) => ({ ...s, safe_l2: { ...s.safe_l2, number: "0x8" } })],
      ["local_safe_l2 is missing", ({ local_safe_l2: _, ...rest }) => rest],
      [
        "current_l1.hash is the zero hash",
        (s) => ({ ...s, current_l1: { ...s.current_l1, hash: `0x${"0".repeat(64)}` } }),
      ],
      [
        "finalized_l2.l1origin is missing",
        (s) => ({ ...s, finalized_l2: { ...s.finalized_l2, l1origin: null } }),
      ],
      [
        "safe_l2.sequenceNumber is not a JSON number",
        (s) => ({ ...s, safe_l2: { ...s.safe_l2, sequenceNumber: "1" } }),
      ],
      [
        "current_l1.hash is not 0x + 64 hex",
        (s) => ({ ...s, current_l1: { ...s.current_l1, hash: "0xabc" } }),
      ],
      [
        "current_l1.timestamp is not a JSON number",
        (s) => ({ ...s, current_l1: { ...s.current_l1, timestamp: 1.5 } }),
      ],
    ];
    for (const [expected, spoil] of cases) {
      const report = await follow([() => ok(spoil(status(6, 8, 10)))], 2);
      expect(report.violations.length).toBeGreaterThan(0);
      expect(report.violations[0]).toContain(expected);
    }
  });

  test("heads out of order and finalized moving back are flagged", async () => {
    const unordered = await follow([() => ok(status(6, 11, 10))], 2);
    expect(unordered.violations[0]).toContain("safe 11 > local-safe 10");
    const backwards = await follow([() => ok(status(8, 9, 10)), () => ok(status(7, 9, 10))], 3);
    expect(backwards.violations).toContain("chain 901: finalized went back from 8 to 7");
  });

  test("an L1 origin off the canonical chain is flagged, after one re-read", async () => {
    const stale = status(6, 8, 10);
    const report = await follow(
      [
        () =>
          ok({
            ...stale,
            local_safe_l2: { ...stale.local_safe_l2, l1origin: { hash: hash(4, 9), number: 4 } },
          }),
      ],
      2,
    );
    expect(report.violations[0]).toContain("local_safe_l2.l1origin 4");
    expect(report.violations[0]).toContain("also on a second read");
  });

  test("an L1 reorg between the status read and the L1 read is not a violation", async () => {
    // The first status names L1 block 5 as current; the L1 then reorgs block 5; the re-read
    // status has moved to the new block 5.
    let reads = 0;
    const report = await follow(
      [
        () => {
          reads++;
          if (reads === 1) {
            const before = status(6, 8, 10, 5);
            l1.reorged = true;
            return ok(before);
          }
          return ok(status(6, 8, 10, 5));
        },
      ],
      3,
    );
    expect(report.violations).toEqual([]);
    expect(report.reorgRereads).toBe(1);
  });

  test("a restarting chain: 503 with a JSON-RPC error is counted; anything else is flagged", async () => {
    const error = { jsonrpc: "2.0", id: 1, error: { code: -32000, message: "chain 901 is restarting" } };
    const held = await follow([() => ({ status: 503, body: error }), () => ok(status(6, 8, 10))], 3);
    expect(held.violations).toEqual([]);
    expect(held.unavailable).toBe(1);
    const bare503 = await follow([() => ({ status: 503, body: "busy" })], 2);
    expect(bare503.violations[0]).toContain("HTTP 503 without a JSON-RPC error");
    const error200 = await follow([() => ({ body: error })], 2);
    expect(error200.violations[0]).toContain("HTTP 200 with a JSON-RPC error");
    const http500 = await follow([() => ({ status: 500, body: error })], 2);
    expect(http500.violations[0]).toContain("HTTP 500");
  });

  test("a refused connection is counted as unreachable, not a violation", async () => {
    const closed = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: () => new Response("") });
    const url = `http://127.0.0.1:${closed.port}`;
    await closed.stop(true);
    const report = await follow([() => ok(status(6, 8, 10))], 2, url);
    expect(report.violations).toEqual([]);
    expect(report.unreachable).toBeGreaterThanOrEqual(2);
    expect(report.polls).toBe(0);
  });
});
