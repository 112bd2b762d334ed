// The executing-message call the traffic generator sends, against the message vectors of
// ../shared/fixtures/interop-vectors (op-core/interop/messages/messages_test.go and
// reference/interop.md §1.4–1.5): the access-list storage keys, the msgHash and the calldata.
import { expect, test } from "bun:test";
import { type Address, CROSS_L2_INBOX_ADDRESS, type Hash, type Hex } from "@supernode/protocol";
import { describeWithFixtures } from "@supernode/test-helpers/fixtures";
import { executingMessageCall, validExecutingMessage } from "./executingMessages.ts";

interface VectorIdentifier {
  origin?: Address;
  blockNumber: Hex;
  logIndex: Hex;
  timestamp: Hex;
  chainId: Hex;
}

interface ChecksumVector {
  name: string;
  identifier: VectorIdentifier;
  payloadUtf8?: string;
  msgHash?: Hash;
  checksum: Hash;
  lookupEntry: Hash;
  chainIdExtensionEntry?: Hash;
  accessListStorageKeys?: Hash[];
  executingMessageLog?: { data: Hex };
}

const identifierOf = (id: VectorIdentifier, origin: Address) => ({
  origin,
  blockNumber: BigInt(id.blockNumber),
  logIndex: Number(id.logIndex),
  timestamp: BigInt(id.timestamp),
  chainId: BigInt(id.chainId),
});

describeWithFixtures("executing-message calls on the interop message vectors", (fixtures) => {
  const vectors = fixtures.json<{ messageChecksum: ChecksumVector[] }>(
    "interop-vectors/interop-vectors.json",
  ).messageChecksum;
  const [plain, extended] = vectors;

  test("go-messages-test: lookup and checksum keys under CrossL2Inbox, msgHash of the payload, calldata", () => {
    if (!plain?.identifier.origin || !plain.payloadUtf8 || !plain.executingMessageLog)
      throw new Error("vector go-messages-test is incomplete");
    const identifier = identifierOf(plain.identifier, plain.identifier.origin);
    const call = validExecutingMessage({ identifier, payload: new TextEncoder().encode(plain.payloadUtf8) });
    expect(call.msgHash).toBe(plain.msgHash as Hash);
    expect(call.accessList).toEqual([
      { address: CROSS_L2_INBOX_ADDRESS, storageKeys: plain.accessListStorageKeys ?? [] },
    ]);
    expect(call.accessList[0]?.storageKeys).toEqual([plain.lookupEntry, plain.checksum]);
    // validateMessage(Identifier, bytes32): selector, the ExecutingMessage log's data, msgHash.
    expect(call.data).toBe(`0xab4d6f75${plain.executingMessageLog.data.slice(2)}${call.msgHash.slice(2)}`);
  });

  test("a chain id wider than 64 bits: lookup, chain-id extension, checksum", () => {
    if (!plain?.identifier.origin || !plain.msgHash || !extended?.chainIdExtensionEntry)
      throw new Error("vector large-chain-id-with-extension-entry is incomplete");
    // The vector shares the first one's origin and msgHash (its logHash is the same).
    const call = executingMessageCall(
      identifierOf(extended.identifier, plain.identifier.origin),
      plain.msgHash,
    );
    expect(call.accessList[0]?.storageKeys).toEqual([
      extended.lookupEntry,
      extended.chainIdExtensionEntry,
      extended.checksum,
    ]);
  });
});
