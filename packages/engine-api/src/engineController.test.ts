// The engine controller's error paths over a fake transport (the controller is verified against
// the devnet engine in tests/engine-api): every failure is an EngineApiError or a RewindError with
// the kind the driver acts on, and a failed FCU in a rewind keeps the kind of its cause.
import { describe, expect, test } from "bun:test";
import {
  type BlockHeader,
  bytesToHex,
  EMPTY_REQUESTS_HASH,
  EMPTY_ROOT_HASH,
  EMPTY_UNCLES_HASH,
  encodeDepositTx,
  type ForkchoiceState,
  ForkSchedule,
  type Hash,
  type Hex,
  headerHash,
  keccak256Hex,
  l1BlockInfo,
  l1InfoDepositTx,
  opSepolia,
  orderedTrieRoot,
  payloadFromHeader,
} from "@supernode/protocol";
import { EngineClient } from "./engineClient.ts";
import { EngineController, RewindError } from "./engineController.ts";
import { classifyRpcCode, EngineApiError } from "./errors.ts";
import { L2Reader, type RpcTransaction } from "./l2Reader.ts";
import type { RpcCall } from "./transport.ts";

const forks = new ForkSchedule({ blockTime: 2, hardforks: { isthmusTime: 0 } });
const GENESIS_TIME = 1_700_000_000n;
const q = (value: bigint | number) => `0x${value.toString(16)}`;

interface FakeBlock {
  readonly header: BlockHeader;
  readonly hash: Hash;
  /** As eth_getBlockByHash returns them (full objects), and as EIP-2718 bytes. */
  readonly transactions: RpcTransaction[];
  readonly raw: Hex[];
}

function seal(header: BlockHeader, transactions: RpcTransaction[], raw: Hex[]): FakeBlock {
  return { header, hash: headerHash(header), transactions, raw };
}

function headerAt(number: number, parentHash: Hash, transactionsRoot: Hash): BlockHeader {
  return {
    parentHash,
    sha3Uncles: EMPTY_UNCLES_HASH,
    miner: "0x4200000000000000000000000000000000000011",
    stateRoot: `0x${"11".repeat(32)}`,
    transactionsRoot,
    receiptsRoot: EMPTY_ROOT_HASH,
    logsBloom: `0x${"00".repeat(256)}`,
    difficulty: 0n,
    number: BigInt(number),
    gasLimit: 30_000_000n,
    gasUsed: 0n,
    timestamp: GENESIS_TIME + 2n * BigInt(number),
    extraData: "0x",
    mixHash: `0x${number.toString(16).padStart(64, "0")}`,
    nonce: "0x0000000000000000",
    baseFeePerGas: 1_000_000n,
    withdrawalsRoot: EMPTY_ROOT_HASH,
    blobGasUsed: 0n,
    excessBlobGas: 0n,
    parentBeaconBlockRoot: `0x${"be".repeat(32)}`,
    requestsHash: EMPTY_REQUESTS_HASH,
  };
}

/** Block n on `parent`: one L1-info deposit (L1 origin 100 + n), as eth_getBlockByHash returns it. */
function childOf(parent: FakeBlock): FakeBlock {
  const n = Number(parent.header.number) + 1;
  const info = l1BlockInfo(
    "isthmus",
    {
      number: 100 + n,
      timestamp: Number(GENESIS_TIME) + 2 * n - 1,
      hash: `0x${(100 + n).toString(16).padStart(64, "0")}`,
      baseFee: 7n,
      blobBaseFee: 1n,
    },
    0,
    opSepolia.genesis.systemConfig,
  );
  const deposit = l1InfoDepositTx(info, true);
  const raw = encodeDepositTx(deposit);
  const tx: RpcTransaction = {
    hash: keccak256Hex(raw),
    type: "0x7e",
    from: deposit.from,
    to: deposit.to,
    input: bytesToHex(deposit.data),
    sourceHash: deposit.sourceHash,
    mint: "0x0",
    value: "0x0",
    gas: q(deposit.gas),
    isSystemTx: deposit.isSystemTx,
  };
  return seal(headerAt(n, parent.hash, bytesToHex(orderedTrieRoot([raw]))), [tx], [bytesToHex(raw)]);
}

