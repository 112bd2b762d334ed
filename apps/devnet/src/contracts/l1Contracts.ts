// The devnet's L1 contracts on anvil: an OptimismPortal (deposits) and a SystemConfig (rollup
// config updates) whose events are byte-identical to the OP Stack's, and a DepositorContract for
// deposits made by a contract (aliased sender). Deployed and called with viem; the bytecode comes
// from the generated artifacts module (no solc at run time).
import type { Address, Hash, Hex, SystemConfig } from "@supernode/protocol";
import {
  type Chain,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
  type PublicClient,
  padHex,
  type TransactionReceipt,
  type WalletClient,
  zeroAddress,
} from "viem";
import { type PrivateKeyAccount, privateKeyToAccount } from "viem/accounts";
import { depositorContractArtifact, optimismPortalArtifact, systemConfigArtifact } from "./artifacts.ts";

const ZERO_WORD: Hex = `0x${"00".repeat(32)}`;

/** Where and as whom to send L1 transactions. */
export interface L1Connection {
  /** The L1's JSON-RPC URL. */
  readonly l1Url: string;
  /** The sender's private key. */
  readonly key: Hex;
  /** How often to poll for a receipt, in ms (default 50). */
  readonly pollingIntervalMs?: number;
}

export interface DeployL1ContractsOptions {
  readonly l1Url: string;
  /** Key of the account that deploys (it pays; it is no owner unless named as one). */
  readonly deployerKey: Hex;
  /** SystemConfig's owner: the only account whose setters succeed. */
  readonly owner: Address;
  /** The batcher's address (SystemConfig's batcherHash is it left-padded to 32 bytes). */
  readonly batcher: Address;
  /** The L2 block gas limit. */
  readonly gasLimit: bigint;
  /** Ecotone fee scalars (SystemConfig's versioned scalar). */
  readonly basefeeScalar: number;
  readonly blobbasefeeScalar: number;
  /** The p2p unsafe block signer (default: zero). */
  readonly unsafeBlockSigner?: Address;
  /**
   * Mines the pending transactions, for an L1 that does not mine by itself (DevnetL1.mine);
   * without it the L1 must automine.
   */
  readonly mine?: () => Promise<unknown>;
  readonly pollingIntervalMs?: number;
}

export interface L1Deployment {
  readonly portal: Address;
  readonly systemConfig: Address;
  readonly depositor: Address;
  /**
   * The L1 block that holds the SystemConfig deployment (its start block; the portal is deployed
   * in it or before). Its receipts carry the initial BATCHER, FEE_SCALARS and GAS_LIMIT updates.
   */
  readonly blockNumber: bigint;
  readonly blockHash: Hash;
}

/** A deposit request: what OptimismPortal.depositTransaction takes, and the ETH sent (mint). */
export interface DepositRequest {
  /** The L2 recipient; null creates a contract (to = zero, isCreation = true). */
  readonly to: Address | null;
  /** ETH sent with the L1 call and minted on L2 (msg.value). Default 0. */
  readonly mint?: bigint;
  /** ETH value of the L2 call. Default 0. */
  readonly value?: bigint;
  /** L2 gas limit (at least 21000 + 40 per data byte). */
  readonly gasLimit: bigint;
  /** L2 calldata or init code. Default empty. */
  readonly data?: Hex;
}

/** One SystemConfig setter call, named after the ConfigUpdate type it emits. */
export type ConfigUpdateRequest =
  | { readonly type: "batcher"; readonly batcher: Address }
  /** Ecotone `setGasConfigEcotone`. */
  | { readonly type: "feeScalars"; readonly basefeeScalar: number; readonly blobbasefeeScalar: number }
  /** Pre-Ecotone `setGasConfig` (also a FEE_SCALARS update). */
  | { readonly type: "gasConfig"; readonly overhead: bigint; readonly scalar: bigint }
  | { readonly type: "gasLimit"; readonly gasLimit: bigint }
  | { readonly type: "unsafeBlockSigner"; readonly signer: Address }
  | { readonly type: "eip1559Params"; readonly denominator: number; readonly elasticity: number }
  | { readonly type: "operatorFeeParams"; readonly scalar: number; readonly constant: bigint }
  | { readonly type: "minBaseFee"; readonly minBaseFee: bigint }
  | { readonly type: "daFootprintGasScalar"; readonly scalar: number };

