import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { ForkSchedule } from "../config/forks.ts";
import { parseL1ChainConfig, sepoliaL1 } from "../config/l1ChainConfig.ts";
import { opSepolia } from "../config/presets.ts";
import { ConfigError } from "../errors.ts";
import { blobBaseFee, blobBaseFeeUpdateFraction, fakeExponential } from "./blobBaseFee.ts";
import {
  decodeL1BlockInfo,
  encodeL1BlockInfo,
  L1_INFO_LENGTHS,
  L1_INFO_SELECTORS,
  L1InfoError,
  type L1InfoFormat,
  l1BlockInfo,
  l1InfoDepositTx,
  l1InfoFormatAt,
} from "./l1BlockInfo.ts";

const origin = {
  number: 100,
  timestamp: 1_700_000_000,
  hash: `0x${"cd".repeat(32)}`,
  baseFee: 7n,
  blobBaseFee: 3n,
} as const;
const systemConfig = {
  ...opSepolia.genesis.systemConfig,
  scalar: `0x01${"00".repeat(23)}000dbba0000007d0`,
  operatorFeeParams: `0x${"00".repeat(20)}0000abcd000000000000dcba`,
  daFootprintGasScalar: 0,
} as const;

describe("L1 info", () => {
  for (const format of ["bedrock", "ecotone", "isthmus", "jovian"] as L1InfoFormat[]) {
    test(`${format}: encode → decode, selector and length`, () => {
      const info = l1BlockInfo(format, origin, 2, systemConfig);
      const data = encodeL1BlockInfo(info);
      assert.equal(data.length, L1_INFO_LENGTHS[format]);
      const decoded = decodeL1BlockInfo(data);
      assert.equal(decoded.format, format);
      assert.deepEqual(
        [decoded.number, decoded.timestamp, decoded.hash, decoded.sequenceNumber, decoded.batcherAddr],
        [100, 1_700_000_000, origin.hash, 2, systemConfig.batcherAddr],
      );
      if (format !== "bedrock")
        assert.deepEqual(
          [decoded.baseFeeScalar, decoded.blobBaseFeeScalar, decoded.blobBaseFee],
          [2000, 900000, 3n],
        );
      if (format === "isthmus" || format === "jovian")
        assert.deepEqual([decoded.operatorFeeScalar, decoded.operatorFeeConstant], [0xabcd, 0xdcban]);
      if (format === "jovian")
        assert.equal(decoded.daFootprintGasScalar, 400, "an unset DA footprint scalar is written as 400");
    });
  }

  test("selectors are the keccak of the spec's signatures", () => {
    assert.deepEqual(L1_INFO_SELECTORS, {
      bedrock: "0x015d8eb9",
      ecotone: "0x440a5e20",
      isthmus: "0x098999be",
      jovian: "0x3db6be2b",
    });
  });

  test("bad calldata is a typed error", () => {
    const ecotone = encodeL1BlockInfo(l1BlockInfo("ecotone", origin, 0, systemConfig));
    assert.throws(() => decodeL1BlockInfo(ecotone.subarray(0, 100)), L1InfoError);
    assert.throws(() => decodeL1BlockInfo(Uint8Array.of(1, 2, 3, 4, 5)), L1InfoError);
    const bedrock = encodeL1BlockInfo(l1BlockInfo("bedrock", origin, 0, systemConfig));
    bedrock[4] = 1; // padding of the number word
    assert.throws(() => decodeL1BlockInfo(bedrock), /padding/);
  });

  test("the format of a fork's activation block is the previous fork's", () => {
    const forks = new ForkSchedule({
      blockTime: 2,
      hardforks: { ecotoneTime: 10, isthmusTime: 20, jovianTime: 30 },
    });
    assert.equal(l1InfoFormatAt(forks, 8), "bedrock");
    assert.equal(l1InfoFormatAt(forks, 10), "bedrock");
    assert.equal(l1InfoFormatAt(forks, 12), "ecotone");
    assert.equal(l1InfoFormatAt(forks, 20), "ecotone");
    assert.equal(l1InfoFormatAt(forks, 22), "isthmus");
    assert.equal(l1InfoFormatAt(forks, 30), "isthmus");
    assert.equal(l1InfoFormatAt(forks, 32), "jovian");
  });

  test("the deposit: 150M gas and a system tx before Regolith, 1M and not after", () => {
    const info = l1BlockInfo("ecotone", origin, 1, systemConfig);
    assert.deepEqual(
      [l1InfoDepositTx(info, false).gas, l1InfoDepositTx(info, false).isSystemTx],
      [150_000_000n, true],
    );
    assert.deepEqual(
      [l1InfoDepositTx(info, true).gas, l1InfoDepositTx(info, true).isSystemTx],
      [1_000_000n, false],
    );
  });
});

describe("L1 blob base fee", () => {
  test("fake_exponential matches EIP-4844", () => {
    assert.equal(fakeExponential(1n, 0n, 3338477n), 1n);
    assert.equal(fakeExponential(1n, 3338477n, 3338477n), 2n); // ⌊e⌋
    assert.equal(fakeExponential(1n, 10n * 3338477n, 3338477n), 22026n); // ⌊e^10⌋
  });

  test("the update fraction follows the L1 fork, with the Pectra blob-schedule quirk", () => {
    const at = (time: number, pectra?: number) =>
      blobBaseFeeUpdateFraction({ l1: sepoliaL1, pectraBlobScheduleTime: pectra }, time);
    assert.equal(at(1706655072), 3338477n);
    assert.equal(at(1741159776), 5007716n);
    assert.equal(
      at(1741159776, 1742486400),
      3338477n,
      "before the rollup's pectra_blob_schedule_time Cancun's fraction stays",
    );
    assert.equal(at(1742486400, 1742486400), 5007716n);
    assert.equal(at(1760427360), 5007716n, "Osaka keeps Prague's");
    assert.equal(at(1761017184), 8346193n);
    assert.equal(at(1761607008), 11684671n);
    assert.equal(blobBaseFee({ l1: sepoliaL1 }, 1761607008, null), 1n, "no excessBlobGas: 1");
  });

  test("parses a geth genesis config with a blob schedule", () => {
    const parsed = parseL1ChainConfig({
      config: {
        chainId: 900,
        cancunTime: 0,
        pragueTime: 10,
        bpo1Time: 20,
        blobSchedule: {
          cancun: { target: 3, max: 6, baseFeeUpdateFraction: 3338477 },
          bpo1: { target: 10, max: 15, baseFeeUpdateFraction: 8346193 },
        },
      },
    });
    assert.deepEqual(parsed.forkTimes, { cancun: 0, prague: 10, bpo1: 20 });
    assert.equal(
      parsed.blobSchedule.prague?.baseFeeUpdateFraction,
      5007716,
      "Prague's default when not listed",
    );
    assert.throws(
      () => parseL1ChainConfig({ chainId: 1, bpo2Time: 5 }),
      (e: unknown) => e instanceof ConfigError && e.meta.key === "blobSchedule.bpo2",
    );
    assert.throws(
      () => parseL1ChainConfig({ chainId: "x" }),
      (e: unknown) => e instanceof ConfigError && e.meta.key === "chainId",
    );
  });
});
