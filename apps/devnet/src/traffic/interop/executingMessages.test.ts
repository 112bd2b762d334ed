// Executing messages on a real devnet engine (anvil --network optimism with the interop
// upgrade's CrossL2Inbox at 0x4200…0022): the valid call executes and logs ExecutingMessage, the
// same call without its access list reverts, each invalid variant executes with the identifier
// it claims (for the node to reject), and a deposit can never execute a message.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Address,
  bytesToHex,
  CROSS_L2_INBOX_ADDRESS,
  decodeExecutingMessageLog,
  encodeDepositTx,
  type Hash,
  type Hex,
  hexToBytes,
  type Identifier,
  keccak256,
  MESSAGE_EXPIRY_WINDOW_SECONDS,
  userDepositSourceHash,
} from "@supernode/protocol";
import { encodeFunctionData, getContractAddress } from "viem";
import type { AnvilProcess } from "../../anvil/anvilProcess.ts";
import { crossL2InboxCode } from "../../contracts/interopPredeploys.ts";
import { buildBlock, genesisBlock, type SealedBlock } from "../../engine/blockBuilder.ts";
import { startEngineAnvil } from "../../engine/engineAnvil.ts";
import {
  blockAttributes,
  CHAIN_ID,
  GENESIS_TIME,
  l1InfoTxFor,
  rules,
  timestampOf,
  user,
} from "../../engine/testChain.ts";
import {
  crossL2InboxAbi,
  type ExecutingMessageCall,
  type ExecutingMessageKind,
  executingMessage,
  type InitiatingMessage,
  initiatingMessage,
  messageHash,
  validateMessageCalldata,
  withExpiredTimestamp,
  withFutureTimestamp,
  withUnknownChainId,
  withWrongPayloadHash,
} from "./executingMessages.ts";
import {
  EMITTER_INITCODE,
  EMITTER_MESSAGE_TOPIC,
  emitMessageCalldata,
  emitterLog,
} from "./initiatingMessages.ts";

const message: InitiatingMessage = {
  identifier: {
    origin: "0x00000000000000000000000000000000000e0117",
    blockNumber: 5n,
    logIndex: 3,
    timestamp: BigInt(GENESIS_TIME + 10),
    chainId: 901n,
  },
  payload: hexToBytes("0x1234"),
};

describe("executing-message builders (pure)", () => {
  test("validateMessage calldata: selector 0xab4d6f75, the Identifier's five words, then msgHash", () => {
    const msgHash = messageHash(message);
    expect(msgHash).toBe(bytesToHex(keccak256(hexToBytes("0x1234"))));
    const data = validateMessageCalldata(message.identifier, msgHash);
    expect(data.slice(0, 10)).toBe("0xab4d6f75");
    expect((data.length - 10) / 64).toBe(6);
    expect(data.slice(-64)).toBe(msgHash.slice(2));
    expect(data.slice(10 + 64 * 2, 10 + 64 * 3)).toBe("3".padStart(64, "0")); // logIndex
  });

  test("each invalid variant changes only what it names, and declares what it claims", () => {
    const valid = executingMessage("valid", message, { execTimestamp: 0n, unknownChainId: 0n });
    const exec = message.identifier.timestamp + 100n;
    const wrongHash = withWrongPayloadHash(message);
    expect(wrongHash.identifier).toEqual(message.identifier);
    expect(wrongHash.msgHash).not.toBe(valid.msgHash);
    expect(withUnknownChainId(message, 4242n).identifier).toEqual({ ...message.identifier, chainId: 4242n });
    expect(withFutureTimestamp(message, exec).identifier.timestamp).toBe(exec + 1n);
    expect(() => withFutureTimestamp(message, exec, 0n)).toThrow(RangeError);
    const expired = withExpiredTimestamp(message, exec);
    expect(expired.identifier.timestamp).toBe(exec - BigInt(MESSAGE_EXPIRY_WINDOW_SECONDS) - 1n);
    // A message that really is older than the window keeps its own timestamp.
    const late = message.identifier.timestamp + BigInt(MESSAGE_EXPIRY_WINDOW_SECONDS) + 1n;
    expect(withExpiredTimestamp(message, late).identifier).toEqual(message.identifier);
    // At exactly the window the message is still valid, so it is not kept as "expired".
    const atWindow = message.identifier.timestamp + BigInt(MESSAGE_EXPIRY_WINDOW_SECONDS);
    expect(withExpiredTimestamp(message, atWindow).identifier.timestamp).toBe(
      message.identifier.timestamp - 1n,
    );
    for (const call of [valid, wrongHash, expired]) {
      expect(call.to).toBe(CROSS_L2_INBOX_ADDRESS);
      expect(call.accessList).toHaveLength(1);
      expect(call.accessList[0]?.address).toBe(CROSS_L2_INBOX_ADDRESS);
      expect(call.accessList[0]?.storageKeys).toHaveLength(2);
    }
    expect(wrongHash.accessList[0]?.storageKeys[1]).not.toBe(valid.accessList[0]?.storageKeys[1]);
    expect(
      executingMessage("undeclared", message, { execTimestamp: 0n, unknownChainId: 0n }).accessList,
    ).toEqual([]);
  });

  test("initiatingMessage takes the log's address and topics ‖ data", () => {
    const log = emitterLog("0x00000000000000000000000000000000000E0117", user.address, "0xabcd");
    const m = initiatingMessage(log, { chainId: 901n, blockNumber: 5n, timestamp: 7n, logIndex: 2 });
    expect(m.identifier).toEqual({
      origin: "0x00000000000000000000000000000000000e0117",
      blockNumber: 5n,
      logIndex: 2,
      timestamp: 7n,
      chainId: 901n,
    });
    expect(bytesToHex(m.payload.subarray(0, 32))).toBe(EMITTER_MESSAGE_TOPIC);
    expect(m.payload.length).toBe(64 + log.data.length);
  });
});

