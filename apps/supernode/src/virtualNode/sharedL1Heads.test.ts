import { describe, expect, test } from "bun:test";
import type { L1Client } from "@supernode/l1-source";
import type { L1BlockRef } from "@supernode/protocol";
import { SharedL1Heads } from "./sharedL1Heads.ts";

const ref = (number: number): L1BlockRef => ({
  hash: `0x${number.toString(16).padStart(64, "0")}`,
  number,
  parentHash: `0x${(number - 1).toString(16).padStart(64, "0")}`,
  timestamp: number * 12,
});

/** An L1 client whose head labels come from `heads`, counting the reads (a unit-test fake). */
function fakeL1(heads: Record<string, number>, fail = { next: false }) {
  const reads: string[] = [];
  const l1 = {
    headerByLabel: async (label: string) => {
      reads.push(label);
      await Bun.sleep(1);
      if (fail.next) {
        fail.next = false;
        throw new Error("L1 away");
      }
      return { ref: ref(heads[label] as number) };
    },
  } as unknown as L1Client;
  return { l1, reads };
}

describe("SharedL1Heads", () => {
  test("many chains reading a head within one interval cost one request", async () => {
    let now = 1_000;
    const { l1, reads } = fakeL1({ latest: 50, safe: 40, finalized: 30 });
    const heads = new SharedL1Heads(l1, 500, () => now);
    const answers = await Promise.all([1, 2, 3, 4].map(() => heads.head("latest")));
    expect(answers.map((a) => a.number)).toEqual([50, 50, 50, 50]);
    await heads.head("latest");
    expect(reads).toEqual(["latest"]);
    now += 500;
    await heads.head("latest");
    await heads.head("finalized");
    expect(reads).toEqual(["latest", "latest", "finalized"]);
  });

  test("a block above the latest head known is not there yet, without asking L1 for it", async () => {
    let now = 0;
    const l1Heads = { latest: 50 };
    const { l1, reads } = fakeL1(l1Heads);
    const heads = new SharedL1Heads(l1, 100, () => now);
    expect(await heads.mayExist(50)).toBe(true);
    expect(await heads.mayExist(51)).toBe(false);
    l1Heads.latest = 51;
    expect(await heads.mayExist(51)).toBe(false);
    now += 100;
    expect(await heads.mayExist(51)).toBe(true);
    expect(reads).toEqual(["latest", "latest"]);
  });

  test("a failed read is not kept: the next caller asks again", async () => {
    const fail = { next: true };
    const { l1, reads } = fakeL1({ latest: 7 }, fail);
    const heads = new SharedL1Heads(l1, 60_000);
    await expect(heads.head("latest")).rejects.toThrow("L1 away");
    expect((await heads.head("latest")).number).toBe(7);
    expect(reads).toEqual(["latest", "latest"]);
  });
});
