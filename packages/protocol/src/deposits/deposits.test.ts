import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { bigIntToFixedBytes, bytesToHex, concatBytes } from "../encoding/bytes.ts";
import type { Hash } from "../types/primitives.ts";
import {
  DEPOSIT_EVENT_TOPIC,
  DEPOSIT_EVENT_VERSION_0,
  decodeDepositLog,
  encodeDepositLogData,
  type ReceiptLog,
  userDeposits,
} from "./depositLog.ts";
import {
  applyL1ToL2Alias,
  DepositError,
  decodeDepositTx,
  encodeDepositTx,
  undoL1ToL2Alias,
} from "./depositTx.ts";
import { userDepositSourceHash } from "./sourceHash.ts";

const portal = "0xbeb5fc579115071764c7423a4f12edde41f106ed" as const;
const l1Hash: Hash = `0x${"ab".repeat(32)}`;
const topicOf = (address: string): Hash => bytesToHex(bigIntToFixedBytes(BigInt(address), 32));
const from = "0x1111111111111111111111111111111111111111";
const to = "0x2222222222222222222222222222222222222222";

function depositLog(
  overrides: Partial<ReceiptLog> = {},
  deposit = {
    to: to as `0x${string}` | null,
    mint: 5n,
    value: 7n,
    gas: 100_000n,
    data: Uint8Array.of(1, 2, 3),
  },
): ReceiptLog {
  return {
    address: portal,
    topics: [DEPOSIT_EVENT_TOPIC, topicOf(from), topicOf(to), DEPOSIT_EVENT_VERSION_0],
    data: encodeDepositLogData(deposit),
    logIndex: 3,
    ...overrides,
  };
}

function reason(log: ReceiptLog): string {
  try {
    decodeDepositLog(log, l1Hash);
    return "ok";
  } catch (error) {
    assert.ok(error instanceof DepositError);
    return error.message;
  }
}

describe("deposits", () => {
  test("a TransactionDeposited log becomes the deposit tx, and the tx round-trips", () => {
    const tx = decodeDepositLog(depositLog(), l1Hash);
    assert.deepEqual(
      { ...tx, data: [...tx.data] },
      {
        sourceHash: userDepositSourceHash(l1Hash, 3),
        from,
        to,
        mint: 5n,
        value: 7n,
        gas: 100_000n,
        isSystemTx: false,
        data: [1, 2, 3],
      },
    );
    assert.deepEqual(decodeDepositTx(encodeDepositTx(tx)), tx);
    const creation = decodeDepositLog(
      depositLog({}, { to: null, mint: 0n, value: 0n, gas: 1n, data: new Uint8Array(0) }),
      l1Hash,
    );
    assert.equal(creation.to, null);
  });

  test("malformed logs are rejected with op-node's reasons", () => {
    const good = depositLog();
    assert.match(reason({ ...good, topics: good.topics.slice(0, 3) }), /expected 4 event topics/);
    assert.match(reason({ ...good, topics: [topicOf(to), ...good.topics.slice(1)] }), /selector/);
    assert.match(
      reason({ ...good, topics: [...good.topics.slice(0, 3), topicOf("0x1")] }),
      /invalid deposit version/,
    );
    assert.match(reason({ ...good, data: good.data.subarray(0, 63) }), /incomplete opaqueData/);
    assert.match(reason({ ...good, data: concatBytes([good.data, Uint8Array.of(0)]) }), /multiple of 32/);
    const badOffset = good.data.slice();
    badOffset[31] = 64;
    assert.match(reason({ ...good, data: badOffset }), /offset/);
    const padded = concatBytes([good.data, new Uint8Array(32)]);
    assert.match(reason({ ...good, data: padded }), /slice header length/);
    const short = encodeDepositLogData({ to, mint: 0n, value: 0n, gas: 0n, data: new Uint8Array(0) }).slice();
    short[63] = 72; // claims 72 opaque bytes: one short of mint, value, gas and isCreation
    assert.match(reason({ ...good, data: short }), /opaqueData length/);
  });

  test("user deposits skip failed receipts and other contracts, and collect errors", () => {
    const result = userDeposits(
      [
        { status: "success", logs: [depositLog({ logIndex: 0 }), depositLog({ logIndex: 1, address: to })] },
        { status: "reverted", logs: [depositLog({ logIndex: 2 })] },
        {
          status: "success",
          logs: [depositLog({ logIndex: 3, data: new Uint8Array(10) }), depositLog({ logIndex: 4 })],
        },
      ],
      portal,
      l1Hash,
    );
    assert.deepEqual(
      result.deposits.map((d) => d.sourceHash),
      [userDepositSourceHash(l1Hash, 0), userDepositSourceHash(l1Hash, 4)],
    );
    assert.equal(result.errors.length, 1);
    assert.match(result.errors[0]?.message ?? "", /receipt 2, log 0/);
  });

  test("address aliasing adds 0x1111…1111 modulo 2^160", () => {
    assert.equal(
      applyL1ToL2Alias("0x0000000000000000000000000000000000000000"),
      "0x1111000000000000000000000000000000001111",
    );
    assert.equal(
      applyL1ToL2Alias("0xffffffffffffffffffffffffffffffffffffffff"),
      "0x1111000000000000000000000000000000001110",
    );
    assert.equal(undoL1ToL2Alias(applyL1ToL2Alias(from)), from);
  });
});
