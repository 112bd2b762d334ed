// Real OP Sepolia blocks (kona's executor fixtures): the attributes of block N and the header of
// block N (the parent header of fixture N+1) make the payload whose hash is block N's hash.
import assert from "node:assert/strict";
import { describeWithFixtures } from "@supernode/test-helpers/fixtures";
import { test } from "@supernode/test-helpers/harness";
import {
  executionPayloadFromJson,
  executionPayloadToJson,
  payloadAttributesFromJson,
  payloadBlockHash,
  payloadToHeader,
} from "./payload.ts";

interface Fixture {
  executing_payload: Record<string, unknown> & {
    transactions: string[];
    parentBeaconBlockRoot: `0x${string}`;
  };
  parent_header: Record<string, string>;
  expected_block_hash: string;
}

describeWithFixtures("execution payloads of real OP Sepolia blocks", (fixtures) => {
  const fixture = (n: number) => fixtures.json<Fixture>(`kona/executor/block-${n}.fixture.json`);
  for (const n of [26207960, 26207961, 26207962]) {
    test(`block ${n}: attributes parse; payload → header → hash`, () => {
      const attributes = payloadAttributesFromJson(fixture(n).executing_payload);
      assert.equal(attributes.noTxPool, false);
      assert.equal(attributes.eip1559Params, "0x000000fa00000006");
      const header = fixture(n + 1).parent_header;
      const payload = executionPayloadFromJson({
        parentHash: header.parentHash,
        feeRecipient: header.miner,
        stateRoot: header.stateRoot,
        receiptsRoot: header.receiptsRoot,
        logsBloom: header.logsBloom,
        prevRandao: header.mixHash,
        blockNumber: header.number,
        gasLimit: header.gasLimit,
        gasUsed: header.gasUsed,
        timestamp: header.timestamp,
        extraData: header.extraData,
        baseFeePerGas: header.baseFeePerGas,
        blockHash: fixture(n).expected_block_hash,
        transactions: fixture(n).executing_payload.transactions,
        withdrawals: [],
        blobGasUsed: header.blobGasUsed,
        excessBlobGas: header.excessBlobGas,
      });
      const context = { parentBeaconBlockRoot: attributes.parentBeaconBlockRoot as `0x${string}` };
      assert.equal(payloadToHeader(payload, context).transactionsRoot, header.transactionsRoot);
      assert.equal(payloadBlockHash(payload, context), fixture(n).expected_block_hash);
      assert.deepEqual(executionPayloadFromJson(executionPayloadToJson(payload)), payload);
    });
  }
});
