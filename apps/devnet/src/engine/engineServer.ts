// The devnet engine's Engine API server: JSON-RPC over HTTP on 127.0.0.1, every request
// authenticated by an HS256 JWT (a missing token, a bad signature or an `iat` beyond ±60 s: 401).
import {
  executionPayloadFromJson,
  executionPayloadToJson,
  type Hash,
  type Hex,
  hexToBytes,
  JwtError,
  keccak256Hex,
  payloadAttributesFromJson,
  SupernodeError,
  verifyJwt,
} from "@supernode/protocol";
import { parseTransaction } from "viem";
import type { SealedBlock } from "./blockBuilder.ts";
import { EngineError, type ExecutionEngine, type ForkchoiceState } from "./executionEngine.ts";

export interface EngineServerOptions {
  readonly engine: ExecutionEngine;
  readonly jwtSecret: Uint8Array;
  readonly chainId: number;
  readonly port?: number;
  /** The verifier's clock in seconds (injected for tests). */
  readonly now?: () => number;
}

export interface EngineServer {
  readonly url: string;
  stop(): Promise<void>;
}

const methods = [
  "engine_exchangeCapabilities",
  "engine_forkchoiceUpdatedV1",
  "engine_forkchoiceUpdatedV2",
  "engine_forkchoiceUpdatedV3",
  "engine_getPayloadV2",
  "engine_getPayloadV3",
  "engine_getPayloadV4",
  "engine_newPayloadV2",
  "engine_newPayloadV3",
  "engine_newPayloadV4",
];

function envelope(block: SealedBlock, version: number): Record<string, unknown> {
  return {
    executionPayload: executionPayloadToJson(block.payload),
    blockValue: "0x0",
    ...(version >= 3
      ? {
          blobsBundle: { commitments: [], proofs: [], blobs: [] },
          shouldOverrideBuilder: false,
          parentBeaconBlockRoot: block.header.parentBeaconBlockRoot,
        }
      : {}),
    ...(version >= 4 ? { executionRequests: [] } : {}),
  };
}

async function blockJson(
  engine: ExecutionEngine,
  block: SealedBlock,
  chainId: number,
  full: unknown,
): Promise<Record<string, unknown>> {
  const q = (value: bigint) => `0x${value.toString(16)}`;
  const h = block.header;
  return {
    hash: block.hash,
    parentHash: h.parentHash,
    sha3Uncles: h.sha3Uncles,
    miner: h.miner,
    stateRoot: h.stateRoot,
    transactionsRoot: h.transactionsRoot,
    receiptsRoot: h.receiptsRoot,
    logsBloom: h.logsBloom,
    difficulty: q(h.difficulty),
    number: q(h.number),
    gasLimit: q(h.gasLimit),
    gasUsed: q(h.gasUsed),
    timestamp: q(h.timestamp),
    extraData: h.extraData,
    mixHash: h.mixHash,
    nonce: h.nonce,
    ...(h.baseFeePerGas === undefined ? {} : { baseFeePerGas: q(h.baseFeePerGas) }),
    ...(h.withdrawalsRoot === undefined ? {} : { withdrawalsRoot: h.withdrawalsRoot, withdrawals: [] }),
    ...(h.blobGasUsed === undefined ? {} : { blobGasUsed: q(h.blobGasUsed) }),
    ...(h.excessBlobGas === undefined ? {} : { excessBlobGas: q(h.excessBlobGas) }),
    ...(h.parentBeaconBlockRoot === undefined ? {} : { parentBeaconBlockRoot: h.parentBeaconBlockRoot }),
    ...(h.requestsHash === undefined ? {} : { requestsHash: h.requestsHash }),
    transactions:
      full === true
        ? ((await engine.transactions(block.hash)) ?? [])
        : block.payload.transactions.map((tx) => keccak256Hex(hexToBytes(tx))),
    uncles: [],
    chainId: `0x${chainId.toString(16)}`,
  };
}

/** A block by tag (latest, safe, finalized, earliest, pending = latest), number or `{ blockHash }`. */
function blockAt(engine: ExecutionEngine, tag: unknown): SealedBlock | undefined {
  if (typeof tag === "object" && tag !== null && "blockHash" in tag)
    return engine.block(String(tag.blockHash) as Hash);
  if (typeof tag === "string" && /^0x[0-9a-fA-F]{64}$/.test(tag)) return engine.block(tag as Hash);
  switch (tag) {
    case "latest":
    case "pending":
      return engine.head;
    case "safe":
      return engine.safe;
    case "finalized":
      return engine.finalized;
    case "earliest":
      return engine.genesis;
    default:
      if (typeof tag !== "string" || !/^0x[0-9a-fA-F]+$/.test(tag))
        throw new EngineError(-32602, `bad block tag ${String(tag)}`);
      return engine.canonicalByNumber(Number(tag));
  }
}

const CALL_SENDER = "0x0000000000000000000000000000000000000000";

/**
 * eth_call as op-geth answers it: a call without fee fields pays nothing, and a call is charged
 * no L1 data fee (it has no rollup cost data). anvil charges the L1 fee to the sender, so a call
 * without `from` runs from the zero address with a balance override that covers it.
 */
