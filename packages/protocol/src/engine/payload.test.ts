import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { EMPTY_ROOT_HASH } from "../blocks/header.ts";
import { ConfigError } from "../errors.ts";
import {
  executionPayloadFromJson,
  payloadAttributesFromJson,
  payloadAttributesToJson,
  payloadFromHeader,
  payloadToHeader,
} from "./payload.ts";

const h = (byte: string) => `0x${byte.repeat(32)}`;
const payloadJson = {
  parentHash: h("01"),
  feeRecipient: `0x${"42".repeat(20)}`,
  stateRoot: h("02"),
  receiptsRoot: h("03"),
  logsBloom: `0x${"00".repeat(256)}`,
  prevRandao: h("04"),
  blockNumber: "0x10",
  gasLimit: "0x1c9c380",
  gasUsed: "0x0",
  timestamp: "0x64",
  extraData: "0x",
  baseFeePerGas: "0x7",
  blockHash: h("05"),
  transactions: [],
};

describe("execution payloads", () => {
  test("payloadFromHeader inverts payloadToHeader: pre-Canyon, Canyon and Isthmus payloads", () => {
    const shapes = [
      payloadJson,
      { ...payloadJson, withdrawals: [] },
      { ...payloadJson, withdrawals: [], withdrawalsRoot: h("09"), blobGasUsed: "0x0", excessBlobGas: "0x0" },
    ];
    for (const [i, json] of shapes.entries()) {
      const payload = executionPayloadFromJson(json);
      const header = payloadToHeader(payload);
      assert.deepEqual(payloadFromHeader(header, payload.blockHash, payload.transactions, i === 2), payload);
    }
  });

  test("withdrawalsRoot: none before Canyon, the empty root for [] after, OP's field from Isthmus", () => {
    assert.equal(payloadToHeader(executionPayloadFromJson(payloadJson)).withdrawalsRoot, undefined);
    assert.equal(
      payloadToHeader(executionPayloadFromJson({ ...payloadJson, withdrawals: [] })).withdrawalsRoot,
      EMPTY_ROOT_HASH,
    );
    const isthmus = executionPayloadFromJson({
      ...payloadJson,
      withdrawals: [],
      withdrawalsRoot: h("09"),
      blobGasUsed: "0x0",
      excessBlobGas: "0x0",
    });
    const header = payloadToHeader(isthmus, {
      parentBeaconBlockRoot: h("0a") as `0x${string}`,
      requestsHash: h("0b") as `0x${string}`,
    });
    assert.equal(header.withdrawalsRoot, h("09"));
    assert.equal(header.requestsHash, h("0b"));
  });

  test("malformed JSON names the field", () => {
    assert.throws(
      () => executionPayloadFromJson({ ...payloadJson, blockNumber: "0x010" }),
      (e: unknown) => e instanceof ConfigError && e.meta.key === "executionPayload.blockNumber",
    );
    assert.throws(
      () =>
        payloadAttributesFromJson({
          timestamp: "0x1",
          prevRandao: h("00"),
          suggestedFeeRecipient: `0x${"00".repeat(20)}`,
        }),
      (e: unknown) => e instanceof ConfigError && e.meta.key === "payloadAttributes.gasLimit",
    );
  });

  test("payload attributes survive JSON both ways, Jovian min base fee included", () => {
    const attributes = payloadAttributesFromJson({
      timestamp: "0x6553f102",
      prevRandao: h("11"),
      suggestedFeeRecipient: "0x4200000000000000000000000000000000000011",
      withdrawals: [],
      parentBeaconBlockRoot: h("22"),
      transactions: ["0x7e00"],
      noTxPool: true,
      gasLimit: "0x1c9c380",
      eip1559Params: "0x000000fa00000006",
      minBaseFee: "0x3e8",
    });
    assert.deepEqual(attributes.minBaseFee, 1000n);
    assert.deepEqual(payloadAttributesFromJson(payloadAttributesToJson(attributes)), attributes);
    assert.equal(payloadAttributesToJson(attributes).gasLimit, "0x1c9c380");
  });
});
