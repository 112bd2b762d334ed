// SystemConfig updates, one test per rule (reference/derivation.md §1.9).
import { describe, expect, test } from "bun:test";
import {
  bigIntToFixedBytes,
  concatBytes,
  type DepositReceipt,
  type Hash,
  hexToBytes,
  opSepolia,
  type ReceiptLog,
} from "@supernode/protocol";
import {
  applyConfigUpdate,
  applySystemConfigUpdates,
  CONFIG_UPDATE_TOPIC,
  ConfigUpdateError,
} from "./configUpdate.ts";

const SYSTEM_CONFIG = "0x034edd2a225f7f429a63e0f1d2084b9e0a93b538";
const base = opSepolia.genesis.systemConfig;
const word = (value: bigint) => bigIntToFixedBytes(value, 32);
const topic = (value: number): Hash => `0x${value.toString(16).padStart(64, "0")}`;
/** ABI `bytes` data: offset 32, length, payload padded to 32. */
const abi = (payload: Uint8Array) =>
  concatBytes([
    word(32n),
    word(BigInt(payload.length)),
    payload,
    new Uint8Array((32 - (payload.length % 32)) % 32),
  ]);
const update = (type: number, payload: Uint8Array, extra: Partial<ReceiptLog> = {}): ReceiptLog => ({
  address: SYSTEM_CONFIG,
  topics: [CONFIG_UPDATE_TOPIC, topic(0), topic(type)],
  data: abi(payload),
  logIndex: 0,
  ...extra,
});
const addressWord = (address: string) => concatBytes([new Uint8Array(12), hexToBytes(address as Hash)]);

