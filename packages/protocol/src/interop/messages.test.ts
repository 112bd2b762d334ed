import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { bytesToHex } from "../encoding/bytes.ts";
import type { Hash } from "../types/primitives.ts";
import {
  accessListEntries,
  buildAccessList,
  CROSS_L2_INBOX_ADDRESS,
  declaresMessage,
  decodeExecutingMessageLog,
  EXECUTING_MESSAGE_TOPIC,
  encodeIdentifier,
  executingMessageLog,
  type Identifier,
  logHash,
  MessageError,
  messageChecksum,
  parseAccessList,
  payloadHash,
} from "./messages.ts";

const id: Identifier = {
  origin: "0xe0e1e2e3e4e5e6e7e8e9f0f1f2f3f4f5f6f7f8f9",
  blockNumber: 0xa1a2a3a4a5a6a7a8n,
  logIndex: 0xb1b2b3b4,
  timestamp: 0xc1c2c3c4c5c6c7c8n,
  chainId: 0xd1d2d3d4d5d6d7d8n,
};
const msgHash = payloadHash({ topics: [], data: new TextEncoder().encode("example payload") });

describe("interop messages", () => {
  test("the hash chain of reference/interop.md §1.4 (timestamp before log index)", () => {
    assert.equal(bytesToHex(msgHash), "0x8017559a85b12c04b14a1a425d53486d1015f833714a09bd62f04152a7e2ae9b");
    const lh = logHash(id.origin, msgHash);
    assert.equal(bytesToHex(lh), "0xf9ed05990c887d3f86718aabd7e940faaa75d6a5cd44602e89642586ce85f2aa");
    assert.equal(
      bytesToHex(messageChecksum(id, lh)),
      "0x03749e87fd7789575de9906569deb05aaf220dc4cfab3d8abbfd34a2e1d7d357",
    );
    const swapped = messageChecksum({ ...id, logIndex: 0xc1c2c3c4, timestamp: 0xb1b2b3b4n }, lh);
    assert.notEqual(
      bytesToHex(swapped),
      "0x03749e87fd7789575de9906569deb05aaf220dc4cfab3d8abbfd34a2e1d7d357",
    );
  });

  test("access list: lookup, extension only for chain ids over 64 bits, checksum; parse back", () => {
    const entries = buildAccessList([{ identifier: id, msgHash }]);
    assert.deepEqual(entries, [
      "0x01000000d1d2d3d4d5d6d7d8a1a2a3a4a5a6a7a8c1c2c3c4c5c6c7c8b1b2b3b4",
      "0x03749e87fd7789575de9906569deb05aaf220dc4cfab3d8abbfd34a2e1d7d357",
    ]);
    const big = { ...id, chainId: 0x070000000000000000000000000000000000000000000000000000000000000an };
    const bigEntries = accessListEntries(big, messageChecksum(big, logHash(id.origin, msgHash)));
    assert.equal(bigEntries[1], "0x0200000000000000070000000000000000000000000000000000000000000000");
    const groups = parseAccessList([...entries, ...bigEntries]);
    assert.deepEqual(
      groups.map((g) => g.chainId),
      [id.chainId, big.chainId],
    );
    assert.ok(declaresMessage(groups[0]!, id, msgHash));
    assert.ok(!declaresMessage(groups[0]!, { ...id, logIndex: 1 }, msgHash));
  });

  test("malformed access lists are rejected whole", () => {
    const [lookup, checksum] = buildAccessList([{ identifier: id, msgHash }]) as [Hash, Hash];
    const bad = (keys: Hash[]) =>
      assert.throws(() => parseAccessList(keys), MessageError, JSON.stringify(keys));
    bad([checksum]);
    bad([lookup]);
    bad([lookup, lookup, checksum]);
    bad([`0x0101${lookup.slice(6)}` as Hash, checksum]);
    bad([lookup, checksum, lookup]);
    bad([lookup, `0x02ff${"00".repeat(30)}`, checksum]);
  });

  test("ExecutingMessage logs: decode, encode, ignore non-matches, reject malformed matches", () => {
    const log = executingMessageLog({ msgHash: bytesToHex(msgHash), identifier: id });
    assert.equal(log.topics[0], EXECUTING_MESSAGE_TOPIC);
    assert.deepEqual(decodeExecutingMessageLog(log), { msgHash: bytesToHex(msgHash), identifier: id });
    assert.equal(
      decodeExecutingMessageLog({ ...log, address: "0x4200000000000000000000000000000000000023" }),
      null,
    );
    assert.equal(decodeExecutingMessageLog({ ...log, topics: [bytesToHex(msgHash)] }), null);
    assert.throws(
      () => decodeExecutingMessageLog({ ...log, topics: [...log.topics, bytesToHex(msgHash)] }),
      MessageError,
    );
    assert.throws(() => decodeExecutingMessageLog({ ...log, data: log.data.subarray(0, 159) }), MessageError);
    const padded = encodeIdentifier(id).slice();
    padded[32 + 23] = 1; // blockNumber word above 64 bits
    assert.throws(
      () => decodeExecutingMessageLog({ address: CROSS_L2_INBOX_ADDRESS, topics: log.topics, data: padded }),
      /padding/,
    );
  });
});
