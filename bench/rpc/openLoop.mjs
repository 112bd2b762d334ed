#!/usr/bin/env node
// An open-loop load generator (what wrk2 does): requests are due at a fixed rate whatever the
// server does, and each latency is measured from the moment the request was due, so a stall is
// counted in full for every request it delays (no coordinated omission). Keep-alive connections,
// at most `connections` at once; a request with no free connection waits, and that wait counts.
// Microsecond timing. The first 2 s run at the same rate unmeasured: in them Node compiles its HTTP
// client and opens its connections, which alone put some 400 requests (2 % of a 10 s run) past
// 5 ms in trials, hello-world's as much as the gateway's.
// Run by rpc.bench.ts as a child process under Node (the server runs on Bun).
// Usage: node openLoop.mjs <url> <rate per second> <seconds> <connections> <JSON body>
// Prints one JSON line: { requests, errors, non2xx, p50, p90, p99, p99_9, max, lag_p99 }
// (milliseconds; lag_p99: how late the 99th-percentile request left this process, a measure of
// the load generator's own delay, which the latencies include).
import http from "node:http";

const [url, rateText, secondsText, connectionsText, body] = process.argv.slice(2);
if (!url || !rateText || !secondsText || !connectionsText || body === undefined) {
  process.stderr.write("usage: node openLoop.mjs <url> <rate> <seconds> <connections> <body>\n");
  process.exit(2);
}
const rate = Number(rateText);
const warmup = Math.round(rate * 2);
const total = warmup + Math.round(rate * Number(secondsText));
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connectionsText) });
const headers = { "content-type": "application/json", "content-length": Buffer.byteLength(body) };
const intervalNs = BigInt(Math.round(1e9 / rate));
const latencies = new Float64Array(total);
/** How late each request left (this process starved of CPU, or its connections all busy). */
const lags = new Float64Array(total);
let errors = 0;
let non2xx = 0;
let done = 0;

function fire(index, due) {
  lags[index] = Number(process.hrtime.bigint() - due) / 1e6;
  const request = http.request(
    { agent, host: target.hostname, port: target.port, path: target.pathname, method: "POST", headers },
    (response) => {
      if (response.statusCode < 200 || response.statusCode >= 300) non2xx++;
      response.resume();
      response.on("end", () => {
        latencies[index] = Number(process.hrtime.bigint() - due) / 1e6;
        finish();
      });
    },
  );
  request.on("error", () => {
    errors++;
    latencies[index] = Number.NaN;
    finish();
  });
  request.end(body);
}

function finish() {
  done++;
  if (done < total) return;
  agent.destroy();
  const measured = Array.from(latencies.subarray(warmup))
    .filter((value) => !Number.isNaN(value))
    .sort((a, b) => a - b);
  const at = (q) => measured[Math.min(measured.length - 1, Math.floor(q * measured.length))] ?? Number.NaN;
  const round = (value) => Math.round(value * 1000) / 1000;
  const result = {
    requests: total - warmup,
    errors,
    non2xx,
    p50: round(at(0.5)),
    p90: round(at(0.9)),
    p99: round(at(0.99)),
    p99_9: round(at(0.999)),
    max: round(measured.at(-1) ?? Number.NaN),
    lag_p99: round(
      Array.from(lags.subarray(warmup)).sort((a, b) => a - b)[Math.floor(0.99 * (total - warmup))] ??
        Number.NaN,
    ),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

const start = process.hrtime.bigint() + 10_000_000n;
let sent = 0;
function tick() {
  const now = process.hrtime.bigint();
  while (sent < total) {
    const due = start + BigInt(sent) * intervalNs;
    if (due > now) break;
    fire(sent, due);
    sent++;
  }
  if (sent < total) setImmediate(tick);
}
tick();