function callArgs(params: unknown[]): unknown[] {
  const call = params[0];
  if (typeof call !== "object" || call === null)
    throw new EngineError(-32602, "eth_call needs a call object");
  const fees = "gasPrice" in call || "maxFeePerGas" in call || "maxPriorityFeePerGas" in call;
  const withFees = fees ? call : { ...call, gasPrice: "0x0" };
  if ("from" in call || params[2] !== undefined) return [withFees, ...params.slice(2)];
  return [
    { ...withFees, from: CALL_SENDER },
    { [CALL_SENDER]: { balance: `0x${(2n ** 100n).toString(16)}` } },
  ];
}

/** A signed transaction for the pool: it must decode, and deposits never come through a pool. */
function poolTransaction(raw: unknown): Hex {
  if (typeof raw !== "string" || !/^0x([0-9a-fA-F]{2})+$/.test(raw))
    throw new EngineError(-32602, "transaction must be hex bytes");
  if (raw.slice(0, 4).toLowerCase() === "0x7e")
    throw new EngineError(-32000, "transaction type not supported: deposits are not pooled");
  try {
    parseTransaction(raw as Hex);
  } catch (error) {
    throw new EngineError(
      -32602,
      `rlp: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
    );
  }
  return raw as Hex;
}

async function dispatch(options: EngineServerOptions, method: string, params: unknown[]): Promise<unknown> {
  const { engine } = options;
  switch (method) {
    case "engine_exchangeCapabilities":
      return methods;
    case "engine_forkchoiceUpdatedV1":
    case "engine_forkchoiceUpdatedV2":
    case "engine_forkchoiceUpdatedV3": {
      const state = params[0] as ForkchoiceState;
      const attributes =
        params[1] === null || params[1] === undefined ? null : payloadAttributesFromJson(params[1]);
      return engine.forkchoiceUpdated(state, attributes);
    }
    case "engine_getPayloadV2":
    case "engine_getPayloadV3":
    case "engine_getPayloadV4":
      return envelope(engine.getPayload(String(params[0])), Number(method.slice(-1)));
    case "engine_newPayloadV2":
    case "engine_newPayloadV3":
    case "engine_newPayloadV4":
      return engine.newPayload(executionPayloadFromJson(params[0]), params[2] as Hash | undefined);
    case "eth_chainId":
      return `0x${options.chainId.toString(16)}`;
    case "eth_getBlockByHash": {
      const block = engine.block(params[0] as Hash);
      return block ? blockJson(engine, block, options.chainId, params[1]) : null;
    }
    case "eth_getBlockByNumber": {
      const block = blockAt(engine, params[0]);
      return block ? blockJson(engine, block, options.chainId, params[1]) : null;
    }
    case "eth_getBlockReceipts": {
      const block = blockAt(engine, params[0]);
      return block ? ((await engine.receipts(block.hash)) ?? null) : null;
    }
    case "eth_getTransactionByHash":
      return (await engine.transaction(String(params[0]) as Hash)) ?? null;
    case "eth_getTransactionReceipt":
      return (await engine.receipt(String(params[0]) as Hash)) ?? null;
    case "eth_sendRawTransaction":
      return engine.sendRawTransaction(poolTransaction(params[0]));
    // Reads of state at a block: anvil answers at that block's number on that block's branch.
    case "eth_getProof":
    case "eth_call":
    case "eth_getTransactionCount":
    case "eth_getBalance":
    case "eth_getCode":
    case "eth_getStorageAt": {
      const tagIndex = method === "eth_getProof" || method === "eth_getStorageAt" ? 2 : 1;
      const block = blockAt(engine, params[tagIndex] ?? "latest");
      if (!block) throw new EngineError(-32000, `header not found: ${String(params[tagIndex])}`);
      if (method === "eth_call") {
        const [call, ...rest] = callArgs(params);
        return engine.readAt(block, method, (number) => [call, number, ...rest]);
      }
      return engine.readAt(block, method, (number) => [...params.slice(0, tagIndex), number]);
    }
    default:
      throw new EngineError(-32601, `method ${method} not found`);
  }
}

async function call(
  options: EngineServerOptions,
  message: { id?: unknown; method?: unknown; params?: unknown },
) {
  const id = message.id ?? null;
  if (typeof message.method !== "string")
    return { jsonrpc: "2.0", id, error: { code: -32600, message: "invalid request" } };
  try {
    const result = await dispatch(
      options,
      message.method,
      Array.isArray(message.params) ? message.params : [],
    );
    return { jsonrpc: "2.0", id, result };
  } catch (error) {
    const code =
      error instanceof EngineError ? error.code : error instanceof SupernodeError ? -32602 : -32603;
    return {
      jsonrpc: "2.0",
      id,
      error: { code, message: error instanceof Error ? error.message : String(error) },
    };
  }
}

export function startEngineServer(options: EngineServerOptions): EngineServer {
  const now = options.now ?? (() => Date.now() / 1000);
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: options.port ?? 0,
    async fetch(request) {
      const auth = request.headers.get("authorization") ?? "";
      const token = auth.startsWith("Bearer ") ? auth.slice(7) : null;
      if (!token) return new Response("missing token", { status: 401 });
      try {
        verifyJwt(token, options.jwtSecret, now());
      } catch (error) {
        return new Response(error instanceof JwtError ? error.message : "unauthorized", { status: 401 });
      }
      let body: unknown;
      try {
        body = await request.json();
      } catch {
        return Response.json({ jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse error" } });
      }
      if (Array.isArray(body)) return Response.json(await Promise.all(body.map((m) => call(options, m))));
      return Response.json(await call(options, body as { id?: unknown; method?: unknown; params?: unknown }));
    },
  });
  return { url: `http://127.0.0.1:${server.port}`, stop: async () => void (await server.stop(true)) };
}
