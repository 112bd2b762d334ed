// Real Holocene-era headers are checked in codecs2.vectors.test.ts. Isthmus-and-later fields have
// no real vector here, so these tests build such headers and check the encoding's structure.
import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { keccak256 } from "../crypto/keccak.ts";
import { bytesToHex } from "../encoding/bytes.ts";
import { rlpDecodeList, rlpString } from "../encoding/rlp.ts";
import {
  type BlockHeader,
  EMPTY_REQUESTS_HASH,
  EMPTY_UNCLES_HASH,
  encodeHeader,
  HeaderError,
  headerHash,
} from "./header.ts";

const base: BlockHeader = {
  parentHash: `0x${"11".repeat(32)}`,
  sha3Uncles: EMPTY_UNCLES_HASH,
  miner: "0x4200000000000000000000000000000000000011",
  stateRoot: `0x${"22".repeat(32)}`,
  transactionsRoot: `0x${"33".repeat(32)}`,
  receiptsRoot: `0x${"44".repeat(32)}`,
  logsBloom: `0x${"00".repeat(256)}`,
  difficulty: 0n,
  number: 100n,
  gasLimit: 30_000_000n,
  gasUsed: 21_000n,
  timestamp: 1_700_000_000n,
  extraData: "0x00000000fa00000006",
  mixHash: `0x${"55".repeat(32)}`,
  nonce: "0x0000000000000000",
  baseFeePerGas: 7n,
};

describe("block headers", () => {
  test("field count grows fork by fork; the Isthmus header carries the message-passer root and requestsHash", () => {
    const isthmus: BlockHeader = {
      ...base,
      withdrawalsRoot: `0x${"66".repeat(32)}`,
      blobGasUsed: 0n,
      excessBlobGas: 0n,
      parentBeaconBlockRoot: `0x${"77".repeat(32)}`,
      requestsHash: EMPTY_REQUESTS_HASH,
    };
    assert.equal(rlpDecodeList(encodeHeader(base)).length, 16);
    const encoded = encodeHeader(isthmus);
    const fields = rlpDecodeList(encoded);
    assert.equal(fields.length, 21);
    assert.equal(bytesToHex(rlpString(encoded, fields[16]!)), isthmus.withdrawalsRoot);
    assert.equal(bytesToHex(rlpString(encoded, fields[20]!)), EMPTY_REQUESTS_HASH);
    assert.equal(headerHash(isthmus), bytesToHex(keccak256(encoded)));
    assert.notEqual(headerHash(isthmus), headerHash({ ...isthmus, requestsHash: `0x${"00".repeat(32)}` }));
  });

  test("a later optional field without the earlier ones is refused", () => {
    assert.throws(() => encodeHeader({ ...base, requestsHash: EMPTY_REQUESTS_HASH }), HeaderError);
  });
});
