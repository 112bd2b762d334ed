// Executing-message traffic: every chain's Emitter logs are collected from its engine's receipts
// as initiating messages; before a chain builds a block at an interop time, it executes the other
// chains' messages not yet executed (valid ones, with their access list) and, once each, the
// invalid kinds asked for.
import {
  type Address,
  ForkSchedule,
  type Hash,
  type Hex,
  MESSAGE_EXPIRY_WINDOW_SECONDS,
} from "@supernode/protocol";
import type { DevnetChain } from "../chains/devnetChain.ts";
import {
  type ExecutingMessageKind,
  executingMessage,
  type InitiatingMessage,
  initiatingMessage,
} from "./interop/executingMessages.ts";
import { EMITTER_MESSAGE_TOPIC } from "./interop/initiatingMessages.ts";
import { type L2Sender, l2Rpc } from "./l2Accounts.ts";

export type { InitiatingMessage };
export type InvalidMessageKind = Exclude<ExecutingMessageKind, "valid">;

/** A chain id no devnet uses (for the unknown-chain variant). */
const UNKNOWN_CHAIN_ID = 999_999n;
/** Gas for one validateMessage call with its access list (~30k used). */
const EXECUTE_GAS = 200_000n;

interface RpcLog {
  address: Address;
  topics: Hash[];
  data: Hex;
  logIndex: Hex;
}

interface ChainState {
  readonly chain: DevnetChain;
  readonly executor: L2Sender;
  readonly forks: ForkSchedule;
  /** The last block whose receipts were scanned. */
  scanned: number;
  readonly seen: InitiatingMessage[];
  /** Per source chain: how many of its messages this chain has executed. */
  readonly executed: Map<number, number>;
}

/** An executing message the traffic sent (for tests). */
export interface SentExecutingMessage {
  readonly chainId: number;
  readonly kind: ExecutingMessageKind;
  readonly txHash: Hex;
  readonly message: InitiatingMessage;
}

export class InteropTraffic {
  readonly #chains: ChainState[];
  readonly #invalid: InvalidMessageKind[];
  readonly sent: SentExecutingMessage[] = [];

  constructor(
    chains: readonly { readonly chain: DevnetChain; readonly executor: L2Sender }[],
    invalid: readonly InvalidMessageKind[],
  ) {
    this.#chains = chains.map(({ chain, executor }) => ({
      chain,
      executor,
      forks: new ForkSchedule(chain.rollup),
      scanned: 0,
      seen: [],
      executed: new Map(),
    }));
    this.#invalid = [...invalid];
  }

  seen(chainId: number): readonly InitiatingMessage[] {
    return this.#chains.find((c) => c.chain.chainId === chainId)?.seen ?? [];
  }

  /** Reads new blocks' receipts on `state`'s chain for Emitter logs. */
  async #scan(state: ChainState): Promise<void> {
    const rpc = l2Rpc(state.chain);
    const latest = await rpc<{ number: Hex } | null>("eth_getBlockByNumber", ["latest", false]);
    const head = Number(latest?.number ?? 0);
    for (let n = state.scanned + 1; n <= head; n++) {
      const block = await rpc<{ timestamp: Hex; hash: Hash } | null>("eth_getBlockByNumber", [
        `0x${n.toString(16)}`,
        false,
      ]);
      if (!block) break;
      const receipts = await rpc<{ logs: RpcLog[] }[]>("eth_getBlockReceipts", [block.hash]);
      for (const log of receipts.flatMap((r) => r.logs)) {
        if (log.topics[0]?.toLowerCase() !== EMITTER_MESSAGE_TOPIC) continue;
        state.seen.push(
          initiatingMessage(log, {
            chainId: BigInt(state.chain.chainId),
            blockNumber: BigInt(n),
            timestamp: BigInt(block.timestamp),
            logIndex: Number(log.logIndex),
          }),
        );
      }
      state.scanned = n;
    }
  }

  /** Before `chainId` builds its block at `timestamp`: execute what the other chains initiated. */
  async beforeL2Block(chainId: number, timestamp: number): Promise<void> {
    const target = this.#chains.find((c) => c.chain.chainId === chainId);
    if (!target?.forks.isInterop(timestamp)) return;
    for (const source of this.#chains) {
      if (source === target) continue;
      await this.#scan(source);
      const done = target.executed.get(source.chain.chainId) ?? 0;
      // Only messages initiated at or before the executing block's time.
      const ready = source.seen.slice(done).filter((m) => m.identifier.timestamp <= BigInt(timestamp));
      for (const message of ready) {
        await this.#send(target, "valid", message, timestamp);
        target.executed.set(source.chain.chainId, (target.executed.get(source.chain.chainId) ?? 0) + 1);
      }
      const latest = source.seen.at(-1);
      while (latest && latest.identifier.timestamp <= BigInt(timestamp) && this.#invalid.length > 0)
        await this.#send(target, this.#invalid.shift() as InvalidMessageKind, latest, timestamp);
    }
  }

  async #send(target: ChainState, kind: ExecutingMessageKind, message: InitiatingMessage, timestamp: number) {
    const call = executingMessage(kind, message, {
      execTimestamp: BigInt(timestamp),
      unknownChainId: UNKNOWN_CHAIN_ID,
      expiryWindow: MESSAGE_EXPIRY_WINDOW_SECONDS,
    });
    const txHash = await target.executor.send({
      to: call.to,
      data: call.data,
      gas: EXECUTE_GAS,
      accessList: call.accessList.map((entry) => ({
        address: entry.address,
        storageKeys: [...entry.storageKeys],
      })),
    });
    this.sent.push({ chainId: target.chain.chainId, kind, txHash, message });
  }
}
