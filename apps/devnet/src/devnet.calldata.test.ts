// The devnet, fast clock, calldata + zlib span batches: 200 blocks on each chain, and the batches
// in the inbox's calldata give back every block.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Devnet } from "./devnet.ts";
import { followExecutingMessage, tickUntilBatched } from "./test/devnetChecks.ts";

let devnet: Devnet;
const BLOCKS = 200;

beforeAll(async () => {
  devnet = await Devnet.start({
    clock: "fast",
    dataMode: "calldata",
    compression: "zlib",
    traffic: {
      invalidMessages: ["wrongPayloadHash", "unknownChainId", "futureTimestamp", "expired", "undeclared"],
    },
  });
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

  test("invalid executing messages on request: each included, none pointing at a real log", async () => {
    const sent = devnet.traffic?.interop.sent ?? [];
    const invalid = sent.filter((m) => m.kind !== "valid");
    expect(invalid.map((m): string => m.kind).sort()).toEqual(
      ["expired", "futureTimestamp", "undeclared", "unknownChainId", "wrongPayloadHash"].sort(),
    );
    for (const message of invalid) {
      const finding = await followExecutingMessage(devnet, message.chainId, message.txHash);
      // Without its access list CrossL2Inbox reverts (no log); the others log a message that
      // does not match any initiating log.
      if (message.kind === "undeclared") expect(finding).toBeNull();
      else expect(finding?.pointsAtRealLog).toBe(false);
    }
    const valid = sent.filter((m) => m.kind === "valid").slice(0, 5);
    for (const message of valid)
      expect((await followExecutingMessage(devnet, message.chainId, message.txHash))?.pointsAtRealLog).toBe(
        true,
      );
  }, 30_000);
});
