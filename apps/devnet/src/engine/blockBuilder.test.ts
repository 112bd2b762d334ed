// Building OP blocks from payload attributes on a real anvil --network optimism.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import {
  bytesToHex,
  decodeExtraData,
  EMPTY_ROOT_HASH,
  ForkSchedule,
  type Hex,
  hexToBytes,
  keccak256Hex,
} from "@supernode/protocol";
import type { AnvilProcess } from "../anvil/anvilProcess.ts";
import { BuildError, buildBlock, genesisBlock, type SealedBlock } from "./blockBuilder.ts";
import { L1_BLOCK } from "./genesis.ts";
import { blockAttributes, CHAIN_ID, GENESIS_TIME, rules, startChainAnvil, user } from "./testChain.ts";

let engines: AnvilProcess[] = [];

beforeAll(async () => {
  engines = await Promise.all([startChainAnvil(), startChainAnvil()]);
});
afterAll(async () => {
  await Promise.all(engines.map((e) => e.stop()));
});

describe("devnet block builder on anvil --network optimism", () => {
  test("two engines fed the same attributes build the same 20 blocks; deposits mint, contracts log", async () => {
    const heads = await Promise.all(engines.map((engine) => genesisBlock(engine, rules)));
    expect(heads[0]?.hash).toBe(heads[1]?.hash as `0x${string}`);
    let [a, b] = heads as [SealedBlock, SealedBlock];
    for (let n = 1; n <= 20; n++) {
      const attributes = await blockAttributes(n);
      [a, b] = await Promise.all([
        buildBlock(engines[0]!, rules, a, attributes),
        buildBlock(engines[1]!, rules, b, attributes),
      ]);
      expect(a.hash).toBe(b.hash);
      expect(a.payload.transactions).toEqual(attributes.transactions.map(bytesToHex));
    }
    const balance = await engines[0]!.rpc<Hex>("eth_getBalance", [user.address, "latest"]);
    expect(BigInt(balance)).toBeGreaterThan(19n * 10n ** 18n);
    const receipts = await engines[0]!.rpc<{ logs: unknown[] }[]>("eth_getBlockReceipts", ["latest"]);
    expect(receipts.flatMap((r) => r.logs)).toHaveLength(1);
    // The way genesisBlock reads a state root (an account proof's root node) agrees with anvil's
    // own header root wherever anvil reports one.
    const proof = await engines[0]!.rpc<{ accountProof: Hex[] }>("eth_getProof", [L1_BLOCK, [], "latest"]);
    expect(keccak256Hex(hexToBytes(proof.accountProof[0]!))).toBe(a.header.stateRoot);
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
    const attributes = { ...(await blockAttributes(99)), transactions: [hexToBytes(bad)] };
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

  test("the genesis header commits to the genesis allocation, not anvil's empty root", async () => {
    const genesis = await genesisBlock(engines[1]!, rules);
    expect(genesis.header.stateRoot).not.toBe(EMPTY_ROOT_HASH);
    // A proof of L1Block at block 0 verifies against that root: its root node hashes to it.
    const proof = await engines[1]!.rpc<{ accountProof: Hex[] }>("eth_getProof", [L1_BLOCK, [], "0x0"]);
    expect(keccak256Hex(hexToBytes(proof.accountProof[0]!))).toBe(genesis.header.stateRoot);
    expect(proof.accountProof.length).toBeGreaterThan(1);
  });

  test("Jovian: extraData v1 carries the attributes' min base fee, and the next base fee honours it", async () => {
    const anvil = await startChainAnvil();
    try {
      const jovian = {
        ...rules,
        forks: new ForkSchedule({ blockTime: 2, hardforks: { isthmusTime: 0, jovianTime: 0 } }),
      };
      const minBaseFee = 5_000_000_000n;
      let head = await genesisBlock(anvil, jovian);
      expect(decodeExtraData(head.header.extraData).minBaseFee).toBe(0n);
      for (let n = 1; n <= 2; n++) {
        const attributes = await blockAttributes(n);
        head = await buildBlock(anvil, jovian, head, {
          ...attributes,
          transactions: attributes.transactions.slice(0, 2),
          minBaseFee,
        });
        expect(decodeExtraData(head.header.extraData)).toEqual({
          denominator: 250,
          elasticity: 6,
          minBaseFee,
        });
      }
      // Block 1's base fee follows genesis (min 0); block 2's is lifted to block 1's minimum.
      expect(head.header.baseFeePerGas).toBe(minBaseFee);
    } finally {
      await anvil.stop();
    }
  }, 30_000);
});
