// The devnet engine over real HTTP and JWT: blocks built through forkchoiceUpdated + attributes →
// getPayload → newPayload → forkchoiceUpdated, imported by a second engine with the same hashes.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { type Hash, parseJwtSecret, signJwt } from "@supernode/protocol";
import { type AnvilProcess, startAnvilProcess } from "../anvil/anvilProcess.ts";
import { type EngineServer, startEngineServer } from "./engineServer.ts";
import { ExecutionEngine, INVALID_PAYLOAD_ATTRIBUTES } from "./executionEngine.ts";
import { anvilArgs, CHAIN_ID, fundUserTx, l1InfoTxFor, rules, timestampOf, user } from "./testChain.ts";

const secret = parseJwtSecret("aa".repeat(32));

let anvils: AnvilProcess[] = [];
let servers: EngineServer[] = [];

beforeAll(async () => {
  anvils = await Promise.all([startAnvilProcess(anvilArgs), startAnvilProcess(anvilArgs)]);
  const engines = await Promise.all(anvils.map((anvil) => ExecutionEngine.create(anvil, rules)));
  servers = engines.map((engine) => startEngineServer({ engine, jwtSecret: secret, chainId: CHAIN_ID }));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await Promise.all(anvils.map((a) => a.stop()));
});

let id = 0;
async function engineCall<T>(
  server: EngineServer,
  method: string,
  params: unknown[],
  token = signJwt(secret, Date.now() / 1000),
): Promise<{ result?: T; error?: { code: number; message: string } }> {
  const response = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }),
  });
  expect(response.status).toBe(200);
  return response.json() as Promise<{ result?: T; error?: { code: number; message: string } }>;
}

function attributes(n: number, extra: string[] = []) {
  const timestamp = timestampOf(n);
  return {
    timestamp: `0x${timestamp.toString(16)}`,
    prevRandao: `0x${"11".repeat(32)}`,
    suggestedFeeRecipient: "0x4200000000000000000000000000000000000011",
    withdrawals: [],
    parentBeaconBlockRoot: `0x${"22".repeat(32)}`,
    transactions: [l1InfoTxFor(n), ...extra],
    noTxPool: true,
    gasLimit: "0x1c9c380",
    eip1559Params: "0x000000fa00000006",
  };
}

