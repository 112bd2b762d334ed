// The devnet engine over real HTTP and JWT: blocks built through forkchoiceUpdated + attributes →
// getPayload → newPayload → forkchoiceUpdated, imported by a second engine with the same hashes.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  EMPTY_REQUESTS_HASH,
  type ExecutionPayload,
  executionPayloadToJson,
  type Hash,
  type Hex,
  hexToBytes,
  type PayloadAttributes,
  parseJwtSecret,
  payloadAttributesToJson,
  payloadBlockHash,
  signJwt,
} from "@supernode/protocol";
import { encodeFunctionData, parseAbi } from "viem";
import type { AnvilProcess } from "../anvil/anvilProcess.ts";
import { type EngineServer, startEngineServer } from "./engineServer.ts";
import { ExecutionEngine, INVALID_FORKCHOICE_STATE, INVALID_PAYLOAD_ATTRIBUTES } from "./executionEngine.ts";
import { GAS_PRICE_ORACLE, L1_BLOCK, L2_TO_L1_MESSAGE_PASSER } from "./genesis.ts";
import { blockAttributes, CHAIN_ID, rules, startChainAnvil, user } from "./testChain.ts";

const secret = parseJwtSecret("aa".repeat(32));
const predeployAbi = parseAbi([
  "function number() view returns (uint64)",
  "function initiateWithdrawal(address target, uint256 gasLimit, bytes data) payable",
]);

let anvils: AnvilProcess[] = [];
let engines: ExecutionEngine[] = [];
let servers: EngineServer[] = [];

