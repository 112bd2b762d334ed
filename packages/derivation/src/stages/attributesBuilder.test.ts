// The attributes builder, one test per rule (reference/derivation.md §1.7), on a fake L1.
import { describe, expect, test } from "bun:test";
import {
  bigIntToFixedBytes,
  bytesToHex,
  concatBytes,
  DEPOSIT_EVENT_TOPIC,
  type DepositReceipt,
  encodeDepositLogData,
  ForkSchedule,
  hexToBytes,
  type L1BlockRef,
  l1BlockInfoFromTransaction,
  opSepolia,
  sepoliaL1,
  upgradeTransactions,
} from "@supernode/protocol";
import { testHash, testL1, testSafe } from "../batches/testRules.ts";
import { DerivationError } from "../errors.ts";
import { CONFIG_UPDATE_TOPIC } from "../systemConfig/configUpdate.ts";
import {
  type AttributesConfig,
  buildAttributes,
  type EpochSource,
  type L1Header,
} from "./attributesBuilder.ts";

const PORTAL = "0x16fc5058f25648194471939df75cf27a2fdc48bc";
const SYSTEM_CONFIG = "0x034edd2a225f7f429a63e0f1d2084b9e0a93b538";
const config = (hardforks: Record<string, number>): AttributesConfig => ({
  forks: new ForkSchedule({ blockTime: 2, hardforks: { regolithTime: 0, ...hardforks } }),
  blockTime: 2,
  depositContractAddress: PORTAL,
  systemConfigAddress: SYSTEM_CONFIG,
  blobFees: { l1: sepoliaL1 },
});
const ecotone = { canyonTime: 0, deltaTime: 0, ecotoneTime: 0 };
const epoch100 = testL1(100, 1_000);
const epoch101: L1BlockRef = { ...testL1(101, 1_012), parentHash: epoch100.hash };
const header = (ref: L1BlockRef): L1Header => ({
  ref,
  baseFee: 7n,
  mixHash: testHash(0x77),
  parentBeaconBlockRoot: testHash(0xbe),
  excessBlobGas: 0n,
});

class FakeL1 implements EpochSource {
  receiptsByHash = new Map<string, DepositReceipt[]>();
  async header(epoch: { number: number }) {
    return header(epoch.number === 101 ? epoch101 : epoch100);
  }
  async receipts(ref: L1BlockRef) {
    return this.receiptsByHash.get(ref.hash) ?? [];
  }
}
const deposit: DepositReceipt = {
  status: "success",
  logs: [
    {
      address: PORTAL,
      topics: [
        DEPOSIT_EVENT_TOPIC,
        `0x${"00".repeat(12)}${"ab".repeat(20)}`,
        `0x${"00".repeat(12)}${"cd".repeat(20)}`,
        `0x${"00".repeat(32)}`,
      ],
      data: encodeDepositLogData({
        to: "0xcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
        mint: 5n,
        value: 5n,
        gas: 100_000n,
        data: new Uint8Array(0),
      }),
      logIndex: 3,
    },
  ],
};
const sys = opSepolia.genesis.systemConfig;
const batchTx = new Uint8Array([0x02, 0xc0]);

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DerivationError);
  return (error as DerivationError).kind;
}

