// Real OP Sepolia (Holocene) headers from kona's executor fixtures: the base fee of block N
// computed from the header of block N−1 equals block N's header.
import assert from "node:assert/strict";
import { describeWithFixtures } from "@supernode/test-helpers/fixtures";
import { test } from "@supernode/test-helpers/harness";
import { opSepolia } from "../config/presets.ts";
import { nextBaseFee } from "./baseFee.ts";

describeWithFixtures("base fee on real OP Sepolia headers", (fixtures) => {
  test("blocks 26207960–26207962 from their parents", () => {
    const header = (n: number) =>
      fixtures.json<{
        parent_header: { baseFeePerGas: string; gasUsed: string; gasLimit: string; extraData: `0x${string}` };
      }>(`kona/executor/block-${n + 1}.fixture.json`).parent_header;
    for (const n of [26207960, 26207961, 26207962]) {
      const parent = header(n - 1);
      const child = header(n);
      const fee = nextBaseFee(
        {
          baseFee: BigInt(parent.baseFeePerGas),
          gasUsed: BigInt(parent.gasUsed),
          gasLimit: BigInt(parent.gasLimit),
          extraData: parent.extraData,
        },
        "holocene",
        opSepolia.chainOpConfig as NonNullable<typeof opSepolia.chainOpConfig>,
      );
      assert.equal(fee, BigInt(child.baseFeePerGas), `block ${n}`);
    }
  });
});
