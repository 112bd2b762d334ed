// The devnet, fast clock, calldata + zlib span batches: 200 blocks on each chain, and the batches
// in the inbox's calldata give back every block.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Devnet } from "./devnet.ts";
import { tickUntilBatched } from "./test/devnetChecks.ts";

let devnet: Devnet;
const BLOCKS = 200;

beforeAll(async () => {
  devnet = await Devnet.start({ clock: "fast", dataMode: "calldata", compression: "zlib" });
  await devnet.produce(BLOCKS);
}, 90_000);

afterAll(async () => {
  await devnet?.stop();
});

describe("devnet: calldata + zlib", () => {
  test("200 blocks per chain; the calldata batches derive every one of them", async () => {
    const walks = await tickUntilBatched(devnet, BLOCKS);
    for (const walk of walks) {
      expect(walk.problems).toEqual([]);
      expect(walk.derived.slice(0, BLOCKS)).toEqual(Array.from({ length: BLOCKS }, (_, k) => k + 1));
    }
  }, 60_000);
});