/** The Ecotone versioned scalar: 0x01 ‖ 23 zero bytes ‖ u32 blobbasefeeScalar ‖ u32 basefeeScalar. */
export function ecotoneScalar(basefeeScalar: number, blobbasefeeScalar: number): Hex {
  const value = (1n << 248n) | (BigInt(blobbasefeeScalar) << 32n) | BigInt(basefeeScalar);
  return `0x${value.toString(16).padStart(64, "0")}`;
}

/** The batcherHash of a batcher address (version 0: the address left-padded). */
export function batcherHash(batcher: Address): Hash {
  return padHex(batcher, { size: 32 });
}

/** The SystemConfig a freshly deployed contract holds: what the rollup config's genesis records. */
export function deployedSystemConfig(
  options: Pick<DeployL1ContractsOptions, "batcher" | "gasLimit" | "basefeeScalar" | "blobbasefeeScalar">,
): SystemConfig {
  return {
    batcherAddr: options.batcher.toLowerCase() as Address,
    overhead: ZERO_WORD,
    scalar: ecotoneScalar(options.basefeeScalar, options.blobbasefeeScalar),
    gasLimit: Number(options.gasLimit),
    eip1559Params: "0x0000000000000000",
    operatorFeeParams: ZERO_WORD,
    minBaseFee: 0n,
    daFootprintGasScalar: 0,
  };
}

interface Clients {
  readonly account: PrivateKeyAccount;
  readonly chain: Chain;
  readonly wallet: WalletClient;
  readonly public: PublicClient;
}

async function connect(l1Url: string, key: Hex, pollingIntervalMs = 50): Promise<Clients> {
  const transport = http(l1Url);
  const probe = createPublicClient({ transport });
  const chain = defineChain({
    id: await probe.getChainId(),
    name: "devnet L1",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [l1Url] } },
  });
  const account = privateKeyToAccount(key);
  return {
    account,
    chain,
    wallet: createWalletClient({ account, chain, transport, pollingInterval: pollingIntervalMs }),
    public: createPublicClient({ chain, transport, pollingInterval: pollingIntervalMs }) as PublicClient,
  };
}

function requireSuccess(receipt: TransactionReceipt, what: string): TransactionReceipt {
  if (receipt.status !== "success")
    throw new Error(`${what}: transaction ${receipt.transactionHash} reverted`);
  return receipt;
}

/** Deploys OptimismPortal, SystemConfig and DepositorContract (in one block when `mine` is given). */
export async function deployL1Contracts(options: DeployL1ContractsOptions): Promise<L1Deployment> {
  const c = await connect(options.l1Url, options.deployerKey, options.pollingIntervalMs);
  const base = { account: c.account, chain: c.chain } as const;
  const hashes = {
    portal: await c.wallet.deployContract({
      ...base,
      abi: optimismPortalArtifact.abi,
      bytecode: optimismPortalArtifact.bytecode,
    }),
    systemConfig: await c.wallet.deployContract({
      ...base,
      abi: systemConfigArtifact.abi,
      bytecode: systemConfigArtifact.bytecode,
      args: [
        options.owner,
        batcherHash(options.batcher),
        options.basefeeScalar,
        options.blobbasefeeScalar,
        options.gasLimit,
        options.unsafeBlockSigner ?? zeroAddress,
      ],
    }),
    depositor: await c.wallet.deployContract({
      ...base,
      abi: depositorContractArtifact.abi,
      bytecode: depositorContractArtifact.bytecode,
    }),
  };
  if (options.mine) await options.mine();
  const receipts = await Promise.all(
    Object.entries(hashes).map(async ([name, hash]) => {
      const receipt = requireSuccess(await c.public.waitForTransactionReceipt({ hash }), `deploy ${name}`);
      if (!receipt.contractAddress) throw new Error(`deploy ${name}: no contract address in the receipt`);
      return receipt;
    }),
  );
  const [portal, systemConfig, depositor] = receipts as [
    TransactionReceipt,
    TransactionReceipt,
    TransactionReceipt,
  ];
  return {
    portal: portal.contractAddress as Address,
    systemConfig: systemConfig.contractAddress as Address,
    depositor: depositor.contractAddress as Address,
    blockNumber: systemConfig.blockNumber,
    blockHash: systemConfig.blockHash,
  };
}

