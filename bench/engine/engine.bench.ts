#!/usr/bin/env bun
import { startEngineServer } from "../../apps/devnet/src/engine/engineServer.ts";
import { ExecutionEngine } from "../../apps/devnet/src/engine/executionEngine.ts";
import {
  CHAIN_ID,
  fundUserTx,
  l1InfoTxFor,
  rules,
  startChainAnvil,
  timestampOf,
  user,
} from "../../apps/devnet/src/engine/testChain.ts";
import {
  type Hash,
  type Hex,
  hexToBytes,
  loadProtocolWasm,
  type PayloadAttributes,
  parseJwtSecret,
  payloadAttributesToJson,
  signJwt,
} from "../../packages/protocol/src/index.ts";

const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 500);
const TRANSFERS = 9;
await loadProtocolWasm();
const secret = parseJwtSecret("ab".repeat(32));
const anvil = await startChainAnvil();
const engine = await ExecutionEngine.create(anvil, rules);
const server = startEngineServer({ engine, jwtSecret: secret, chainId: CHAIN_ID });

let id = 0;
async function call<T>(method: string, params: unknown[]): Promise<T> {
  const response = await fetch(server.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Bearer ${signJwt(secret, Date.now() / 1000)}`,
    },
    body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
  });
  const answer = (await response.json()) as { result?: T; error?: { message: string } };
  if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
  return answer.result as T;
}

let nonce = 0;
async function attributes(n: number): Promise<PayloadAttributes> {
  const transactions: Hex[] = [l1InfoTxFor(n)];
  if (n === 1) transactions.push(fundUserTx(`0x${"42".repeat(32)}`));
  else {
    for (let i = 0; i < TRANSFERS; i++) {
      transactions.push(
        await user.signTransaction({
          chainId: CHAIN_ID,
          type: "eip1559",
          nonce: nonce++,
          to: "0x0000000000000000000000000000000000000bad",
          value: 1n,
          gas: 21_000n,
          maxFeePerGas: 10_000_000_000n,
          maxPriorityFeePerGas: 1n,
        }),
      );
    }
  }
  return {
    timestamp: BigInt(timestampOf(n)),
    prevRandao: `0x${n.toString(16).padStart(64, "0")}`,
    suggestedFeeRecipient: "0x4200000000000000000000000000000000000011",
    withdrawals: [],
    parentBeaconBlockRoot: `0x${"be".repeat(32)}`,
    transactions: transactions.map(hexToBytes),
    noTxPool: true,
    gasLimit: 30_000_000n,
    eip1559Params: "0x000000fa00000006",
  };
}

// Signing is the bench's own work, not the engine's: prepare every block's attributes first.
const prepared: PayloadAttributes[] = [];
for (let n = 1; n <= BLOCKS + 1; n++) prepared.push(await attributes(n));

let head = engine.head.hash;
const zero = `0x${"00".repeat(32)}`;
async function oneBlock(n: number): Promise<void> {
  const state = { headBlockHash: head, safeBlockHash: head, finalizedBlockHash: zero };
  const fcu = await call<{ payloadId: string }>("engine_forkchoiceUpdatedV3", [
    state,
    payloadAttributesToJson(prepared[n - 1]!),
  ]);
  const envelope = await call<{ executionPayload: { blockHash: Hash }; parentBeaconBlockRoot: Hash }>(
    "engine_getPayloadV4",
    [fcu.payloadId],
  );
  const status = await call<{ status: string }>("engine_newPayloadV4", [
    envelope.executionPayload,
    [],
    envelope.parentBeaconBlockRoot,
    [],
  ]);
  if (status.status !== "VALID") throw new Error(`block ${n}: ${status.status}`);
  head = envelope.executionPayload.blockHash;
  await call("engine_forkchoiceUpdatedV3", [{ ...state, headBlockHash: head }, null]);
}

await oneBlock(1); // funding, not timed
const started = performance.now();
for (let n = 2; n <= BLOCKS + 1; n++) await oneBlock(n);
const seconds = (performance.now() - started) / 1000;
const txs = (await call<{ transactions: Hash[] }>("eth_getBlockByNumber", ["latest", false])).transactions
  .length;
console.log(
  `engine: ${BLOCKS} blocks of ${txs} transactions in ${seconds.toFixed(2)} s = ${(BLOCKS / seconds).toFixed(1)} blocks/s (target ≥ 50)`,
);
await server.stop();
await anvil.stop();