describe("attributes builder", () => {
  test("ecotone: same epoch — sequence number + 1, no deposits, then the batch's transactions", async () => {
    const { attributes } = await buildAttributes(config(ecotone), new FakeL1(), testSafe, epoch100, sys, [
      batchTx,
    ]);
    expect(attributes.transactions).toHaveLength(2);
    const info = l1BlockInfoFromTransaction(attributes.transactions[0] as Uint8Array);
    expect([info.format, info.number, info.sequenceNumber, info.hash]).toEqual([
      "ecotone",
      100,
      3,
      epoch100.hash,
    ]);
    expect(attributes).toMatchObject({
      timestamp: 1_006n,
      prevRandao: testHash(0x77),
      suggestedFeeRecipient: "0x4200000000000000000000000000000000000011",
      withdrawals: [],
      parentBeaconBlockRoot: testHash(0xbe),
      noTxPool: true,
      gasLimit: 30_000_000n,
    });
    expect(attributes.transactions[1]).toEqual(hexToBytes("0x02c0"));
  });

  test("bedrock: same epoch whose hash is not the parent's L1 origin is a reset", async () => {
    const l1 = new FakeL1();
    const parent = { ...testSafe, l1origin: { hash: testHash(5), number: 100 } };
    expect(await failure(buildAttributes(config(ecotone), l1, parent, epoch100, sys, []))).toBe("reset");
  });

  test("bedrock: epoch change — sequence number 0, the epoch's user deposits after the L1-info deposit", async () => {
    const l1 = new FakeL1();
    l1.receiptsByHash.set(epoch101.hash, [deposit]);
    const parent = { ...testSafe, timestamp: 1_010 };
    const { attributes } = await buildAttributes(config(ecotone), l1, parent, epoch101, sys, [batchTx]);
    expect(attributes.transactions.map((tx) => bytesToHex(tx).slice(0, 4))).toEqual(["0x7e", "0x7e", "0x02"]);
    expect(l1BlockInfoFromTransaction(attributes.transactions[0] as Uint8Array).sequenceNumber).toBe(0);
  });

  test("bedrock: an epoch whose parent hash is not the parent block's L1 origin is a reset", async () => {
    const l1 = new FakeL1();
    const parent = { ...testSafe, timestamp: 1_010, l1origin: { hash: testHash(9), number: 100 } };
    expect(await failure(buildAttributes(config(ecotone), l1, parent, epoch101, sys, []))).toBe("reset");
  });

  test("bedrock: a malformed deposit log in the epoch is critical", async () => {
    const l1 = new FakeL1();
    const bad = {
      ...deposit,
      logs: [{ ...(deposit.logs[0] as DepositReceipt["logs"][number]), data: new Uint8Array(40) }],
    };
    l1.receiptsByHash.set(epoch101.hash, [bad]);
    expect(
      await failure(
        buildAttributes(config(ecotone), l1, { ...testSafe, timestamp: 1_010 }, epoch101, sys, []),
      ),
    ).toBe("critical");
  });

  test("bedrock: the epoch's SystemConfig updates apply to the attributes (gas limit)", async () => {
    const l1 = new FakeL1();
    const word = (v: bigint) => bigIntToFixedBytes(v, 32);
    l1.receiptsByHash.set(epoch101.hash, [
      {
        status: "success",
        logs: [
          {
            address: SYSTEM_CONFIG,
            topics: [CONFIG_UPDATE_TOPIC, `0x${"00".repeat(32)}`, `0x${"00".repeat(31)}02`],
            data: concatBytes([word(32n), word(32n), word(45_000_000n)]),
            logIndex: 0,
          },
        ],
      },
    ]);
    const built = await buildAttributes(
      config(ecotone),
      l1,
      { ...testSafe, timestamp: 1_010 },
      epoch101,
      sys,
      [],
    );
    expect([built.attributes.gasLimit, built.systemConfig.gasLimit]).toEqual([45_000_000n, 45_000_000]);
  });

  test("bedrock: a block timestamped before its L1 origin is a reset", async () => {
    const parent = { ...testSafe, timestamp: 990 };
    expect(await failure(buildAttributes(config(ecotone), new FakeL1(), parent, epoch100, sys, []))).toBe(
      "reset",
    );
  });

  test("ecotone: the activation block carries the Bedrock-format L1 info and the upgrade transactions, in fork order", async () => {
    const forks = { canyonTime: 0, deltaTime: 0, ecotoneTime: 1_006, fjordTime: 1_006 };
    const { attributes } = await buildAttributes(config(forks), new FakeL1(), testSafe, epoch100, sys, [
      batchTx,
    ]);
    const upgrades = [...upgradeTransactions("ecotone"), ...upgradeTransactions("fjord")];
    expect(attributes.transactions.slice(1, 1 + upgrades.length)).toEqual(upgrades);
    expect(attributes.transactions.at(-1)).toEqual(hexToBytes("0x02c0"));
    expect(l1BlockInfoFromTransaction(attributes.transactions[0] as Uint8Array).format).toBe("bedrock");
  });

  test("bedrock: before Canyon no withdrawals, before Ecotone no beacon root", async () => {
    const { attributes } = await buildAttributes(config({}), new FakeL1(), testSafe, epoch100, sys, []);
    expect("withdrawals" in attributes || "parentBeaconBlockRoot" in attributes).toBe(false);
  });

  test("holocene: eip1559Params are 8 zero bytes on the activation block, the system config's after", async () => {
    const holocene = { ...ecotone, fjordTime: 0, graniteTime: 0, holoceneTime: 1_006 };
    const params = { ...sys, eip1559Params: "0x000000fa00000006" as const };
    const first = await buildAttributes(config(holocene), new FakeL1(), testSafe, epoch100, params, []);
    expect(first.attributes.eip1559Params).toBe("0x0000000000000000");
    const later = await buildAttributes(
      config({ ...holocene, holoceneTime: 0 }),
      new FakeL1(),
      testSafe,
      epoch100,
      params,
      [],
    );
    expect(later.attributes.eip1559Params).toBe("0x000000fa00000006");
  });

  test("jovian: minBaseFee is the system config's (0 when never set)", async () => {
    const jovian = {
      ...ecotone,
      fjordTime: 0,
      graniteTime: 0,
      holoceneTime: 0,
      isthmusTime: 0,
      jovianTime: 0,
    };
    const built = await buildAttributes(config(jovian), new FakeL1(), testSafe, epoch100, sys, []);
    expect(built.attributes.minBaseFee).toBe(0n);
    const set = await buildAttributes(
      config(jovian),
      new FakeL1(),
      testSafe,
      epoch100,
      { ...sys, minBaseFee: 9n },
      [],
    );
    expect(set.attributes.minBaseFee).toBe(9n);
    expect(l1BlockInfoFromTransaction(set.attributes.transactions[0] as Uint8Array).format).toBe("jovian");
  });
});
