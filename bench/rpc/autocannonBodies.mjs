#!/usr/bin/env node
// The throughput fallback when wrk is not installed: autocannon (npm) through its API, which can
// send several bodies in turn (the CLI sends one), stop after a number of answers and check each
// answer. Run by load.ts as a child process under Node (the servers run on Bun).
// Usage: node autocannonBodies.mjs <url> <connections> <seconds> <max requests, 0: none>
//        <JSON file: an array of bodies> [text every answer must contain]
// Prints autocannon's result as one JSON line, with `unexpected` (answers without that text) and
// `seconds` (from the start to the last answer).
import { readFileSync } from "node:fs";
import autocannon from "autocannon";

const [url, connectionsText, secondsText, maxText, bodiesFile, expect = ""] = process.argv.slice(2);
if (!url || !connectionsText || !secondsText || !maxText || !bodiesFile) {
  process.stderr.write(
    "usage: node autocannonBodies.mjs <url> <connections> <seconds> <max> <bodies.json>\n",
  );
  process.exit(2);
}
const bodies = JSON.parse(readFileSync(bodiesFile, "utf8"));
if (!Array.isArray(bodies) || bodies.length === 0) throw new Error("no request body");
const max = Number(maxText);
let turn = 0;
let unexpected = 0;
let lastAnswer = 0n;
const request = {
  method: "POST",
  headers: { "content-type": "application/json" },
  ...(bodies.length === 1
    ? { body: bodies[0] }
    : {
        setupRequest: (req) => {
          const body = bodies[turn];
          turn = (turn + 1) % bodies.length;
          return { ...req, body };
        },
      }),
  ...(expect === "" && max === 0
    ? {}
    : {
        onResponse: (_status, body) => {
          lastAnswer = process.hrtime.bigint();
          if (expect !== "" && !body.includes(expect)) unexpected++;
        },
      }),
};
// With a request limit autocannon ends at its next 1 s sample, and its duration with it: `seconds`
// runs from the start to the last answer instead.
const start = process.hrtime.bigint();
autocannon(
  {
    url,
    connections: Number(connectionsText),
    duration: Number(secondsText),
    ...(max > 0 ? { amount: max } : {}),
    requests: [request],
  },
  (error, result) => {
    if (error) {
      process.stderr.write(`${error.stack ?? error}\n`);
      process.exit(1);
    }
    const seconds = lastAnswer > start ? Number(lastAnswer - start) / 1e9 : result.duration;
    process.stdout.write(`${JSON.stringify({ ...result, unexpected, seconds })}\n`);
  },
);