function blockJson(block: FakeBlock): Record<string, unknown> {
  const h = block.header;
  return {
    ...h,
    hash: block.hash,
    difficulty: q(h.difficulty),
    number: q(h.number),
    gasLimit: q(h.gasLimit),
    gasUsed: q(h.gasUsed),
    timestamp: q(h.timestamp),
    baseFeePerGas: q(h.baseFeePerGas ?? 0n),
    blobGasUsed: q(h.blobGasUsed ?? 0n),
    excessBlobGas: q(h.excessBlobGas ?? 0n),
    transactions: block.transactions,
  };
}

const genesis = seal(headerAt(0, `0x${"00".repeat(32)}`, EMPTY_ROOT_HASH), [], []);
const one = childOf(genesis);
const two = childOf(one);
const envelopeOf = (block: FakeBlock) => ({
  executionPayload: payloadFromHeader(block.header, block.hash, block.raw, true),
  parentBeaconBlockRoot: block.header.parentBeaconBlockRoot as Hash,
});

type Handler = (method: string, params: readonly unknown[]) => unknown;

/**
 * An engine holding genesis, 1 and 2 (head 2, safe and finalized genesis) that answers
 * newPayload VALID and follows every FCU it answers VALID; `override` answers first when it
 * returns anything but undefined (or throws, as the transport would).
 */
function fakeEngine(override: Handler = () => undefined) {
  const blocks = new Map<Hash, FakeBlock>([genesis, one, two].map((b) => [b.hash, b]));
  const state: ForkchoiceState = {
    headBlockHash: two.hash,
    safeBlockHash: genesis.hash,
    finalizedBlockHash: genesis.hash,
  };
  const methods: string[] = [];
  const call = (async (method: string, params: readonly unknown[]) => {
    methods.push(method);
    const overridden = await override(method, params);
    if (overridden !== undefined) return overridden;
    const byHash = (hash: unknown) => {
      const block = blocks.get(hash as Hash);
      return block ? blockJson(block) : null;
    };
    switch (method) {
      case "eth_getBlockByHash":
        return byHash(params[0]);
      case "eth_getBlockByNumber": {
        const tag = params[0];
        if (tag === "latest") return byHash(state.headBlockHash);
        if (tag === "safe") return byHash(state.safeBlockHash);
        if (tag === "finalized") return byHash(state.finalizedBlockHash);
        const block = [...blocks.values()].find((b) => q(b.header.number) === tag);
        return block ? blockJson(block) : null;
      }
      case "engine_newPayloadV4":
        return { status: "VALID", latestValidHash: (params[0] as { blockHash: Hash }).blockHash };
      case "engine_forkchoiceUpdatedV3":
        Object.assign(state, params[0]);
        return { payloadStatus: { status: "VALID", latestValidHash: state.headBlockHash }, payloadId: null };
      default:
        throw new Error(`the fake engine does not answer ${method}`);
    }
  }) as RpcCall;
  const reader = new L2Reader({
    call,
    forks,
    genesis: {
      l1: { hash: `0x${"99".repeat(32)}`, number: 100 },
      l2: { hash: genesis.hash, number: 0 },
      systemConfig: opSepolia.genesis.systemConfig,
    },
  });
  return {
    state,
    methods,
    reader,
    open: () => EngineController.open(new EngineClient(call, forks), reader, forks),
  };
}

async function failure<E extends Error>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => E,
): Promise<E> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as E;
}

const authError = () =>
  new EngineApiError(
    "critical",
    "auth",
    "engine_forkchoiceUpdatedV3",
    "HTTP 401: the JWT secret was refused",
    {
      status: 401,
    },
  );