/**
 * Sends deposits and config updates to deployed contracts. Every call returns once the L1 has
 * the transaction (not once it is mined): on an L1 that does not automine, mine, then ask for
 * `receipt(hash)`.
 */
export class L1Contracts {
  private constructor(
    private readonly clients: Clients,
    readonly deployment: Pick<L1Deployment, "portal" | "systemConfig" | "depositor">,
  ) {}

  static async connect(
    connection: L1Connection,
    deployment: Pick<L1Deployment, "portal" | "systemConfig" | "depositor">,
  ): Promise<L1Contracts> {
    return new L1Contracts(
      await connect(connection.l1Url, connection.key, connection.pollingIntervalMs),
      deployment,
    );
  }

  /** The sender's address (an EOA: its deposits keep it as the L2 sender, unaliased). */
  get address(): Address {
    return this.clients.account.address;
  }

  /** A deposit straight from the sender (an EOA): `from` on L2 is the sender itself. */
  deposit(request: DepositRequest): Promise<Hash> {
    const c = this.clients;
    return c.wallet.writeContract({
      account: c.account,
      chain: c.chain,
      address: this.deployment.portal,
      abi: optimismPortalArtifact.abi,
      functionName: "depositTransaction",
      args: [
        request.to ?? zeroAddress,
        request.value ?? 0n,
        request.gasLimit,
        request.to === null,
        request.data ?? "0x",
      ],
      value: request.mint ?? 0n,
    });
  }

  /** A deposit through DepositorContract: `from` on L2 is the depositor's address, aliased. */
  depositFromContract(request: DepositRequest): Promise<Hash> {
    const c = this.clients;
    return c.wallet.writeContract({
      account: c.account,
      chain: c.chain,
      address: this.deployment.depositor,
      abi: depositorContractArtifact.abi,
      functionName: "deposit",
      args: [
        this.deployment.portal,
        request.to ?? zeroAddress,
        request.value ?? 0n,
        request.gasLimit,
        request.to === null,
        request.data ?? "0x",
      ],
      value: request.mint ?? 0n,
    });
  }

  /** One SystemConfig setter (the sender must be the owner, or the transaction reverts). */
  setConfig(update: ConfigUpdateRequest): Promise<Hash> {
    const c = this.clients;
    const call = {
      account: c.account,
      chain: c.chain,
      address: this.deployment.systemConfig,
      abi: systemConfigArtifact.abi,
    } as const;
    switch (update.type) {
      case "batcher":
        return c.wallet.writeContract({
          ...call,
          functionName: "setBatcherHash",
          args: [batcherHash(update.batcher)],
        });
      case "feeScalars":
        return c.wallet.writeContract({
          ...call,
          functionName: "setGasConfigEcotone",
          args: [update.basefeeScalar, update.blobbasefeeScalar],
        });
      case "gasConfig":
        return c.wallet.writeContract({
          ...call,
          functionName: "setGasConfig",
          args: [update.overhead, update.scalar],
        });
      case "gasLimit":
        return c.wallet.writeContract({ ...call, functionName: "setGasLimit", args: [update.gasLimit] });
      case "unsafeBlockSigner":
        return c.wallet.writeContract({
          ...call,
          functionName: "setUnsafeBlockSigner",
          args: [update.signer],
        });
      case "eip1559Params":
        return c.wallet.writeContract({
          ...call,
          functionName: "setEIP1559Params",
          args: [update.denominator, update.elasticity],
        });
      case "operatorFeeParams":
        return c.wallet.writeContract({
          ...call,
          functionName: "setOperatorFeeScalars",
          args: [update.scalar, update.constant],
        });
      case "minBaseFee":
        return c.wallet.writeContract({ ...call, functionName: "setMinBaseFee", args: [update.minBaseFee] });
      case "daFootprintGasScalar":
        return c.wallet.writeContract({
          ...call,
          functionName: "setDAFootprintGasScalar",
          args: [update.scalar],
        });
    }
  }

  /** Waits for the transaction's receipt (reverted ones included: check `status`). */
  receipt(hash: Hash): Promise<TransactionReceipt> {
    return this.clients.public.waitForTransactionReceipt({ hash });
  }
}