describe("system config updates", () => {
  test("bedrock: the ConfigUpdate topic is keccak of its signature", () => {
    expect(CONFIG_UPDATE_TOPIC).toBe("0x1d2b0bda21d56b8bd12d4f94ebacffdfb35f5e226f84b461103bb8beab6353be");
  });

  test("bedrock: type 0 sets the batcher address", () => {
    const batcher = "0x1111111111111111111111111111111111111111";
    expect(applyConfigUpdate(base, update(0, addressWord(batcher)), false).batcherAddr).toBe(batcher);
  });

  test("bedrock: a batcher word with non-zero high bytes is an error", () => {
    expect(() => applyConfigUpdate(base, update(0, word(2n ** 200n)), false)).toThrow(ConfigUpdateError);
  });

  test("bedrock: type 1 sets overhead and scalar as given", () => {
    const next = applyConfigUpdate(base, update(1, concatBytes([word(188n), word(684_000n)])), false);
    expect([BigInt(next.overhead), BigInt(next.scalar)]).toEqual([188n, 684_000n]);
  });

  test("ecotone: type 1 with a valid versioned scalar sets it and zeroes the overhead", () => {
    const scalar = concatBytes([
      new Uint8Array([1]),
      new Uint8Array(23),
      bigIntToFixedBytes(7n, 4),
      bigIntToFixedBytes(9n, 4),
    ]);
    const next = applyConfigUpdate(base, update(1, concatBytes([word(188n), scalar])), true);
    expect(next.scalar).toBe(`0x01${"00".repeat(23)}0000000700000009`);
    expect(BigInt(next.overhead)).toBe(0n);
  });

  test("ecotone: type 1 with an invalid scalar is ignored and the old config kept", () => {
    const badVersion = concatBytes([new Uint8Array([2]), new Uint8Array(31)]);
    const dirtyV1 = concatBytes([new Uint8Array([1, 5]), new Uint8Array(30)]);
    for (const scalar of [badVersion, dirtyV1]) {
      expect(applyConfigUpdate(base, update(1, concatBytes([word(0n), scalar])), true)).toBe(base);
    }
  });

  test("bedrock: type 2 sets the gas limit; a value beyond u64 is an error", () => {
    expect(applyConfigUpdate(base, update(2, word(60_000_000n)), false).gasLimit).toBe(60_000_000);
    expect(() => applyConfigUpdate(base, update(2, word(2n ** 64n)), false)).toThrow(
      "gas limit has non-zero high bytes",
    );
  });

  test("bedrock: type 3 (unsafe block signer) is p2p policy and changes nothing", () => {
    expect(
      applyConfigUpdate(base, update(3, addressWord("0x2222222222222222222222222222222222222222")), false),
    ).toBe(base);
  });

  test("holocene: type 4 sets the EIP-1559 params (denominator hi32, elasticity lo32)", () => {
    expect(applyConfigUpdate(base, update(4, word((250n << 32n) | 6n)), true).eip1559Params).toBe(
      "0x000000fa00000006",
    );
  });

  test("isthmus: type 5 sets the operator fee params word", () => {
    const params = concatBytes([new Uint8Array(20), bigIntToFixedBytes(3n, 4), bigIntToFixedBytes(1000n, 8)]);
    expect(applyConfigUpdate(base, update(5, params), true).operatorFeeParams).toBe(
      `0x${"00".repeat(20)}00000003${"00000000000003e8"}`,
    );
  });

  test("jovian: type 6 sets the min base fee (u64)", () => {
    expect(applyConfigUpdate(base, update(6, word(1_000_000n)), true).minBaseFee).toBe(1_000_000n);
  });

  test("jovian: type 7 sets the DA footprint gas scalar; 0 means the default 400", () => {
    expect(applyConfigUpdate(base, update(7, word(123n)), true).daFootprintGasScalar).toBe(123);
    expect(applyConfigUpdate(base, update(7, word(0n)), true).daFootprintGasScalar).toBe(400);
    expect(() => applyConfigUpdate(base, update(7, word(70_000n)), true)).toThrow(ConfigUpdateError);
  });

  test("bedrock: an unknown update type is an error", () => {
    expect(() => applyConfigUpdate(base, update(8, word(1n)), true)).toThrow("unknown update type 8");
  });

  test("bedrock: a version other than 0 is an error", () => {
    const log = update(0, addressWord("0x1111111111111111111111111111111111111111"));
    expect(() =>
      applyConfigUpdate(base, { ...log, topics: [CONFIG_UPDATE_TOPIC, topic(1), topic(0)] }, false),
    ).toThrow("unsupported version");
  });

  test("bedrock: a log without exactly 3 topics is an error", () => {
    const log = update(2, word(1n));
    expect(() => applyConfigUpdate(base, { ...log, topics: log.topics.slice(0, 2) }, false)).toThrow(
      "expected 3 topics",
    );
    expect(() => applyConfigUpdate(base, { ...log, topics: [...log.topics, topic(0)] }, false)).toThrow(
      "expected 3 topics",
    );
  });

  test("bedrock: bad ABI bytes (offset, length, trailing data, wrong payload size) are errors", () => {
    const good = update(2, word(1n));
    const bad = (data: Uint8Array) => () => applyConfigUpdate(base, { ...good, data }, false);
    expect(bad(concatBytes([word(64n), word(32n), word(1n)]))).toThrow("offset is not 32");
    expect(bad(concatBytes([word(32n), word(64n), word(1n)]))).toThrow("does not match");
    expect(bad(concatBytes([abi(word(1n)), word(0n)]))).toThrow("does not match");
    expect(bad(abi(new Uint8Array(31)))).toThrow("expected 32");
    expect(bad(new Uint8Array(40))).toThrow("no bytes header");
  });

  test("bedrock: only successful receipts and logs of the SystemConfig address with the ConfigUpdate topic count", () => {
    const gas = (limit: bigint, extra: Partial<ReceiptLog> = {}) => update(2, word(limit), extra);
    const receipts: DepositReceipt[] = [
      { status: "reverted", logs: [gas(1n)] },
      { status: "success", logs: [gas(2n, { address: "0x0000000000000000000000000000000000000bad" })] },
      { status: "success", logs: [gas(3n, { topics: [`0x${"ab".repeat(32)}`, topic(0), topic(2)] })] },
      { status: "success", logs: [gas(40_000_000n), gas(50_000_000n)] },
    ];
    const { config, errors } = applySystemConfigUpdates(base, receipts, SYSTEM_CONFIG, false);
    expect(errors).toHaveLength(0);
    expect(config.gasLimit).toBe(50_000_000);
  });

  test("bedrock: a bad update is reported while the others of the block still apply (op-node's multierror)", () => {
    const receipts: DepositReceipt[] = [
      { status: "success", logs: [update(9, word(1n)), update(2, word(45_000_000n))] },
    ];
    const { config, errors } = applySystemConfigUpdates(base, receipts, SYSTEM_CONFIG, false);
    expect(errors).toHaveLength(1);
    expect(config.gasLimit).toBe(45_000_000);
  });
});
