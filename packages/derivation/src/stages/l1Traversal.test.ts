// L1 traversal, one test per rule (reference/derivation.md §1.1), on a fake L1 port.
import { describe, expect, test } from "bun:test";
import {
  bigIntToFixedBytes,
  concatBytes,
  type DepositReceipt,
  ForkSchedule,
  type Hash,
  type L1BlockRef,
  opSepolia,
} from "@supernode/protocol";
import { DerivationError } from "../errors.ts";
import { CONFIG_UPDATE_TOPIC } from "../systemConfig/configUpdate.ts";
import { type L1BlockSource, L1Traversal } from "./l1Traversal.ts";

const SYSTEM_CONFIG = "0x034edd2a225f7f429a63e0f1d2084b9e0a93b538";
const hash = (n: number, fork = 0): Hash => `0x${(n + fork * 1_000_000).toString(16).padStart(64, "0")}`;
const ref = (n: number, fork = 0, parentFork = fork): L1BlockRef => ({
  hash: hash(n, fork),
  number: n,
  parentHash: hash(n - 1, parentFork),
  timestamp: 1000 + 12 * n,
});
const word = (value: bigint) => bigIntToFixedBytes(value, 32);
const gasLimitUpdate = (limit: bigint, type = 2): DepositReceipt => ({
  status: "success",
  logs: [
    {
      address: SYSTEM_CONFIG,
      topics: [CONFIG_UPDATE_TOPIC, `0x${"00".repeat(32)}`, `0x${type.toString(16).padStart(64, "0")}`],
      data: concatBytes([word(32n), word(32n), word(limit)]),
      logIndex: 0,
    },
  ],
});

class FakeL1 implements L1BlockSource {
  blocks = new Map<number, L1BlockRef>();
  receiptsByHash = new Map<Hash, DepositReceipt[]>();
  failNext = false;
  async blockRefByNumber(number: number) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error("connection reset");
    }
    return this.blocks.get(number) ?? null;
  }
  async receipts(block: L1BlockRef) {
    return this.receiptsByHash.get(block.hash) ?? [];
  }
}

const forks = new ForkSchedule({ blockTime: 2, hardforks: { ecotoneTime: 0 } });
const config = { forks, systemConfigAddress: SYSTEM_CONFIG } as const;

function setup(upTo: number) {
  const l1 = new FakeL1();
  for (let n = 0; n <= upTo; n++) l1.blocks.set(n, ref(n));
  return { l1, traversal: new L1Traversal(l1, config, ref(0), opSepolia.genesis.systemConfig) };
}

async function kindOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DerivationError);
  return (error as DerivationError).kind;
}

describe("l1 traversal", () => {
  test("bedrock: advance moves the origin to the next L1 block by number", async () => {
    const { traversal } = setup(3);
    expect(await traversal.advance()).toBe("advanced");
    expect(traversal.origin).toEqual(ref(1));
  });

  test("bedrock: the next L1 block not there yet is end of data, not an error", async () => {
    const { traversal } = setup(1);
    await traversal.advance();
    expect(await traversal.advance()).toBe("eof");
    expect(traversal.origin.number).toBe(1);
  });

  test("bedrock: a next block whose parent is not the origin is an L1 reorg: reset", async () => {
    const { l1, traversal } = setup(1);
    l1.blocks.set(2, ref(2, 1, 1)); // a block 2 of another branch
    await traversal.advance();
    expect(await kindOf(traversal.advance())).toBe("reset");
    expect(traversal.origin).toEqual(ref(1));
  });

  test("bedrock: an L1 RPC failure is temporary and the origin stays", async () => {
    const { l1, traversal } = setup(2);
    l1.failNext = true;
    expect(await kindOf(traversal.advance())).toBe("temporary");
    expect(traversal.origin.number).toBe(0);
    expect(await traversal.advance()).toBe("advanced");
  });

  test("bedrock: each origin goes to retrieval once, then end of data until the next advance", async () => {
    const { traversal } = setup(2);
    expect(traversal.nextL1Block()).toEqual(ref(0));
    expect(traversal.nextL1Block()).toBeNull();
    await traversal.advance();
    expect(traversal.nextL1Block()).toEqual(ref(1));
  });

  test("bedrock: system config updates of each new L1 block apply to the retrieval copy as of that block", async () => {
    const { l1, traversal } = setup(3);
    l1.receiptsByHash.set(hash(2), [gasLimitUpdate(45_000_000n)]);
    await traversal.advance();
    expect(traversal.systemConfig.gasLimit).toBe(30_000_000);
    await traversal.advance();
    expect(traversal.systemConfig.gasLimit).toBe(45_000_000);
  });

  test("bedrock: a malformed system config update is critical and nothing advances", async () => {
    const { l1, traversal } = setup(2);
    l1.receiptsByHash.set(hash(1), [gasLimitUpdate(1n, 12)]);
    expect(await kindOf(traversal.advance())).toBe("critical");
    expect(traversal.origin.number).toBe(0);
  });

  test("bedrock: reset puts back the origin and system config", async () => {
    const { traversal } = setup(3);
    await traversal.advance();
    traversal.nextL1Block();
    const config2 = { ...opSepolia.genesis.systemConfig, gasLimit: 1 };
    traversal.reset(ref(2), config2);
    expect([traversal.origin, traversal.systemConfig, traversal.nextL1Block()]).toEqual([
      ref(2),
      config2,
      ref(2),
    ]);
  });
});
