// The attributes builder on real OP Sepolia blocks (kona's executor fixtures, Holocene): for each
// block, the builder's L1-info deposit equals the block's real first transaction, and the
// attributes' fields equal the real payload attributes; for blocks inside an epoch (no deposits,
// no upgrades) the whole transaction list is equal too.
//
// What the fixtures do not carry is reconstructed: the L1 origin's number, hash, time and base
// fee and the system config's batcher and fee scalars are read from the real L1-info deposit;
// the L1 header's excess blob gas is the smallest value that gives the deposit's blob base fee
// under the Sepolia blob schedule; the beacon root, prevRandao, gas limit and EIP-1559 params come
// from the real attributes. Receipts are empty (epoch starts are compared on the first
// transaction and the fields only).
import { expect, test } from "bun:test";
import { readdirSync } from "node:fs";
import {
  blobBaseFee,
  bytesToHex,
  ForkSchedule,
  type Hash,
  type Hex,
  headerFromRpc,
  headerHash,
  hexToBytes,
  l1BlockInfoFromTransaction,
  parseRollupConfig,
  sepoliaL1,
} from "@supernode/protocol";
import { describeWithFixtures } from "@supernode/test-helpers/fixtures";
import { buildAttributes, type EpochSource } from "./attributesBuilder.ts";

interface ExecutorFixture {
  rollup_config: unknown;
  parent_header: Record<string, unknown>;
  executing_payload: {
    timestamp: Hex;
    prevRandao: Hash;
    suggestedFeeRecipient: Hex;
    parentBeaconBlockRoot: Hash;
    transactions: Hex[];
    gasLimit: Hex;
    eip1559Params: Hex;
  };
}

const u32 = (value: number) => value.toString(16).padStart(8, "0");

describeWithFixtures("attributes builder on real OP Sepolia blocks", (fixtures) => {
  const files = readdirSync(fixtures.path("kona/executor"))
    .filter((f) => f.endsWith(".fixture.json"))
    .sort();

  test(`holocene: ${files.length} real blocks — L1-info deposit and attributes as the chain made them`, async () => {
    expect(files.length).toBeGreaterThan(5);
    let withinEpoch = 0;
    for (const file of files) {
      const fixture = fixtures.json<ExecutorFixture>(`kona/executor/${file}`);
      const rollup = parseRollupConfig(fixture.rollup_config);
      const forks = new ForkSchedule(rollup);
      const real = fixture.executing_payload;
      const info = l1BlockInfoFromTransaction(hexToBytes(real.transactions[0] as Hex));
      const blobFees = { l1: sepoliaL1, pectraBlobScheduleTime: rollup.pectraBlobScheduleTime };
      // The smallest excess blob gas giving the deposit's blob base fee (the fee grows with it).
      let low = 0n;
      let high = 1n << 16n;
      while (blobBaseFee(blobFees, info.timestamp, high) < info.blobBaseFee) high *= 2n;
      while (low < high) {
        const mid = (low + high) / 2n;
        if (blobBaseFee(blobFees, info.timestamp, mid) < info.blobBaseFee) low = mid + 1n;
        else high = mid;
      }
      const epochParent: Hash = `0x${"ee".repeat(32)}`;
      const parentHeader = headerFromRpc(fixture.parent_header);
      const parent = {
        hash: headerHash(parentHeader),
        number: Number(parentHeader.number),
        parentHash: parentHeader.parentHash,
        timestamp: Number(parentHeader.timestamp),
        l1origin:
          info.sequenceNumber > 0
            ? { hash: info.hash, number: info.number }
            : { hash: epochParent, number: info.number - 1 },
        sequenceNumber: Math.max(0, info.sequenceNumber - 1),
      };
      const l1: EpochSource = {
        header: async () => ({
          ref: { hash: info.hash, number: info.number, timestamp: info.timestamp, parentHash: epochParent },
          baseFee: info.baseFee,
          mixHash: real.prevRandao,
          parentBeaconBlockRoot: real.parentBeaconBlockRoot,
          excessBlobGas: low,
        }),
        receipts: async () => [],
      };
      const systemConfig = {
        ...rollup.genesis.systemConfig,
        batcherAddr: info.batcherAddr,
        scalar: `0x01${"00".repeat(23)}${u32(info.blobBaseFeeScalar)}${u32(info.baseFeeScalar)}` as Hex,
        gasLimit: Number(real.gasLimit),
        eip1559Params: real.eip1559Params,
      };
      const config = {
        forks,
        blockTime: rollup.blockTime,
        depositContractAddress: rollup.depositContractAddress,
        systemConfigAddress: rollup.l1SystemConfigAddress,
        blobFees,
      };
      const batch = info.sequenceNumber > 0 ? real.transactions.slice(1).map((tx) => hexToBytes(tx)) : [];
      const { attributes } = await buildAttributes(
        config,
        l1,
        parent,
        { hash: info.hash, number: info.number },
        systemConfig,
        batch,
      );
      expect(bytesToHex(attributes.transactions[0] as Uint8Array)).toBe(real.transactions[0] as Hex);
      expect([
        attributes.timestamp,
        attributes.prevRandao,
        attributes.suggestedFeeRecipient,
        attributes.parentBeaconBlockRoot,
        attributes.gasLimit,
        attributes.eip1559Params,
      ]).toEqual([
        BigInt(real.timestamp),
        real.prevRandao,
        real.suggestedFeeRecipient,
        real.parentBeaconBlockRoot,
        BigInt(real.gasLimit),
        real.eip1559Params,
      ]);
      if (info.sequenceNumber > 0) {
        withinEpoch++;
        expect(attributes.transactions.map(bytesToHex)).toEqual(real.transactions);
      }
    }
    expect(withinEpoch).toBeGreaterThan(0);
  });
});
