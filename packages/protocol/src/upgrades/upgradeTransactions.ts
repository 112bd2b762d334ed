// Network-upgrade deposit transactions added to a fork's activation block (specs
// protocol/{ecotone,fjord,isthmus,jovian}/derivation.md "Network Upgrade Transactions",
// interop/derivation.md). Each is a deposit with sourceHash = keccak256(u256(2) ‖
// keccak256(intent)), mint 0, value 0, not a system tx.
import type { Fork } from "../config/forks.ts";
import { keccak256 } from "../crypto/keccak.ts";
import { type DepositTx, encodeDepositTx } from "../deposits/depositTx.ts";
import { upgradeDepositSourceHash } from "../deposits/sourceHash.ts";
import { bytesToHex, concatBytes, hexToBytes } from "../encoding/bytes.ts";
import { rlpEncodeList, rlpEncodeString, rlpEncodeUint } from "../encoding/rlp.ts";
import type { Address, Hex } from "../types/primitives.ts";
import * as bytecode from "./bytecode.ts";

export type UpgradeFork = Extract<Fork, "ecotone" | "fjord" | "isthmus" | "jovian" | "interop">;

/** EIP-4788 beacon-roots contract creation code (EIPS/eip-4788.md, CC0). */
export const EIP4788_DEPLOYMENT: Hex =
  "0x60618060095f395ff33373fffffffffffffffffffffffffffffffffffffffe14604d57602036146024575f5ffd5b5f35801560495762001fff810690815414603c575f5ffd5b62001fff01545f5260205ff35b5f5ffd5b62001fff42064281555f359062001fff015500";
/** EIP-2935 block-hash history contract creation code (EIPS/eip-2935.md, CC0). */
export const EIP2935_DEPLOYMENT: Hex =
  "0x60538060095f395ff33373fffffffffffffffffffffffffffffffffffffffe14604657602036036042575f35600143038111604257611fff81430311604257611fff9006545f5260205ff35b5f5ffd5b5f35611fff60014303065500";

const ZERO: Address = "0x0000000000000000000000000000000000000000";
const DEPOSITOR: Address = "0xdeaddeaddeaddeaddeaddeaddeaddeaddead0001";
const L1_BLOCK: Address = "0x4200000000000000000000000000000000000015";
const GAS_PRICE_ORACLE: Address = "0x420000000000000000000000000000000000000f";
const OPERATOR_FEE_VAULT: Address = "0x420000000000000000000000000000000000001b";
const CROSS_L2_INBOX: Address = "0x4200000000000000000000000000000000000022";
const L2_TO_L2_MESSENGER: Address = "0x4200000000000000000000000000000000000023";
const deployer = (prefix: "4210" | "4220", n: number): Address =>
  `0x${prefix}${n.toString(16).padStart(36, "0")}`;

/** The address a contract created by `sender` with nonce 0 gets: keccak256(rlp([sender, 0]))[12:]. */
export function createAddress(sender: Address): Address {
  return bytesToHex(
    keccak256(rlpEncodeList([rlpEncodeString(hexToBytes(sender)), rlpEncodeUint(0)])).subarray(12),
  );
}

/** `upgradeTo(address)` on a proxy. */
function upgradeTo(implementation: Address): Uint8Array {
  return concatBytes([hexToBytes("0x3659cfe6"), new Uint8Array(12), hexToBytes(implementation)]);
}

interface Upgrade {
  readonly intent: string;
  readonly from: Address;
  readonly to: Address | null;
  readonly gas: number;
  readonly data: Uint8Array;
}

const deploy = (intent: string, from: Address, gas: number, code: Hex): Upgrade => ({
  intent,
  from,
  to: null,
  gas,
  data: hexToBytes(code),
});
const proxyUpdate = (intent: string, proxy: Address, implementationDeployer: Address): Upgrade => ({
  intent,
  from: ZERO,
  to: proxy,
  gas: 50_000,
  data: upgradeTo(createAddress(implementationDeployer)),
});
const call = (intent: string, to: Address, gas: number, selector: Hex): Upgrade => ({
  intent,
  from: DEPOSITOR,
  to,
  gas,
  data: hexToBytes(selector),
});

