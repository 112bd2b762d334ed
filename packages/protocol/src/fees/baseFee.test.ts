import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { opSepolia } from "../config/presets.ts";
import {
  decodeExtraData,
  ExtraDataError,
  eip1559BaseFee,
  eip1559ParamsFromAttributes,
  encodeHoloceneExtraData,
  encodeJovianExtraData,
  nextBaseFee,
} from "./baseFee.ts";

const chain = opSepolia.chainOpConfig as NonNullable<typeof opSepolia.chainOpConfig>;

describe("OP EIP-1559 base fee", () => {
  test("geth's rule: up above the target (by at least 1), down below, unchanged at it", () => {
    const parent = { baseFee: 1_000_000_000n, gasLimit: 30_000_000n };
    const params = { denominator: 50, elasticity: 6 };
    assert.equal(eip1559BaseFee(parent, 5_000_000n, params), 1_000_000_000n);
    assert.equal(eip1559BaseFee(parent, 30_000_000n, params), 1_100_000_000n); // +1/8·5·… = +10%
    assert.equal(eip1559BaseFee(parent, 0n, params), 980_000_000n); // −1/50
    assert.equal(
      eip1559BaseFee({ baseFee: 7n, gasLimit: 30_000_000n }, 5_000_001n, params),
      8n,
      "the increase is at least 1",
    );
  });

  test("extraData: Holocene (9 bytes) and Jovian (17 bytes) round-trip; bad forms are errors", () => {
    assert.equal(encodeHoloceneExtraData({ denominator: 250, elasticity: 6 }), "0x00000000fa00000006");
    assert.deepEqual(decodeExtraData("0x00000000fa00000006"), { denominator: 250, elasticity: 6 });
    const jovian = encodeJovianExtraData({ denominator: 250, elasticity: 6, minBaseFee: 1_000n });
    assert.equal(jovian.length, 2 + 34);
    assert.deepEqual(decodeExtraData(jovian), { denominator: 250, elasticity: 6, minBaseFee: 1_000n });
    assert.throws(() => decodeExtraData("0x"), ExtraDataError);
    assert.throws(() => decodeExtraData("0x02000000fa00000006"), ExtraDataError);
    assert.throws(() => decodeExtraData("0x00000000fa000006"), ExtraDataError);
    assert.throws(() => decodeExtraData("0x000000000000000006"), ExtraDataError);
  });

  test("attributes' eip1559Params: 0/0 means the Canyon constants", () => {
    assert.deepEqual(eip1559ParamsFromAttributes("0x0000000000000000", chain), {
      denominator: 250,
      elasticity: 6,
    });
    assert.deepEqual(eip1559ParamsFromAttributes("0x0000000800000002", chain), {
      denominator: 8,
      elasticity: 2,
    });
  });

  test("by fork: Canyon denominator, Holocene params from extraData, Jovian minimum and DA footprint", () => {
    const parent = {
      baseFee: 1_000n,
      gasUsed: 0n,
      gasLimit: 60_000_000n,
      extraData: "0x00000000fa00000006" as const,
    };
    assert.equal(nextBaseFee(parent, "bedrock", chain), 980n);
    assert.equal(nextBaseFee(parent, "canyon", chain), 996n);
    assert.equal(nextBaseFee({ ...parent, extraData: "0x000000003200000002" }, "holocene", chain), 980n);
    assert.equal(nextBaseFee({ ...parent, extraData: "0x000000000000000000" }, "holocene", chain), 996n);
    const jovian = encodeJovianExtraData({ denominator: 250, elasticity: 6, minBaseFee: 999n });
    assert.equal(
      nextBaseFee({ ...parent, extraData: jovian }, "jovian", chain),
      999n,
      "never below the minimum",
    );
    assert.equal(
      nextBaseFee({ ...parent, extraData: jovian, blobGasUsed: 60_000_000n }, "jovian", chain),
      1_020n,
      "a full DA footprint raises it",
    );
  });
});