beforeAll(async () => {
  anvils = await Promise.all([startChainAnvil(), startChainAnvil()]);
  engines = await Promise.all(anvils.map((anvil) => ExecutionEngine.create(anvil, rules)));
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

const ZERO = `0x${"00".repeat(32)}`;
type Call = <T>(method: string, params: unknown[]) => Promise<T>;

/** A client of one server that fails the test on an RPC error. */
function client(server: EngineServer): Call {
  return async <T>(method: string, params: unknown[]) => {
    const answer = await engineCall<T>(server, method, params);
    if (answer.error) throw new Error(`${method}: ${answer.error.message}`);
    return answer.result as T;
  };
}

interface Built {
  payload: { blockHash: Hash; parentHash: Hash } & Record<string, unknown>;
  beaconRoot: Hash;
}

/** FCU(parent, attributes) → getPayload on the builder: the block, not yet imported anywhere. */
async function build(
  call: Call,
  parent: Hash,
  attributes: PayloadAttributes,
  safe = parent,
  finalized = ZERO,
): Promise<Built> {
  const fcu = await call<{ payloadId: string; payloadStatus: { status: string } }>(
    "engine_forkchoiceUpdatedV3",
    [
      { headBlockHash: parent, safeBlockHash: safe, finalizedBlockHash: finalized },
      payloadAttributesToJson(attributes),
    ],
  );
  expect(fcu.payloadStatus.status).toBe("VALID");
  const envelope = await call<{ executionPayload: Built["payload"]; parentBeaconBlockRoot: Hash }>(
    "engine_getPayloadV4",
    [fcu.payloadId],
  );
  return { payload: envelope.executionPayload, beaconRoot: envelope.parentBeaconBlockRoot };
}

async function newPayload(
  call: Call,
  built: Built,
): Promise<{ status: string; latestValidHash: Hash | null }> {
  return call("engine_newPayloadV4", [built.payload, [], built.beaconRoot, []]);
}

async function forkchoice(
  call: Call,
  head: Hash,
  safe = head,
  finalized = ZERO,
): Promise<{ payloadStatus: { status: string } }> {
  return call("engine_forkchoiceUpdatedV3", [
    { headBlockHash: head, safeBlockHash: safe, finalizedBlockHash: finalized },
    null,
  ]);
}

const latestHash = async (call: Call) =>
  (await call<{ hash: Hash }>("eth_getBlockByNumber", ["latest", false])).hash;

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
    expect((await post({ authorization: `Bearer ${signJwt(secret, Date.now() / 1000 + 120)}` })).status).toBe(
      401,
    );
    expect((await post({ authorization: `Bearer ${signJwt(secret, Date.now() / 1000)}` })).status).toBe(200);
  });

  test("50 blocks with deposits, an aliased contract creation and transfers: identical hashes on two engines, logs in receipts", async () => {
    const [builder, follower] = servers.map(client) as [Call, Call];
    let head = await latestHash(builder);
    expect(await latestHash(follower)).toBe(head);
    for (let n = 1; n <= 50; n++) {
      const built = await build(builder, head, await blockAttributes(n));
      for (const call of [builder, follower]) {
        expect((await newPayload(call, built)).status).toBe("VALID");
        expect((await forkchoice(call, built.payload.blockHash, head)).payloadStatus.status).toBe("VALID");
      }
      head = built.payload.blockHash;
    }
    for (const call of [builder, follower]) {
      const latest = await call<{ hash: Hash; number: string; transactions: Hash[] }>(
        "eth_getBlockByNumber",
        ["latest", false],
      );
      expect([latest.hash, latest.number]).toEqual([head, "0x32"]);
      const receipts = await call<{ blockHash: Hash; logs: unknown[]; contractAddress: string | null }[]>(
        "eth_getBlockReceipts",
        ["latest"],
      );
      expect(receipts.every((r) => r.blockHash === head)).toBe(true);
      expect(receipts.flatMap((r) => r.logs)).toHaveLength(1);
      expect(receipts[2]?.contractAddress).toMatch(/^0x[0-9a-f]{40}$/);
      const one = await call<{ blockHash: Hash }>("eth_getTransactionReceipt", [latest.transactions[3]]);
      expect(one.blockHash).toBe(head);
      // Full transaction objects, as op-node reads the L1-info deposit from the first one.
      const full = await call<{
        transactions: { hash: Hash; type: string; blockHash: Hash; input: Hex; from: string }[];
      }>("eth_getBlockByNumber", ["latest", true]);
      expect(full.transactions.map((tx) => tx.hash)).toEqual(latest.transactions);
      expect(full.transactions[0]).toMatchObject({
        type: "0x7e",
        blockHash: head,
        from: "0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001",
      });
      expect(full.transactions[0]?.input.slice(0, 10)).toBe("0x098999be"); // setL1BlockValuesIsthmus
      const byHash = await call<{ hash: Hash; blockHash: Hash; from: string }>("eth_getTransactionByHash", [
        latest.transactions[3],
      ]);
      expect(byHash).toMatchObject({
        hash: latest.transactions[3],
        blockHash: head,
        from: user.address.toLowerCase(),
      });
      // The header's Isthmus withdrawalsRoot is the message passer's storage root at that block.
      const proof = await call<{ storageHash: Hash }>("eth_getProof", [
        "0x4200000000000000000000000000000000000016",
        [],
        "latest",
      ]);
      const block = await call<{ withdrawalsRoot: Hash }>("eth_getBlockByHash", [head, false]);
      expect(proof.storageHash).toBe(block.withdrawalsRoot);
      expect(await call<string>("eth_getTransactionCount", [user.address, "latest"])).toBe("0x31");
    }
  }, 120_000);

  test("a tampered payload is INVALID and the head does not move", async () => {
    const [builder, follower] = servers.map(client) as [Call, Call];
    const head = await latestHash(builder);
    const built = await build(builder, head, await blockAttributes(51));
    const tampered = { ...built, payload: { ...built.payload, stateRoot: `0x${"99".repeat(32)}` } };
    const status = await newPayload(follower, tampered);
    expect(status).toMatchObject({ status: "INVALID", latestValidHash: null });
    expect(await latestHash(follower)).toBe(head);
    // The untampered block still imports, and newPayload alone does not move the head.
    expect((await newPayload(follower, built)).status).toBe("VALID");
    expect(await latestHash(follower)).toBe(head);
  }, 30_000);

  test("a payload that executes to another hash than it claims (hash recomputed): INVALID at the parent, every known block still served", async () => {
    const follower = client(servers[1]!);
    const head = await latestHash(follower);
    const headBlock = engines[1]!.block(head)!;
    const number = Number(headBlock.header.number);
    const canonical: Hash[] = [];
    for (let n = 0; n <= number; n++)
      canonical.push(
        (await follower<{ hash: Hash }>("eth_getBlockByNumber", [`0x${n.toString(16)}`, false])).hash,
      );
    const headTxs = (await follower<{ transactions: Hash[] }>("eth_getBlockByHash", [head, false]))
      .transactions;
    const headReceipts = await follower<unknown[]>("eth_getBlockReceipts", [head]);
    const nonce = await follower<string>("eth_getTransactionCount", [user.address, "latest"]);
    const beaconRoot = headBlock.header.parentBeaconBlockRoot!;
    /** The payload with a wrong stateRoot and its hash recomputed, so only execution can tell. */
    const tamper = (changes: Partial<ExecutionPayload>) => {
      const payload: ExecutionPayload = {
        ...headBlock.payload,
        ...changes,
        stateRoot: `0x${"99".repeat(32)}`,
      };
      const blockHash = payloadBlockHash(payload, {
        parentBeaconBlockRoot: beaconRoot,
        requestsHash: EMPTY_REQUESTS_HASH,
      });
      return {
        payload: {
          ...executionPayloadToJson({ ...payload, blockHash }),
          blockHash,
          parentHash: payload.parentHash,
        },
        beaconRoot,
      };
    };
    // The head's own payload executes to the head itself; with another prevRandao to an unknown
    // block holding the head's transactions.
    for (const tampered of [tamper({}), tamper({ prevRandao: `0x${"77".repeat(32)}` })]) {
      expect(await newPayload(follower, tampered)).toMatchObject({
        status: "INVALID",
        latestValidHash: headBlock.header.parentHash,
      });
      expect(engines[1]!.block(tampered.payload.blockHash)).toBeUndefined();
      expect(await latestHash(follower)).toBe(head);
      for (const [n, hash] of canonical.entries()) {
        expect((await follower<{ hash: Hash } | null>("eth_getBlockByHash", [hash, false]))?.hash).toBe(hash);
        expect(
          (await follower<{ hash: Hash }>("eth_getBlockByNumber", [`0x${n.toString(16)}`, false])).hash,
        ).toBe(hash);
      }
      expect(await follower<unknown[]>("eth_getBlockReceipts", [head])).toEqual(headReceipts);
      for (const tx of headTxs)
        expect(
          (await follower<{ blockHash: Hash } | null>("eth_getTransactionReceipt", [tx]))?.blockHash,
        ).toBe(head);
      // anvil's state is the head's again: reads at latest, and the head's withdrawalsRoot.
      expect(await follower<string>("eth_getTransactionCount", [user.address, "latest"])).toBe(nonce);
      const proof = await follower<{ storageHash: Hash }>("eth_getProof", [
        L2_TO_L1_MESSAGE_PASSER,
        [],
        "latest",
      ]);
      expect(proof.storageHash).toBe(headBlock.header.withdrawalsRoot!);
      expect((await forkchoice(follower, head)).payloadStatus.status).toBe("VALID");
    }
  }, 30_000);

  test("attributes with a bad-nonce transaction: the build error, not a shorter block", async () => {
    const head = await latestHash(client(servers[0]!));
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
    const attributes = await blockAttributes(52);
    const answer = await engineCall(servers[0]!, "engine_forkchoiceUpdatedV3", [
      { headBlockHash: head, safeBlockHash: head, finalizedBlockHash: ZERO },
      payloadAttributesToJson({ ...attributes, transactions: [...attributes.transactions, hexToBytes(bad)] }),
    ]);
    expect(answer.error?.code).toBe(INVALID_PAYLOAD_ATTRIBUTES);
  }, 30_000);

  test("a side branch 5 blocks below the head: imported without moving the head, FCU to it and back", async () => {
    const [builder, follower] = servers.map(client) as [Call, Call];
    const mainHead = await latestHash(follower);
    const mainNumber = Number(
      (await follower<{ number: string }>("eth_getBlockByHash", [mainHead, false])).number,
    );
    const fork = (
      await follower<{ hash: Hash }>("eth_getBlockByNumber", [`0x${(mainNumber - 5).toString(16)}`, false])
    ).hash;
    // The builder builds a 6-block sibling branch from 5 below its head (its own reorg), the
    // follower imports it while its head stays on the main chain.
    let parent = fork;
    const branch: Hash[] = [];
    for (let n = mainNumber - 4; n <= mainNumber + 1; n++) {
      const built = await build(builder, parent, await blockAttributes(n, 1), fork);
      expect((await newPayload(follower, built)).status).toBe("VALID");
      expect(await latestHash(follower)).toBe(mainHead);
      parent = built.payload.blockHash;
      branch.push(parent);
    }
    const userNonce = async () => follower<string>("eth_getTransactionCount", [user.address, "latest"]);
    const mainNonce = await userNonce();
    expect((await forkchoice(follower, parent, fork)).payloadStatus.status).toBe("VALID");
    expect(await latestHash(follower)).toBe(parent);
    expect(
      (await follower<{ hash: Hash }>("eth_getBlockByNumber", [`0x${(mainNumber - 4).toString(16)}`, false]))
        .hash,
    ).toBe(branch[0]!);
    expect(await userNonce()).toBe(`0x${(BigInt(mainNonce) + 1n).toString(16)}`);
    // Back to the main chain: its blocks are still known and its state comes back.
    expect((await forkchoice(follower, mainHead, fork)).payloadStatus.status).toBe("VALID");
    expect(await latestHash(follower)).toBe(mainHead);
    expect(await userNonce()).toBe(mainNonce);
    // A reorged-out block still answers its receipts and transactions, and the head's state is intact.
    const outReceipts = await follower<{ blockHash: Hash }[]>("eth_getBlockReceipts", [branch[2]]);
    expect(outReceipts.length).toBeGreaterThan(0);
    expect(outReceipts.every((r) => r.blockHash === branch[2])).toBe(true);
    expect(await userNonce()).toBe(mainNonce);
    // The main chain grows on again from its head.
    const next = await build(follower, mainHead, await blockAttributes(mainNumber + 1), fork);
    expect((await newPayload(follower, next)).status).toBe("VALID");
  }, 60_000);

  test("the pool: eth_sendRawTransaction is included by a build with noTxPool false", async () => {
    const call = client(servers[1]!);
    const head = await latestHash(call);
    const number = Number((await call<{ number: string }>("eth_getBlockByHash", [head, false])).number);
    const nonce = Number(await call<string>("eth_getTransactionCount", [user.address, "latest"]));
    const pooled = await user.signTransaction({
      chainId: CHAIN_ID,
      type: "eip1559",
      nonce: nonce + 1,
      to: user.address,
      value: 0n,
      gas: 21_000n,
      maxFeePerGas: 10_000_000_000n,
      maxPriorityFeePerGas: 1n,
    });
    const txHash = await call<Hash>("eth_sendRawTransaction", [pooled]);
    const deposit = await engineCall(servers[1]!, "eth_sendRawTransaction", ["0x7e00"]);
    expect(deposit.error?.code).toBe(-32000);
    const attributes = await blockAttributes(number + 1, 2);
    const built = await build(call, head, { ...attributes, noTxPool: false });
    expect(built.payload.transactions).toHaveLength(attributes.transactions.length + 1);
    expect((await newPayload(call, built)).status).toBe("VALID");
    await forkchoice(call, built.payload.blockHash, head);
    expect((await call<{ blockHash: Hash }>("eth_getTransactionReceipt", [txHash])).blockHash).toBe(
      built.payload.blockHash,
    );
  }, 30_000);

  test("a forkchoice below finalized is refused, as op-geth does", async () => {
    const call = client(servers[1]!);
    const head = await latestHash(call);
    const number = Number((await call<{ number: string }>("eth_getBlockByHash", [head, false])).number);
    const finalized = (
      await call<{ hash: Hash }>("eth_getBlockByNumber", [`0x${(number - 2).toString(16)}`, false])
    ).hash;
    const below = (
      await call<{ hash: Hash }>("eth_getBlockByNumber", [`0x${(number - 3).toString(16)}`, false])
    ).hash;
    expect((await forkchoice(call, head, finalized, finalized)).payloadStatus.status).toBe("VALID");
    expect((await call<{ hash: Hash }>("eth_getBlockByNumber", ["finalized", false])).hash).toBe(finalized);
    const refused = await engineCall(servers[1]!, "engine_forkchoiceUpdatedV3", [
      { headBlockHash: below, safeBlockHash: below, finalizedBlockHash: ZERO },
      null,
    ]);
    expect(refused.error?.code).toBe(INVALID_FORKCHOICE_STATE);
    const notCanonical = await engineCall(servers[1]!, "engine_forkchoiceUpdatedV3", [
      { headBlockHash: below, safeBlockHash: below, finalizedBlockHash: finalized },
      null,
    ]);
    expect(notCanonical.error?.code).toBe(INVALID_FORKCHOICE_STATE);
    expect(await latestHash(call)).toBe(head);
  }, 30_000);

  test("predeploys from installed packages: L1Block follows the L1-info deposits, a withdrawal moves withdrawalsRoot", async () => {
    const call = client(servers[1]!);
    const head = await latestHash(call);
    const number = Number((await call<{ number: string }>("eth_getBlockByHash", [head, false])).number);
    const l1Number = await call<Hex>("eth_call", [
      { to: L1_BLOCK, data: encodeFunctionData({ abi: predeployAbi, functionName: "number" }) },
      "latest",
    ]);
    expect(BigInt(l1Number)).toBe(BigInt(100 + number));
    const infoReceipt = (await call<{ status: string }[]>("eth_getBlockReceipts", ["latest"]))[0];
    expect(infoReceipt?.status).toBe("0x1");
    expect((await call<Hex>("eth_getCode", [GAS_PRICE_ORACLE, "latest"])).length).toBeGreaterThan(1000);
    const before = (await call<{ withdrawalsRoot: Hash }>("eth_getBlockByHash", [head, false]))
      .withdrawalsRoot;
    const nonce = Number(await call<string>("eth_getTransactionCount", [user.address, "latest"]));
    const withdrawal = await user.signTransaction({
      chainId: CHAIN_ID,
      type: "eip1559",
      nonce,
      to: L2_TO_L1_MESSAGE_PASSER,
      value: 1000n,
      data: encodeFunctionData({
        abi: predeployAbi,
        functionName: "initiateWithdrawal",
        args: [user.address, 100_000n, "0x"],
      }),
      gas: 200_000n,
      maxFeePerGas: 10_000_000_000n,
      maxPriorityFeePerGas: 1n,
    });
    const attributes = await blockAttributes(number + 1, 3);
    const built = await build(call, head, {
      ...attributes,
      transactions: [...attributes.transactions.slice(0, 3), hexToBytes(withdrawal)],
    });
    expect((await newPayload(call, built)).status).toBe("VALID");
    await forkchoice(call, built.payload.blockHash, head);
    const receipt = (
      await call<{ status: string; logs: unknown[] }[]>("eth_getBlockReceipts", ["latest"])
    ).at(-1);
    expect(receipt?.status).toBe("0x1");
    expect(receipt?.logs).toHaveLength(1); // MessagePassed
    const after = (
      await call<{ withdrawalsRoot: Hash }>("eth_getBlockByHash", [built.payload.blockHash, false])
    ).withdrawalsRoot;
    expect(after).not.toBe(before);
    const proof = await call<{ storageHash: Hash }>("eth_getProof", [L2_TO_L1_MESSAGE_PASSER, [], "latest"]);
    expect(proof.storageHash).toBe(after);
  }, 30_000);

  test("the deepest reorg there is: to a branch from genesis and back (state re-executed)", async () => {
    const call = client(servers[0]!);
    const mainHead = await latestHash(call);
    const mainNumber = Number(
      (await call<{ number: string }>("eth_getBlockByHash", [mainHead, false])).number,
    );
    expect(mainNumber).toBeGreaterThanOrEqual(50);
    const nonce = () => call<string>("eth_getTransactionCount", [user.address, "latest"]);
    const mainNonce = await nonce();
    const genesis = (await call<{ hash: Hash }>("eth_getBlockByNumber", ["earliest", false])).hash;
    const sibling = await build(call, genesis, await blockAttributes(1, 4), genesis);
    expect((await newPayload(call, sibling)).status).toBe("VALID");
    expect((await forkchoice(call, sibling.payload.blockHash, genesis)).payloadStatus.status).toBe("VALID");
    expect(await latestHash(call)).toBe(sibling.payload.blockHash);
    expect(await nonce()).toBe("0x0");
    expect((await forkchoice(call, mainHead, genesis)).payloadStatus.status).toBe("VALID");
    expect(await nonce()).toBe(mainNonce);
    const balance = await call<string>("eth_getBalance", [user.address, "latest"]);
    expect(BigInt(balance)).toBeGreaterThan(10n ** 18n);
  }, 60_000);
});
