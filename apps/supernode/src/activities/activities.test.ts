// The root activities on fake chains: supernode_syncStatus's minimum semantics and shape, and
// superroot_atTimestamp's regimes (pre-interop composition, data omitted after activation, a
// chain not there yet left out, a timestamp given as a number or hex).
import { describe, expect, test } from "bun:test";
import {
  type BlockID,
  type Hash,
  type L2BlockRef,
  loadProtocolWasm,
  outputRootV0,
  type SyncStatus,
  superRootV1,
  superV1,
  zeroL1BlockRef,
} from "@supernode/protocol";
import { HistoryUnavailableError } from "../chains/chainErrors.ts";
import { startHeartbeat } from "./heartbeat.ts";
import {
  InvalidParamsError,
  parseTimestamp,
  type SuperrootChain,
  superRootAtTimestamp,
} from "./superroot.ts";
import { aggregate, superNodeSyncStatusJson } from "./syncStatusAggregate.ts";

await loadProtocolWasm();
const hash = (n: number): Hash => `0x${n.toString(16).padStart(64, "0")}`;
const ref = (number: number, timestamp: number): L2BlockRef => ({
  hash: hash(number + 1000 * timestamp),
  number,
  parentHash: hash(0),
  timestamp,
  l1origin: { hash: hash(7), number: 7 },
  sequenceNumber: 0,
});

function chain(id: bigint, localSafeTime: number, currentL1: number, blocksUpTo: number): SuperrootChain {
  const status: SyncStatus = {
    currentL1: { ...zeroL1BlockRef, hash: hash(currentL1), number: currentL1 },
    currentL1Finalized: zeroL1BlockRef,
    headL1: zeroL1BlockRef,
    safeL1: zeroL1BlockRef,
    finalizedL1: zeroL1BlockRef,
    unsafeL2: ref(localSafeTime, localSafeTime),
    safeL2: ref(localSafeTime - 2, localSafeTime - 2),
    finalizedL2: ref(1, 1),
    pendingSafeL2: ref(localSafeTime, localSafeTime),
    crossUnsafeL2: ref(localSafeTime, localSafeTime),
    localSafeL2: ref(localSafeTime, localSafeTime),
  };
  const output = (timestamp: number) => ({
    stateRoot: hash(Number(id) * 10 + timestamp),
    messagePasserStorageRoot: hash(5),
    blockHash: hash(timestamp + 1000 * timestamp),
  });
  return {
    id,
    syncStatus: () => status,
    optimisticOutputAtTimestamp: async (timestamp) =>
      timestamp > blocksUpTo ? null : { ...output(timestamp), outputRoot: outputRootV0(output(timestamp)) },
    optimisticAt: async (timestamp): Promise<{ l2: BlockID; l1: BlockID } | null> =>
      timestamp > blocksUpTo
        ? null
        : {
            l2: { hash: output(timestamp).blockHash, number: timestamp },
            l1: { hash: hash(timestamp), number: 100 + timestamp + Number(id) },
          },
    firstSafeHeadTimestamp: () => 5,
  };
}

describe("supernode_syncStatus", () => {
  test("minimums over the chains, chain ids ascending as decimal strings, op-node statuses inside", () => {
    const json = superNodeSyncStatusJson(aggregate([chain(902n, 30, 50, 30), chain(901n, 40, 45, 40)]));
    expect(json.chain_ids).toEqual(["901", "902"]);
    expect(json.current_l1).toEqual({ hash: hash(45), number: 45 });
    expect(json.local_safe_timestamp).toBe(30);
    expect(json.safe_timestamp).toBe(28);
    expect(json.finalized_timestamp).toBe(1);
    expect(Object.keys(json.chains)).toEqual(["901", "902"]);
    expect(Object.keys(json).sort()).toEqual(
      [
        "chain_ids",
        "chains",
        "current_l1",
        "finalized_timestamp",
        "local_safe_timestamp",
        "safe_timestamp",
      ].sort(),
    );
  });
});

describe("superroot_atTimestamp", () => {
  const chains = [chain(901n, 40, 45, 40), chain(902n, 30, 50, 30)];

  test("pre-interop: the super root of every chain's optimistic output; required L1 the highest", async () => {
    const answer = await superRootAtTimestamp(chains, 20, { interopActivation: 25 });
    const expected = superV1(
      20,
      await Promise.all(
        chains.map(async (c) => ({
          chainId: c.id,
          output: (await c.optimisticOutputAtTimestamp(20))?.outputRoot as Hash,
        })),
      ),
    );
    expect(answer.data?.super_root).toBe(superRootV1(expected));
    expect(answer.data?.verified_required_l1.number).toBe(100 + 20 + 902);
    expect(answer.data?.super.chains.map((c) => c.ChainID)).toEqual(["901", "902"]);
    expect(Object.keys(answer.optimistic_at_timestamp)).toEqual(["901", "902"]);
  });

  test("a chain not there yet is left out and no super root is given", async () => {
    const answer = await superRootAtTimestamp(chains, 35, {});
    expect(Object.keys(answer.optimistic_at_timestamp)).toEqual(["901"]);
    expect(answer.data).toBeUndefined();
  });

  test("from activation: data omitted until verified; below the first verifiable timestamp an error", async () => {
    expect((await superRootAtTimestamp(chains, 26, { interopActivation: 25 })).data).toBeUndefined();
    const below = superRootAtTimestamp(chains, 4, { interopActivation: 2 });
    await expect(below).rejects.toThrow("first verifiable");
    // An expected answer (−32000, logged at debug), not a failure.
    await expect(below).rejects.toBeInstanceOf(HistoryUnavailableError);
  });

  test("timestamps as numbers or hex; anything else is invalid params", () => {
    expect(parseTimestamp(26)).toBe(26);
    expect(parseTimestamp("0x1a")).toBe(26);
    for (const bad of ["26", -1, 1.5, null, "0x", {}])
      expect(() => parseTimestamp(bad)).toThrow(InvalidParamsError);
  });
});

describe("heartbeat_check", () => {
  test("4 random bytes as hex", async () => {
    const heartbeat = startHeartbeat({ info() {} } as never, 60_000);
    const a = await heartbeat.methods.heartbeat_check?.();
    expect(a).toMatch(/^0x[0-9a-f]{8}$/);
    heartbeat.stop();
  });
});
