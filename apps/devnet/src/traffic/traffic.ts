// Devnet traffic: on every chain, transfers between funded accounts and initiating messages (an
// Emitter contract's logs); from L1, deposits from an EOA and from a contract (aliased); and,
// once interop is active, executing messages through CrossL2Inbox that reference real initiating
// logs of another chain (valid ones, and on request invalid ones). Traffic never blocks the
// devnet: a failed send is logged and the account's nonce re-read.
import type { Address, Hex, Logger } from "@supernode/protocol";
import { silentLogger } from "@supernode/protocol";
import { encodeDeployData, encodeFunctionData, getContractAddress, parseEther, toHex } from "viem";
import type { DevnetChain } from "../chains/devnetChain.ts";
import { emitterArtifact } from "../contracts/artifacts.ts";
import type { L1Contracts } from "../contracts/l1Contracts.ts";
import { type DevnetL1, devAddress } from "../l1/devnetL1.ts";
import { type InitiatingMessage, InteropTraffic, type InvalidMessageKind } from "./interopTraffic.ts";
import { L2Sender, l2Rpc } from "./l2Accounts.ts";

export interface TrafficOptions {
  /** A transfer on every chain every this many L2 blocks (0: none; default 1). */
  readonly transferEvery?: number;
  /** An initiating message on every chain every this many L2 blocks (0: none; default 2). */
  readonly initiateEvery?: number;
  /** L1 deposits (one from an EOA and one from a contract per chain) every this many L1 blocks (0: none; default 5). */
  readonly depositEvery?: number;
  /** Executing messages for the other chains' initiating messages once interop is active (default true). */
  readonly executingMessages?: boolean;
  /** Invalid executing messages to send, one each, as soon as there is something to reference. */
  readonly invalidMessages?: readonly InvalidMessageKind[];
}

export interface TrafficStartOptions extends TrafficOptions {
  readonly l1: DevnetL1;
  /** Per chain, in the order of `chains`: depositors from an EOA and through the depositor contract. */
  readonly depositors: readonly { readonly eoa: L1Contracts; readonly viaContract: L1Contracts }[];
  readonly chains: readonly DevnetChain[];
  readonly logger?: Logger;
}

/** L2 dev account roles (never L1 depositors: anvil cannot hold a deposit and a signed
 * transaction of one sender in one block). */
const TRANSFER_FROM = 2;
const TRANSFER_TO = 3;
const EMITTER = 4;
const EXECUTOR = 5;
/** Where deposits send their minted ETH on L2. */
const DEPOSIT_RECIPIENT: Address = "0x00000000000000000000000000000000000d0d0d";

interface ChainTraffic {
  readonly chain: DevnetChain;
  readonly transfer: L2Sender;
  readonly emitter: L2Sender;
  readonly emitterAddress: Address;
  blocks: number;
}

export class Traffic {
  #l1Blocks = 0;

  private constructor(
    private readonly options: TrafficStartOptions,
    private readonly chains: readonly ChainTraffic[],
    readonly interop: InteropTraffic,
    private readonly logger: Logger,
  ) {}

  static async start(options: TrafficStartOptions): Promise<Traffic> {
    const chains: ChainTraffic[] = [];
    for (const chain of options.chains) {
      const rpc = l2Rpc(chain);
      const emitter = new L2Sender(chain.chainId, EMITTER, rpc);
      const nonce = Number(await rpc<Hex>("eth_getTransactionCount", [emitter.address, "latest"]));
      const emitterAddress = getContractAddress({ from: emitter.address, nonce: BigInt(nonce) });
      // Deployed with the first block's pool; calls to it wait until it is there.
      await emitter.send({
        data: encodeDeployData({ abi: emitterArtifact.abi, bytecode: emitterArtifact.bytecode }),
        gas: 500_000n,
      });
      chains.push({
        chain,
        transfer: new L2Sender(chain.chainId, TRANSFER_FROM, rpc),
        emitter,
        emitterAddress: emitterAddress.toLowerCase() as Address,
        blocks: 0,
      });
    }
    const interop = new InteropTraffic(
      options.chains.map((chain) => ({
        chain,
        executor: new L2Sender(chain.chainId, EXECUTOR, l2Rpc(chain)),
      })),
      options.invalidMessages ?? [],
    );
    return new Traffic(options, chains, interop, options.logger ?? silentLogger);
  }

  /** Before chain `chainId` builds its block at `timestamp`: transfers, initiating and executing messages. */
  async beforeL2Block(chainId: number, timestamp: number): Promise<void> {
    const traffic = this.chains.find((c) => c.chain.chainId === chainId);
    if (!traffic) return;
    const n = ++traffic.blocks;
    const transferEvery = this.options.transferEvery ?? 1;
    const initiateEvery = this.options.initiateEvery ?? 2;
    await this.#attempt(traffic.transfer, async () => {
      if (transferEvery > 0 && n % transferEvery === 0)
        await traffic.transfer.send({
          to: devAddress(TRANSFER_TO),
          value: BigInt(n),
          gas: 21_000n,
        });
    });
    await this.#attempt(traffic.emitter, async () => {
      if (n > 1 && initiateEvery > 0 && n % initiateEvery === 0)
        await traffic.emitter.send({
          to: traffic.emitterAddress,
          data: encodeFunctionData({
            abi: emitterArtifact.abi,
            functionName: "emitMessage",
            args: [toHex(`chain ${chainId} message ${n}`)],
          }),
          gas: 100_000n,
        });
    });
    if (this.options.executingMessages !== false) {
      try {
        await this.interop.beforeL2Block(chainId, timestamp);
      } catch (error) {
        this.logger.warn("executing-message traffic failed", { chainId, error: String(error) });
      }
    }
  }

  /** Before an L1 block is mined: deposits, every `depositEvery` L1 blocks. */
  async beforeL1Block(): Promise<void> {
    const every = this.options.depositEvery ?? 5;
    this.#l1Blocks++;
    if (every === 0 || this.#l1Blocks % every !== 0) return;
    for (const depositor of this.options.depositors) {
      await depositor.eoa.deposit({ to: DEPOSIT_RECIPIENT, mint: parseEther("0.01"), gasLimit: 100_000n });
      await depositor.viaContract.depositFromContract({
        to: DEPOSIT_RECIPIENT,
        mint: parseEther("0.02"),
        value: parseEther("0.01"),
        gasLimit: 100_000n,
      });
    }
  }

  /** Initiating messages seen on `chainId` so far (for tests and the executing side). */
  initiatingMessages(chainId: number): readonly InitiatingMessage[] {
    return this.interop.seen(chainId);
  }

  async #attempt(sender: L2Sender, send: () => Promise<void>): Promise<void> {
    try {
      await send();
    } catch (error) {
      sender.resync();
      this.logger.warn("traffic send failed", { chainId: sender.chainId, error: String(error) });
    }
  }
}
