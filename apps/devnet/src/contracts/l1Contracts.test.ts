// The devnet L1 contracts on a real anvil, read back by the node's own decoders: deposits by
// userDeposits (protocol), config updates by applySystemConfigUpdates (derivation).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { applySystemConfigUpdates } from "@supernode/derivation";
import {
  type Address,
  applyL1ToL2Alias,
  bytesToHex,
  DEPOSIT_EVENT_TOPIC,
  DEPOSIT_EVENT_VERSION_0,
  type DepositReceipt,
  encodeDepositLogData,
  type Hash,
  type Hex,
  hexToBytes,
  type SystemConfig,
  userDepositSourceHash,
  userDeposits,
} from "@supernode/protocol";
import { type Anvil, startAnvil } from "@supernode/test-helpers/anvil";
import { encodeFunctionData, padHex, type TransactionReceipt } from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { optimismPortalArtifact } from "./artifacts.ts";
import {
  type ConfigUpdateRequest,
  deployedSystemConfig,
  deployL1Contracts,
  ecotoneScalar,
  L1Contracts,
  type L1Deployment,
} from "./l1Contracts.ts";

// anvil's prefunded dev accounts 0–2.
const devKey = (index: number): Hex =>
  bytesToHex(
    mnemonicToAccount("test test test test test test test test test test test junk", {
      addressIndex: index,
    }).getHdKey().privateKey as Uint8Array,
  );
const [DEPLOYER_KEY, OWNER_KEY, USER_KEY] = [devKey(0), devKey(1), devKey(2)];
const owner = privateKeyToAccount(OWNER_KEY).address;
const user = privateKeyToAccount(USER_KEY).address;

const BATCHER: Address = "0x00000000000000000000000000000000000ba7c4";
const settings = { batcher: BATCHER, gasLimit: 30_000_000n, basefeeScalar: 1368, blobbasefeeScalar: 810949 };

function depositReceipt(receipt: TransactionReceipt): DepositReceipt {
  return {
    status: receipt.status,
    logs: receipt.logs.map((log) => ({
      address: log.address,
      topics: log.topics as Hash[],
      data: hexToBytes(log.data),
      logIndex: log.logIndex,
    })),
  };
}

let anvil: Anvil;
let deployment: L1Deployment;
let asOwner: L1Contracts;
let asUser: L1Contracts;

beforeAll(async () => {
  anvil = await startAnvil();
  deployment = await deployL1Contracts({ l1Url: anvil.url, deployerKey: DEPLOYER_KEY, owner, ...settings });
  asOwner = await L1Contracts.connect({ l1Url: anvil.url, key: OWNER_KEY }, deployment);
  asUser = await L1Contracts.connect({ l1Url: anvil.url, key: USER_KEY }, deployment);
});
afterAll(() => anvil.stop());

