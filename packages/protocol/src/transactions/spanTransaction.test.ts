import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { BatchError } from "../batches/batchError.ts";
import { bytesToHex, concatBytes } from "../encoding/bytes.ts";
import { rlpDecodeList, rlpEncodeList, rlpEncodeString, rlpEncodeUint, rlpUint } from "../encoding/rlp.ts";
import { spanTransactions, TEST_CHAIN_ID } from "../testing/transactions.ts";
import { buildTransaction, toSpanTransaction, transactionType } from "./spanTransaction.ts";

function reason(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (error) {
    assert.ok(error instanceof BatchError, String(error));
    return error.meta.reason;
  }
}

describe("span-batch transactions", () => {
  test("split and rebuild are inverse for every type", () => {
    for (const tx of spanTransactions()) {
      const signed = buildTransaction(tx, TEST_CHAIN_ID);
      assert.equal(transactionType(signed), tx.type);
      const back = toSpanTransaction(signed, TEST_CHAIN_ID);
      assert.deepEqual(back, tx, `type ${tx.type}`);
      assert.equal(bytesToHex(buildTransaction(back, TEST_CHAIN_ID)), bytesToHex(signed));
    }
  });

  test("legacy v: EIP-155 protected uses the chain id, unprotected 27/28", () => {
    const [protectedTx, plainTx] = spanTransactions();
    const v = (tx: Uint8Array) => {
      const items = rlpDecodeList(tx);
      return rlpUint(tx, items[6]!, 32, "v");
    };
    assert.equal(
      v(buildTransaction(protectedTx!, TEST_CHAIN_ID)),
      TEST_CHAIN_ID * 2n + 35n + BigInt(protectedTx!.yParity),
    );
    assert.equal(v(buildTransaction(plainTx!, TEST_CHAIN_ID)), 27n + BigInt(plainTx!.yParity));
  });

  test("rebuilding rejects what op-node's field decoding rejects", () => {
    const base = spanTransactions()[4]!; // a 1559 tx
    const with2 = (fields: Uint8Array[]) => ({
      ...base,
      data: concatBytes([Uint8Array.of(2), rlpEncodeList(fields)]),
    });
    const ok = [
      rlpEncodeUint(0),
      rlpEncodeUint(1),
      rlpEncodeUint(2),
      rlpEncodeString(new Uint8Array(0)),
      rlpEncodeList([]),
    ];
    assert.equal(
      reason(() => buildTransaction(with2(ok), TEST_CHAIN_ID)),
      "ok",
    );
    assert.equal(
      reason(() => buildTransaction(with2(ok.slice(0, 4)), TEST_CHAIN_ID)),
      "invalid tx fields",
    );
    assert.equal(
      reason(() => buildTransaction(with2([...ok, rlpEncodeUint(1)]), TEST_CHAIN_ID)),
      "invalid tx fields",
    );
    assert.equal(
      reason(() => buildTransaction(with2([Uint8Array.of(0x81, 0x01), ...ok.slice(1)]), TEST_CHAIN_ID)),
      "invalid tx fields",
    );
    const badAccess = rlpEncodeList([
      rlpEncodeList([rlpEncodeString(new Uint8Array(19)), rlpEncodeList([])]),
    ]);
    assert.equal(
      reason(() => buildTransaction(with2([...ok.slice(0, 4), badAccess]), TEST_CHAIN_ID)),
      "invalid tx fields",
    );
    assert.equal(
      reason(() =>
        buildTransaction(
          { ...base, type: 3, data: concatBytes([Uint8Array.of(3), rlpEncodeList(ok)]) },
          TEST_CHAIN_ID,
        ),
      ),
      "unsupported tx type",
    );
    const setCode = spanTransactions()[6]!;
    assert.equal(
      reason(() => buildTransaction({ ...setCode, to: null }, TEST_CHAIN_ID)),
      "contract creation not allowed",
    );
  });

  test("deposits, blob txs and other chains' txs cannot go into a span batch", () => {
    assert.equal(
      reason(() => toSpanTransaction(Uint8Array.of(0x7e, 0xc0), TEST_CHAIN_ID)),
      "not a span batch transaction",
    );
    assert.equal(
      reason(() => toSpanTransaction(Uint8Array.of(0x03, 0xc0), TEST_CHAIN_ID)),
      "not a span batch transaction",
    );
    const signed = buildTransaction(spanTransactions()[4]!, TEST_CHAIN_ID);
    assert.equal(
      reason(() => toSpanTransaction(signed, 1n)),
      "chain id mismatch",
    );
    const legacy = buildTransaction(spanTransactions()[0]!, TEST_CHAIN_ID);
    assert.equal(
      reason(() => toSpanTransaction(legacy, 5n)),
      "chain id mismatch",
    );
  });
});