describe("engine controller errors", () => {
  test("open: an engine without a safe block is a temporary missing-block; a transport error keeps its kind", async () => {
    const noSafe = fakeEngine((method, params) =>
      method === "eth_getBlockByNumber" && params[0] === "safe" ? null : undefined,
    );
    const missing = await failure(noSafe.open(), EngineApiError);
    expect([missing.kind, missing.reason]).toEqual(["temporary", "missing-block"]);
    expect(missing.message).toContain("no safe block");
    const refused = authError();
    const auth = await failure(
      fakeEngine(() => {
        throw refused;
      }).open(),
      EngineApiError,
    );
    expect(auth).toBe(refused);
  });

  test("a block the engine answered VALID but does not serve: reset missing-block, no FCU, labels unchanged", async () => {
    const three = childOf(two);
    const engine = fakeEngine();
    const controller = await engine.open();
    const before = controller.labels;
    const error = await failure(controller.insertUnsafePayload(envelopeOf(three)), EngineApiError);
    expect([error.kind, error.reason, error.meta.method]).toEqual([
      "reset",
      "missing-block",
      "eth_getBlockByHash",
    ]);
    expect(engine.methods).not.toContain("engine_forkchoiceUpdatedV3");
    expect(controller.labels).toEqual(before);
  });

  test("the fake engine: a rewind from 2 to 1 goes through and reads back", async () => {
    const engine = fakeEngine();
    const controller = await engine.open();
    const labels = await controller.rewind(one.hash);
    expect(labels.unsafe.hash).toBe(one.hash);
    expect(engine.state.headBlockHash).toBe(one.hash);
    expect(engine.methods.filter((m) => m === "engine_forkchoiceUpdatedV3")).toHaveLength(2);
  });

  const invalid = {
    payloadStatus: { status: "INVALID", latestValidHash: null, validationError: "bad block" },
  };
  const syncing = { payloadStatus: { status: "SYNCING", latestValidHash: null, validationError: null } };
  test.each([
    ["a 401 (JWT refused)", 1, "critical", "auth", () => Promise.reject(authError())],
    ["INVALID", 1, "reset", "invalid-payload", () => invalid],
    ["INVALID on the second FCU", 2, "reset", "invalid-payload", () => invalid],
    [
      "-38002 invalid forkchoice state",
      2,
      "reset",
      "invalid-forkchoice-state",
      () => {
        throw new EngineApiError(
          classifyRpcCode(-38002).kind,
          classifyRpcCode(-38002).reason,
          "engine_forkchoiceUpdatedV3",
          "invalid forkchoice state",
          { rpcCode: -38002 },
        );
      },
    ],
    ["SYNCING", 1, "temporary", "syncing", () => syncing],
    [
      "a refused connection",
      1,
      "temporary",
      "network",
      () => {
        throw new EngineApiError("temporary", "network", "engine_forkchoiceUpdatedV3", "connection refused");
      },
    ],
  ] as const)(
    "rewind: FCU %s (call %d) is fcu-rejected with the cause's kind, %s",
    async (_, nth, kind, reason, answer) => {
      let fcus = 0;
      const engine = fakeEngine((method) =>
        method === "engine_forkchoiceUpdatedV3" && ++fcus === nth ? answer() : undefined,
      );
      const controller = await engine.open();
      const before = controller.labels;
      const error = await failure(controller.rewind(one.hash), RewindError);
      expect([error.meta.reason, error.kind]).toEqual(["fcu-rejected", kind]);
      expect(error.cause).toBeInstanceOf(EngineApiError);
      expect([(error.cause as EngineApiError).kind, (error.cause as EngineApiError).reason]).toEqual([
        kind,
        reason,
      ]);
      expect(controller.labels).toEqual(before);
    },
  );

  test("rewind: a target whose parent the engine lacks is target-not-found (critical), before any newPayload", async () => {
    const engine = fakeEngine((method, params) =>
      method === "eth_getBlockByHash" && params[0] === genesis.hash ? null : undefined,
    );
    const controller = await engine.open();
    const error = await failure(controller.rewind(one.hash), RewindError);
    expect([error.meta.reason, error.kind]).toEqual(["target-not-found", "critical"]);
    expect(error.message).toContain("parent");
    expect(engine.methods).not.toContain("engine_newPayloadV4");
  });
});