describe("OptimismPortal: deposits the node decodes", () => {
  test("an EOA's deposit: from is the EOA, with its mint, value, gas, data and source hash", async () => {
    const to: Address = "0x000000000000000000000000000000000000c0de";
    const receipt = await asUser.receipt(
      await asUser.deposit({
        to,
        mint: 10n ** 18n,
        value: 4n * 10n ** 17n,
        gasLimit: 100_000n,
        data: "0xdeadbeef",
      }),
    );
    // Byte for byte the event OptimismPortal emits.
    const [log] = receipt.logs;
    expect(log?.topics).toEqual([
      DEPOSIT_EVENT_TOPIC,
      padHex(user.toLowerCase() as Hex, { size: 32 }),
      padHex(to, { size: 32 }),
      DEPOSIT_EVENT_VERSION_0,
    ]);
    expect(log?.data).toBe(
      bytesToHex(
        encodeDepositLogData({
          to,
          mint: 10n ** 18n,
          value: 4n * 10n ** 17n,
          gas: 100_000n,
          data: hexToBytes("0xdeadbeef"),
        }),
      ),
    );
    const { deposits, errors } = userDeposits(
      [depositReceipt(receipt)],
      deployment.portal,
      receipt.blockHash,
    );
    expect(errors).toEqual([]);
    expect(deposits).toEqual([
      {
        sourceHash: userDepositSourceHash(receipt.blockHash, receipt.logs[0]?.logIndex ?? -1),
        from: user.toLowerCase() as Address,
        to,
        mint: 10n ** 18n,
        value: 4n * 10n ** 17n,
        gas: 100_000n,
        isSystemTx: false,
        data: hexToBytes("0xdeadbeef"),
      },
    ]);
  });

  test("a deposit from a contract has the contract's aliased address as from; a creation has no to", async () => {
    const initCode = "0x600160005260206000a0";
    const receipt = await asUser.receipt(
      await asUser.depositFromContract({ to: null, mint: 7n, gasLimit: 200_000n, data: initCode }),
    );
    const { deposits, errors } = userDeposits(
      [depositReceipt(receipt)],
      deployment.portal,
      receipt.blockHash,
    );
    expect(errors).toEqual([]);
    expect(deposits).toHaveLength(1);
    const [deposit] = deposits;
    expect(deposit?.from).toBe(applyL1ToL2Alias(deployment.depositor.toLowerCase() as Address));
    expect(deposit?.from).not.toBe(deployment.depositor.toLowerCase() as Address);
    expect(deposit?.to).toBeNull();
    expect(deposit?.mint).toBe(7n);
    expect(deposit?.value).toBe(0n);
    expect(deposit?.gas).toBe(200_000n);
    expect(deposit?.data).toEqual(hexToBytes(initCode));
    expect(deposit?.sourceHash).toBe(
      userDepositSourceHash(receipt.blockHash, receipt.logs[0]?.logIndex ?? -1),
    );
  });

  test("the portal's checks: a creation with a target, and a gas limit below intrinsic gas, revert", async () => {
    const call = (to: Address, isCreation: boolean, gasLimit: bigint) =>
      anvil.rpc("eth_call", [
        {
          from: user,
          to: deployment.portal,
          data: encodeFunctionData({
            abi: optimismPortalArtifact.abi,
            functionName: "depositTransaction",
            args: [to, 0n, gasLimit, isCreation, "0xaabb"],
          }),
        },
      ]);
    const target: Address = "0x0000000000000000000000000000000000000001";
    expect(await call(target, false, 21_080n)).toBe("0x");
    expect(call(target, true, 21_080n)).rejects.toThrow("revert"); // BadTarget
    expect(call(target, false, 21_079n)).rejects.toThrow("revert"); // GasLimitTooLow: 21000 + 40 × 2
  });

  test("ETH sent to the portal is deposited to the sender with 100,000 gas", async () => {
    const hash = await anvil.rpc<Hash>("eth_sendTransaction", [
      { from: user, to: deployment.portal, value: "0x2a" },
    ]);
    const receipt = await asUser.receipt(hash);
    const { deposits } = userDeposits([depositReceipt(receipt)], deployment.portal, receipt.blockHash);
    expect(deposits.map((d) => [d.from, d.to, d.mint, d.value, d.gas, d.data.length])).toEqual([
      [user.toLowerCase() as Address, user.toLowerCase() as Address, 42n, 42n, 100_000n, 0],
    ]);
  });
});