interface RpcReceipt {
  status: Hex;
  transactionHash: Hash;
  logs: { address: Address; topics: Hash[]; data: Hex; logIndex: Hex }[];
}

describe("executing messages on a devnet engine", () => {
  let anvil: AnvilProcess;
  let head: SealedBlock;
  let nonce = 0;

  const signed = (tx: { to: Address | null; data: Hex; accessList?: ExecutingMessageCall["accessList"] }) =>
    user.signTransaction({
      chainId: CHAIN_ID,
      type: "eip1559",
      nonce: nonce++,
      ...(tx.to === null ? {} : { to: tx.to }),
      data: tx.data,
      gas: 500_000n,
      maxFeePerGas: 10_000_000_000n,
      maxPriorityFeePerGas: 1n,
      accessList: (tx.accessList ?? []).map((entry) => ({
        address: entry.address,
        storageKeys: [...entry.storageKeys],
      })),
    });

  async function build(n: number, transactions: Hex[]): Promise<RpcReceipt[]> {
    const attributes = await blockAttributes(n);
    head = await buildBlock(anvil, rules, head, {
      ...attributes,
      transactions: [l1InfoTxFor(n), ...transactions].map((tx) => hexToBytes(tx)),
    });
    return anvil.rpc<RpcReceipt[]>("eth_getBlockReceipts", ["latest"]);
  }

  beforeAll(async () => {
    anvil = await startEngineAnvil(mkdtempSync(join(tmpdir(), "devnet-interop-")), {
      chainId: CHAIN_ID,
      timestamp: GENESIS_TIME,
      gasLimit: 30_000_000n,
      baseFee: 1_000_000n,
      alloc: {
        [CROSS_L2_INBOX_ADDRESS]: { code: crossL2InboxCode(), balance: "0x0" },
        [user.address]: { balance: `0x${(10n ** 19n).toString(16)}` },
      },
    });
    head = await genesisBlock(anvil, rules);
  });
  afterAll(() => anvil?.stop());

  test("a valid message executes with an ExecutingMessage log; without the access list it reverts", async () => {
    // Block 1: deploy the Emitter and emit twice; the second log is the initiating message.
    const emitter = getContractAddress({ from: user.address, nonce: BigInt(nonce) });
    const block1 = await build(1, [
      await signed({ to: null, data: EMITTER_INITCODE }),
      await signed({ to: emitter, data: emitMessageCalldata("0x01") }),
      await signed({ to: emitter, data: emitMessageCalldata("0xc0ffee") }),
    ]);
    expect(block1.map((r) => r.status)).toEqual(["0x1", "0x1", "0x1", "0x1"]);
    const logs = block1.flatMap((r) => r.logs);
    const log = logs[1];
    if (!log) throw new Error("no initiating log");
    expect(Number(log.logIndex)).toBe(1); // block-global
    expect({ ...log, logIndex: undefined, data: hexToBytes(log.data) }).toMatchObject(
      emitterLog(emitter, user.address, "0xc0ffee"),
    );
    const initiating = initiatingMessage(log, {
      chainId: BigInt(CHAIN_ID),
      blockNumber: 1n,
      timestamp: BigInt(timestampOf(1)),
      logIndex: Number(log.logIndex),
    });

    // The installed CrossL2Inbox computes the same checksum as the access list declares.
    const valid = executingMessage("valid", initiating, { execTimestamp: 0n, unknownChainId: 0n });
    const onChainChecksum = await anvil.rpc<Hash>("eth_call", [
      {
        from: user.address,
        to: CROSS_L2_INBOX_ADDRESS,
        data: encodeFunctionData({
          abi: crossL2InboxAbi,
          functionName: "calculateChecksum",
          args: [
            { ...initiating.identifier, logIndex: BigInt(initiating.identifier.logIndex) },
            valid.msgHash,
          ],
        }),
      },
      "latest",
    ]);
    expect(valid.accessList[0]?.storageKeys.at(-1)).toBe(onChainChecksum);

    // Block 2: a deposit trying to execute it, then every kind of executing message.
    const execTimestamp = BigInt(timestampOf(2));
    const context = { execTimestamp, unknownChainId: 4242n };
    const kinds: ExecutingMessageKind[] = [
      "valid",
      "undeclared",
      "wrongPayloadHash",
      "unknownChainId",
      "futureTimestamp",
      "expired",
    ];
    const calls = kinds.map((kind) => executingMessage(kind, initiating, context));
    const deposit = bytesToHex(
      encodeDepositTx({
        sourceHash: userDepositSourceHash(`0x${"ab".repeat(32)}`, 0),
        from: "0x000000000000000000000000000000000000f00d",
        to: CROSS_L2_INBOX_ADDRESS,
        mint: 0n,
        value: 0n,
        gas: 500_000n,
        isSystemTx: false,
        data: hexToBytes(valid.data),
      }),
    );
    const block2 = await build(2, [deposit, ...(await Promise.all(calls.map((call) => signed(call))))]);
    const [, depositReceipt, ...receipts] = block2;
    expect(depositReceipt?.status).toBe("0x0"); // no access list on a deposit: never an executing message
    expect(depositReceipt?.logs).toEqual([]);

    const executed = (receipt: RpcReceipt | undefined) =>
      receipt?.logs.map((l) =>
        decodeExecutingMessageLog({ address: l.address, topics: l.topics, data: hexToBytes(l.data) }),
      );
    const byKind = Object.fromEntries(kinds.map((kind, i) => [kind, receipts[i]]));
    expect(byKind.undeclared?.status).toBe("0x0");
    expect(byKind.undeclared?.logs).toEqual([]);
    for (const [i, kind] of kinds.entries()) {
      if (kind === "undeclared") continue;
      const call = calls[i] as ExecutingMessageCall;
      expect({ kind, status: byKind[kind]?.status }).toEqual({ kind, status: "0x1" });
      expect(byKind[kind]?.logs[0]?.address).toBe(CROSS_L2_INBOX_ADDRESS);
      expect(executed(byKind[kind])).toEqual([{ msgHash: call.msgHash, identifier: call.identifier }]);
    }
    // What the valid one points at is exactly the initiating log; the invalid ones are not.
    const claimed = (kind: ExecutingMessageKind): Identifier =>
      calls[kinds.indexOf(kind)]?.identifier as Identifier;
    expect(claimed("valid")).toEqual(initiating.identifier);
    expect(executed(byKind.valid)?.[0]?.msgHash).toBe(bytesToHex(keccak256(initiating.payload)));
    expect(claimed("unknownChainId").chainId).toBe(4242n);
    expect(claimed("futureTimestamp").timestamp).toBeGreaterThan(execTimestamp);
    expect(claimed("expired").timestamp + BigInt(MESSAGE_EXPIRY_WINDOW_SECONDS)).toBeLessThan(execTimestamp);
  }, 60_000);
});
