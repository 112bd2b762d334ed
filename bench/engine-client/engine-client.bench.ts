#!/usr/bin/env bun
// The Engine API client's own overhead per call — JWT (re)signing, JSON encoding and decoding,
// answer classification — against a bare local HTTP echo in the same run: a plain fetch of the
// same request to the same server is the baseline. Target ≤ 0.5 ms per call.
// Run: bun bench/engine-client/engine-client.bench.ts   (BENCH_CALLS to change the count)
import { EngineClient } from "../../packages/engine-api/src/engineClient.ts";
import { createEngineTransport } from "../../packages/engine-api/src/transport.ts";
import { ForkSchedule } from "../../packages/protocol/src/index.ts";

const CALLS = Number(process.env.BENCH_CALLS ?? 5_000);
const answer = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  result: {
    payloadStatus: { status: "VALID", latestValidHash: `0x${"ab".repeat(32)}`, validationError: null },
    payloadId: null,
  },
});
const echo = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: () => new Response(answer, { headers: { "content-type": "application/json" } }),
});
const url = `http://127.0.0.1:${echo.port}`;
const state = {
  headBlockHash: `0x${"ab".repeat(32)}`,
  safeBlockHash: `0x${"ab".repeat(32)}`,
  finalizedBlockHash: `0x${"00".repeat(32)}`,
} as const;
const body = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "engine_forkchoiceUpdatedV3",
  params: [state, null],
});

async function bare(): Promise<void> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer x" },
    body,
  });
  await response.text();
}

// Fresh token every call: the worst case (the transport re-signs at most every 5 s).
let clock = 1_700_000_000;
const client = new EngineClient(
  createEngineTransport({ url, jwtSecret: new Uint8Array(32).fill(1), now: () => (clock += 6) }),
  new ForkSchedule({ blockTime: 2, hardforks: { isthmusTime: 0 } }),
);
const viaClient = () => client.forkchoiceUpdated(state, null);

async function time(run: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 500; i++) await run(); // warm up
  const started = performance.now();
  for (let i = 0; i < CALLS; i++) await run();
  return (performance.now() - started) / CALLS;
}

const rounds: { bare: number; client: number }[] = [];
for (let round = 0; round < 3; round++)
  rounds.push({ bare: await time(bare), client: await time(viaClient) });
for (const [i, r] of rounds.entries()) {
  console.log(
    `round ${i + 1}: bare fetch ${(r.bare * 1000).toFixed(1)} µs/call, client ${(r.client * 1000).toFixed(1)} µs/call, overhead ${((r.client - r.bare) * 1000).toFixed(1)} µs/call`,
  );
}
const overhead = Math.min(...rounds.map((r) => r.client - r.bare));
console.log(`engine client overhead: ${(overhead * 1000).toFixed(1)} µs per call (target ≤ 500 µs)`);
await echo.stop(true);