const upgrades: Readonly<Record<UpgradeFork, readonly Upgrade[]>> = {
  ecotone: [
    deploy("Ecotone: L1 Block Deployment", deployer("4210", 0), 375_000, bytecode.ecotoneL1BlockDeployment),
    deploy(
      "Ecotone: Gas Price Oracle Deployment",
      deployer("4210", 1),
      1_000_000,
      bytecode.ecotoneGasPriceOracleDeployment,
    ),
    proxyUpdate("Ecotone: L1 Block Proxy Update", L1_BLOCK, deployer("4210", 0)),
    proxyUpdate("Ecotone: Gas Price Oracle Proxy Update", GAS_PRICE_ORACLE, deployer("4210", 1)),
    call("Ecotone: Gas Price Oracle Set Ecotone", GAS_PRICE_ORACLE, 80_000, "0x22b90ab3"),
    deploy(
      "Ecotone: beacon block roots contract deployment",
      "0x0b799c86a49deeb90402691f1041aa3af2d3c875",
      250_000,
      EIP4788_DEPLOYMENT,
    ),
  ],
  fjord: [
    deploy(
      "Fjord: Gas Price Oracle Deployment",
      deployer("4210", 2),
      1_450_000,
      bytecode.fjordGasPriceOracleDeployment,
    ),
    proxyUpdate("Fjord: Gas Price Oracle Proxy Update", GAS_PRICE_ORACLE, deployer("4210", 2)),
    call("Fjord: Gas Price Oracle Set Fjord", GAS_PRICE_ORACLE, 90_000, "0x8e98b106"),
  ],
  isthmus: [
    deploy("Isthmus: L1 Block Deployment", deployer("4210", 3), 425_000, bytecode.isthmusL1BlockDeployment),
    deploy(
      "Isthmus: Gas Price Oracle Deployment",
      deployer("4210", 4),
      1_625_000,
      bytecode.isthmusGasPriceOracleDeployment,
    ),
    deploy(
      "Isthmus: Operator Fee Vault Deployment",
      deployer("4210", 5),
      500_000,
      bytecode.isthmusOperatorFeeDeployment,
    ),
    proxyUpdate("Isthmus: L1 Block Proxy Update", L1_BLOCK, deployer("4210", 3)),
    proxyUpdate("Isthmus: Gas Price Oracle Proxy Update", GAS_PRICE_ORACLE, deployer("4210", 4)),
    proxyUpdate("Isthmus: Operator Fee Vault Proxy Update", OPERATOR_FEE_VAULT, deployer("4210", 5)),
    call("Isthmus: Gas Price Oracle Set Isthmus", GAS_PRICE_ORACLE, 90_000, "0x291b0383"),
    deploy(
      "Isthmus: EIP-2935 Contract Deployment",
      "0x3462413af4609098e1e27a490f554f260213d685",
      250_000,
      EIP2935_DEPLOYMENT,
    ),
  ],
  // The spec's intent strings (kona HEAD spells them "Jovian: L1 Block Deployment" etc., which
  // changes the source hashes; the tests show both).
  jovian: [
    deploy("Jovian: L1Block Deployment", deployer("4210", 6), 447_315, bytecode.jovianL1BlockDeployment),
    proxyUpdate("Jovian: L1Block Proxy Update", L1_BLOCK, deployer("4210", 6)),
    deploy(
      "Jovian: GasPriceOracle Deployment",
      deployer("4210", 7),
      1_750_714,
      bytecode.jovianGasPriceOracleDeployment,
    ),
    proxyUpdate("Jovian: GasPriceOracle Proxy Update", GAS_PRICE_ORACLE, deployer("4210", 7)),
    call("Jovian: Gas Price Oracle Set Jovian", GAS_PRICE_ORACLE, 90_000, "0xb3d72079"),
  ],
  interop: [
    deploy(
      "Interop: CrossL2Inbox Deployment",
      deployer("4220", 0),
      420_000,
      bytecode.interopCrossL2InboxDeployment,
    ),
    proxyUpdate("Interop: CrossL2Inbox Proxy Update", CROSS_L2_INBOX, deployer("4220", 0)),
    deploy(
      "Interop: L2ToL2CrossDomainMessenger Deployment",
      deployer("4220", 1),
      1_100_000,
      bytecode.interopL2ToL2CrossDomainMessengerDeployment,
    ),
    proxyUpdate("Interop: L2ToL2CrossDomainMessenger Proxy Update", L2_TO_L2_MESSENGER, deployer("4220", 1)),
  ],
};

/** The upgrade deposits of one fork, in block order. */
export function upgradeDeposits(fork: UpgradeFork): DepositTx[] {
  return upgrades[fork].map((upgrade) => ({
    sourceHash: upgradeDepositSourceHash(upgrade.intent),
    from: upgrade.from,
    to: upgrade.to,
    mint: 0n,
    value: 0n,
    gas: BigInt(upgrade.gas),
    isSystemTx: false,
    data: upgrade.data,
  }));
}

export function upgradeIntents(fork: UpgradeFork): string[] {
  return upgrades[fork].map((upgrade) => upgrade.intent);
}

/** The encoded upgrade transactions of one fork. */
export function upgradeTransactions(fork: UpgradeFork): Uint8Array[] {
  return upgradeDeposits(fork).map(encodeDepositTx);
}

/** Forks with upgrade transactions, in the order their txs follow each other in one block. */
export const upgradeForks: readonly UpgradeFork[] = ["ecotone", "fjord", "isthmus", "jovian", "interop"];
