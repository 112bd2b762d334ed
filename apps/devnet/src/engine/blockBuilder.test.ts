// Building OP blocks from payload attributes on a real anvil --network optimism.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  applyL1ToL2Alias,
  bytesToHex,
  encodeDepositTx,
  type Hex,
  type PayloadAttributes,
  userDepositSourceHash,
} from "@supernode/protocol";
import { type AnvilProcess, startAnvilProcess } from "../anvil/anvilProcess.ts";
import { BuildError, buildBlock, genesisBlock, type SealedBlock } from "./blockBuilder.ts";
import {
  anvilArgs,
  CHAIN_ID,
  fundUserTx,
  GENESIS_TIME,
  l1InfoTxFor,
  rules,
  timestampOf,
  user,
} from "./testChain.ts";

const emitter = "0x600160005260206000a0"; // a constructor that logs one word

let engines: AnvilProcess[] = [];

beforeAll(async () => {
  engines = await Promise.all([startAnvilProcess(anvilArgs), startAnvilProcess(anvilArgs)]);
});
afterAll(async () => {
  await Promise.all(engines.map((e) => e.stop()));
});

async function attributesFor(n: number): Promise<PayloadAttributes> {
  const timestamp = BigInt(timestampOf(n));
  const l1Info = l1InfoTxFor(n);
  const l1Hash = `0x${(1000 + n).toString(16).padStart(64, "0")}` as const;
  const mintToUser = fundUserTx(userDepositSourceHash(l1Hash, 0));
  const fromContract = encodeDepositTx({
    sourceHash: userDepositSourceHash(l1Hash, 1),
    from: applyL1ToL2Alias("0x00000000000000000000000000000000000000c0"),
    to: null,
    mint: 0n,
    value: 0n,
    gas: 200_000n,
    isSystemTx: false,
    data: Uint8Array.from(Buffer.from(emitter.slice(2), "hex")),
  });
  const transfer = await user.signTransaction({
    chainId: CHAIN_ID,
    type: "eip1559",
    nonce: Math.max(0, n - 2),
    to: "0x0000000000000000000000000000000000000bad",
    value: 1n,
    gas: 21_000n,
    maxFeePerGas: 10_000_000_000n,
    maxPriorityFeePerGas: 1n,
  });
  return {
    timestamp,
    prevRandao: `0x${(n * 7).toString(16).padStart(64, "0")}`,
    suggestedFeeRecipient: "0x4200000000000000000000000000000000000011",
    withdrawals: [],
    parentBeaconBlockRoot: `0x${"be".repeat(32)}`,
    transactions: [l1Info, mintToUser, bytesToHex(fromContract), ...(n > 1 ? [transfer] : [])] as Hex[],
    noTxPool: true,
    gasLimit: 30_000_000n,
    eip1559Params: "0x000000fa00000006",
  };
}

describe("devnet block builder on anvil --network optimism", () => {
  test("two engines fed the same attributes build the same 20 blocks; deposits mint, contracts log", async () => {
    const heads = await Promise.all(engines.map((engine) => genesisBlock(engine, rules)));
    expect(heads[0]?.hash).toBe(heads[1]?.hash as `0x${string}`);
    let [a, b] = heads as [SealedBlock, SealedBlock];
    for (let n = 1; n <= 20; n++) {
      const attributes = await attributesFor(n);
      [a, b] = await Promise.all([
        buildBlock(engines[0]!, rules, a, attributes),
        buildBlock(engines[1]!, rules, b, attributes),
      ]);
      expect(a.hash).toBe(b.hash);
      expect(a.payload.transactions).toEqual(attributes.transactions);
    }
    const balance = await engines[0]!.rpc<Hex>("eth_getBalance", [user.address, "latest"]);
    expect(BigInt(balance)).toBeGreaterThan(19n * 10n ** 18n);
    const receipts = await engines[0]!.rpc<{ logs: unknown[] }[]>("eth_getBlockReceipts", ["latest"]);
    expect(receipts.flatMap((r) => r.logs)).toHaveLength(1);
  }, 60_000);

  test("a transaction with a bad nonce fails the build and leaves the head unchanged", async () => {
    const engine = engines[0]!;
    const before = await engine.rpc<{ hash: string }>("eth_getBlockByNumber", ["latest", false]);
    const head = await genesisBlock(engine, rules); // only its shape matters here
    const bad = await user.signTransaction({
      chainId: CHAIN_ID,
      type: "eip1559",
      nonce: 999,
      to: user.address,
      value: 0n,
      gas: 21_000n,
      maxFeePerGas: 10_000_000_000n,
      maxPriorityFeePerGas: 1n,
    });
    const attributes = { ...(await attributesFor(99)), transactions: [bad as Hex] };
    const error = await buildBlock(
      engine,
      rules,
      { ...head, header: { ...head.header, timestamp: BigInt(GENESIS_TIME + 1000) } },
      { ...attributes, timestamp: BigInt(GENESIS_TIME + 1002) },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuildError);
    const after = await engine.rpc<{ hash: string }>("eth_getBlockByNumber", ["latest", false]);
    expect(after.hash).toBe(before.hash);
  }, 30_000);
});