describe("devnet engine API", () => {
  test("no token, a bad signature or a stale iat: 401", async () => {
    const server = servers[0]!;
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] });
    const post = (headers: Record<string, string>) =>
      fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
    expect((await post({})).status).toBe(401);
    expect(
      (await post({ authorization: `Bearer ${signJwt(parseJwtSecret("bb".repeat(32)), Date.now() / 1000)}` }))
        .status,
    ).toBe(401);
    expect((await post({ authorization: `Bearer ${signJwt(secret, Date.now() / 1000 - 120)}` })).status).toBe(
      401,
    );
    expect((await post({ authorization: `Bearer ${signJwt(secret, Date.now() / 1000)}` })).status).toBe(200);
  });

  test("10 blocks built on one engine and imported by another have the same hashes", async () => {
    const [builder, follower] = servers as [EngineServer, EngineServer];
    let head = (await engineCall<{ hash: Hash }>(builder, "eth_getBlockByNumber", ["latest", false])).result!
      .hash;
    expect(
      (await engineCall<{ hash: Hash }>(follower, "eth_getBlockByNumber", ["latest", false])).result!.hash,
    ).toBe(head);
    for (let n = 1; n <= 10; n++) {
      const transfer = await user.signTransaction({
        chainId: CHAIN_ID,
        type: "eip1559",
        nonce: Math.max(0, n - 2),
        to: user.address,
        value: 0n,
        gas: 21_000n,
        maxFeePerGas: 10_000_000_000n,
        maxPriorityFeePerGas: 1n,
      });
      const funding = n === 1 ? [fundUserTx(`0x${"33".repeat(32)}`)] : [];
      const state = { headBlockHash: head, safeBlockHash: head, finalizedBlockHash: `0x${"00".repeat(32)}` };
      const fcu = await engineCall<{ payloadId: string; payloadStatus: { status: string } }>(
        builder,
        "engine_forkchoiceUpdatedV3",
        [state, attributes(n, [...funding, ...(n > 1 ? [transfer] : [])])],
      );
      expect([n, fcu.error]).toEqual([n, undefined]);
      expect(fcu.result?.payloadStatus.status).toBe("VALID");
      const envelope = (
        await engineCall<{ executionPayload: { blockHash: Hash }; parentBeaconBlockRoot: Hash }>(
          builder,
          "engine_getPayloadV4",
          [fcu.result!.payloadId],
        )
      ).result!;
      const payload = envelope.executionPayload;
      for (const server of [builder, follower]) {
        const status = await engineCall<{ status: string }>(server, "engine_newPayloadV4", [
          payload,
          [],
          envelope.parentBeaconBlockRoot,
          [],
        ]);
        expect(status.result?.status).toBe("VALID");
        const next = {
          headBlockHash: payload.blockHash,
          safeBlockHash: head,
          finalizedBlockHash: `0x${"00".repeat(32)}`,
        };
        expect(
          (
            await engineCall<{ payloadStatus: { status: string } }>(server, "engine_forkchoiceUpdatedV3", [
              next,
              null,
            ])
          ).result?.payloadStatus.status,
        ).toBe("VALID");
      }
      head = payload.blockHash;
    }
    for (const server of servers) {
      const latest = (
        await engineCall<{ hash: Hash; number: string }>(server, "eth_getBlockByNumber", ["latest", false])
      ).result!;
      expect([latest.hash, latest.number]).toEqual([head, "0xa"]);
    }
  }, 60_000);

  test("a tampered payload is INVALID and the head does not move", async () => {
    const [builder, follower] = servers as [EngineServer, EngineServer];
    const head = (await engineCall<{ hash: Hash }>(builder, "eth_getBlockByNumber", ["latest", false]))
      .result!.hash;
    const state = { headBlockHash: head, safeBlockHash: head, finalizedBlockHash: `0x${"00".repeat(32)}` };
    const fcu = await engineCall<{ payloadId: string }>(builder, "engine_forkchoiceUpdatedV3", [
      state,
      attributes(11),
    ]);
    const envelope = (
      await engineCall<{ executionPayload: Record<string, unknown>; parentBeaconBlockRoot: Hash }>(
        builder,
        "engine_getPayloadV4",
        [fcu.result!.payloadId],
      )
    ).result!;
    const tampered = { ...envelope.executionPayload, stateRoot: `0x${"99".repeat(32)}` };
    const status = await engineCall<{ status: string; latestValidHash: Hash }>(
      follower,
      "engine_newPayloadV4",
      [tampered, [], envelope.parentBeaconBlockRoot, []],
    );
    expect(status.result?.status).toBe("INVALID");
    expect(status.result?.latestValidHash).toBeNull();
    expect(
      (await engineCall<{ hash: Hash }>(follower, "eth_getBlockByNumber", ["latest", false])).result!.hash,
    ).toBe(head);
    // The untampered block still imports afterwards.
    const good = await engineCall<{ status: string }>(follower, "engine_newPayloadV4", [
      envelope.executionPayload,
      [],
      envelope.parentBeaconBlockRoot,
      [],
    ]);
    expect(good.result?.status).toBe("VALID");
  }, 30_000);

  test("attributes with a bad-nonce transaction: the build error, not a shorter block", async () => {
    const builder = servers[0]!;
    const head = (await engineCall<{ hash: Hash }>(builder, "eth_getBlockByNumber", ["latest", false]))
      .result!.hash;
    const bad = await user.signTransaction({
      chainId: CHAIN_ID,
      type: "eip1559",
      nonce: 500,
      to: user.address,
      value: 0n,
      gas: 21_000n,
      maxFeePerGas: 10_000_000_000n,
      maxPriorityFeePerGas: 1n,
    });
    const state = { headBlockHash: head, safeBlockHash: head, finalizedBlockHash: `0x${"00".repeat(32)}` };
    const fcu = await engineCall(builder, "engine_forkchoiceUpdatedV3", [state, attributes(12, [bad])]);
    expect(fcu.error?.code).toBe(INVALID_PAYLOAD_ATTRIBUTES);
  }, 30_000);
});
