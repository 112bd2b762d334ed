import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { decodeOutputV0, encodeOutputV0, OutputRootError, outputRootV0 } from "./outputRoot.ts";
import { decodeSuperV1, encodeSuperV1, SuperRootError, superRootV1, superV1 } from "./superRoot.ts";

const h = (byte: string) => `0x${byte.repeat(32)}` as const;

describe("output and super roots", () => {
  test("output root v0 from reference/interop.md §5.1", () => {
    const output = {
      stateRoot: `0x010203${"00".repeat(29)}`,
      messagePasserStorageRoot: `0x040506${"00".repeat(29)}`,
      blockHash: `0x070809${"00".repeat(29)}`,
    } as const;
    assert.equal(outputRootV0(output), "0xee71f7339a6143212e6df5c2581f5c4ca193245c178176e6a025ab983843f0e6");
    assert.deepEqual(decodeOutputV0(encodeOutputV0(output)), output);
    const versioned = encodeOutputV0(output);
    versioned[0] = 1;
    assert.throws(() => decodeOutputV0(versioned), OutputRootError);
    assert.throws(() => decodeOutputV0(new Uint8Array(127)), OutputRootError);
  });

  test("super root v1: chains sorted by id, kona's static vector", () => {
    const root = superV1(10, [
      { chainId: 2n, output: h("00") },
      { chainId: 1n, output: h("00") },
    ]);
    assert.deepEqual(
      root.chains.map((c) => c.chainId),
      [1n, 2n],
    );
    assert.equal(superRootV1(root), "0x0980033cbf4337f614a2401ab7efbfdc66ab647812f1c98d891d92ddfb376541");
    assert.deepEqual(decodeSuperV1(encodeSuperV1(root)), root);
    assert.equal(
      superRootV1({
        timestamp: 7000,
        chains: [13n, 11n, 12n].map((id) => ({
          chainId: id,
          output: `0x0${Number(id) - 10}${"00".repeat(31)}` as const,
        })),
      }),
      "0x2c0e99209a3662fe7fe076e5248efa0e90561495fdeca80c95b1fb87355ebe48",
    );
  });

  test("malformed super roots are rejected", () => {
    for (const hex of ["", "0a", "0101", "010000000000020baa", "010000000000020baa010203"]) {
      assert.throws(
        () => decodeSuperV1(Uint8Array.from(hex.match(/../g) ?? [], (b) => Number.parseInt(b, 16))),
        SuperRootError,
        hex,
      );
    }
    assert.throws(() => superV1(1, []), SuperRootError);
  });
});
