import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { decodeDepositTx } from "../deposits/depositTx.ts";
import { createAddress, upgradeForks, upgradeTransactions } from "./upgradeTransactions.ts";

describe("upgrade transactions", () => {
  test("implementation addresses are the deployers' first CREATE addresses", () => {
    assert.equal(
      createAddress("0x4210000000000000000000000000000000000000"),
      "0x07dbe8500fc591d1852b76fee44d5a05e13097ff",
    );
    assert.equal(
      createAddress("0x4210000000000000000000000000000000000002"),
      "0xa919894851548179a0750865e7974da599c0fac7",
    );
  });

  test("every fork's txs are deposits from the spec's senders, none a system tx", () => {
    const counts = upgradeForks.map((fork) => upgradeTransactions(fork).length);
    assert.deepEqual(counts, [6, 3, 8, 5, 4]);
    for (const fork of upgradeForks) {
      for (const tx of upgradeTransactions(fork)) {
        const deposit = decodeDepositTx(tx);
        assert.equal(deposit.isSystemTx, false);
        assert.equal(deposit.mint, 0n);
      }
    }
  });
});