describe("SystemConfig: each setter's ConfigUpdate, decoded by applySystemConfigUpdates", () => {
  async function applied(
    start: SystemConfig,
    update: ConfigUpdateRequest,
    ecotone = true,
  ): Promise<{ config: SystemConfig; receipt: TransactionReceipt }> {
    const receipt = await asOwner.receipt(await asOwner.setConfig(update));
    expect(receipt.status).toBe("success");
    const { config, errors } = applySystemConfigUpdates(
      start,
      [depositReceipt(receipt)],
      deployment.systemConfig,
      ecotone,
    );
    expect(errors).toEqual([]);
    return { config, receipt };
  }

  const initial = deployedSystemConfig(settings);

  test("the deployment's own updates (batcher, fee scalars, gas limit) give the deployed config", async () => {
    const block = await anvil.rpc<{ transactions: Hash[] }>("eth_getBlockByHash", [
      deployment.blockHash,
      false,
    ]);
    const receipts = await Promise.all(block.transactions.map((hash) => asOwner.receipt(hash)));
    const empty: SystemConfig = {
      ...initial,
      batcherAddr: "0x0000000000000000000000000000000000000000",
      scalar: `0x${"00".repeat(32)}`,
      gasLimit: 0,
    };
    const { config, errors } = applySystemConfigUpdates(
      empty,
      receipts.map(depositReceipt),
      deployment.systemConfig,
      true,
    );
    expect(errors).toEqual([]);
    expect(config).toEqual(initial);
  });

  test("BATCHER", async () => {
    const batcher: Address = "0x1234567890abcdef1234567890abcdef12345678";
    expect((await applied(initial, { type: "batcher", batcher })).config).toEqual({
      ...initial,
      batcherAddr: batcher,
    });
  });

  test("FEE_SCALARS (Ecotone): the versioned scalar, overhead zero", async () => {
    const { config } = await applied(initial, { type: "feeScalars", basefeeScalar: 7, blobbasefeeScalar: 9 });
    expect(config).toEqual({
      ...initial,
      scalar: "0x0100000000000000000000000000000000000000000000000000000900000007",
    });
    expect(config.scalar).toBe(ecotoneScalar(7, 9));
  });

  test("FEE_SCALARS (pre-Ecotone setGasConfig): overhead and scalar as given", async () => {
    const { config } = await applied(initial, { type: "gasConfig", overhead: 188n, scalar: 684_000n }, false);
    expect(config.overhead).toBe(`0x${(188).toString(16).padStart(64, "0")}`);
    expect(config.scalar).toBe(`0x${(684_000).toString(16).padStart(64, "0")}`);
  });

  test("GAS_LIMIT", async () => {
    expect((await applied(initial, { type: "gasLimit", gasLimit: 45_000_000n })).config).toEqual({
      ...initial,
      gasLimit: 45_000_000,
    });
  });

  test("UNSAFE_BLOCK_SIGNER: emitted as type 3 with the address, and no consensus change", async () => {
    const signer: Address = "0x00000000000000000000000000000000005194e2";
    const { config, receipt } = await applied(initial, { type: "unsafeBlockSigner", signer });
    expect(config).toEqual(initial);
    expect(receipt.logs[0]?.topics[2]).toBe(`0x${"3".padStart(64, "0")}`);
    expect(receipt.logs[0]?.data).toEndWith(signer.slice(2));
  });

  test("EIP_1559_PARAMS: u32 denominator ‖ u32 elasticity", async () => {
    const { config } = await applied(initial, { type: "eip1559Params", denominator: 250, elasticity: 6 });
    expect(config).toEqual({ ...initial, eip1559Params: "0x000000fa00000006" });
  });

  test("OPERATOR_FEE_PARAMS, MIN_BASE_FEE, DA_FOOTPRINT_GAS_SCALAR", async () => {
    expect(
      (await applied(initial, { type: "operatorFeeParams", scalar: 0x01020304, constant: 0x0506070809n }))
        .config.operatorFeeParams,
    ).toBe(`0x${"00".repeat(20)}01020304${"0506070809".padStart(16, "0")}`);
    expect((await applied(initial, { type: "minBaseFee", minBaseFee: 10n ** 9n })).config.minBaseFee).toBe(
      10n ** 9n,
    );
    expect(
      (await applied(initial, { type: "daFootprintGasScalar", scalar: 321 })).config.daFootprintGasScalar,
    ).toBe(321);
  });

  test("only the owner may set: another account's call is refused", async () => {
    const error = await asUser.setConfig({ type: "gasLimit", gasLimit: 1n }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(String(error)).toContain("Ownable: caller is not the owner");
  });
});

describe("deployL1Contracts on an L1 that does not mine by itself", () => {
  test("the deployments land in the one block the caller mines", async () => {
    const l1 = await startAnvil(["--no-mining"]);
    try {
      const deployed = await deployL1Contracts({
        l1Url: l1.url,
        deployerKey: DEPLOYER_KEY,
        owner,
        ...settings,
        mine: () => l1.rpc("evm_mine"),
      });
      expect(deployed.blockNumber).toBe(1n);
      const block = await l1.rpc<{ transactions: Hash[] }>("eth_getBlockByNumber", ["0x1", false]);
      expect(block.transactions).toHaveLength(3);
      const code = await l1.rpc<string>("eth_getCode", [deployed.portal, "latest"]);
      expect(code.length).toBeGreaterThan(2);
    } finally {
      await l1.stop();
    }
  });
});
