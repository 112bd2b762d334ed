// A virtual node of one devnet chain (fast clock), as the supernode composes it: a replica engine of
// the chain from the same genesis, fed only by what the node derives from L1, with its SafeDB in a
// data dir of its own. The test steps the devnet and the node's driver by hand; every driver event
// is recorded. Helpers compare the node's chain with the sequencer's and settle the chain's
// batcher (paused, everything it sent landed and derived) before a test posts batches of its own.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DriverEvent } from "@supernode/derivation";
import { type ChainEngine, Devnet, type DevnetChainRuntime, type DevnetOptions } from "@supernode/devnet";
import { BeaconClient, createKzgCommitment, L1Client, RpcClient } from "@supernode/l1-source";
import type { Hex, L2BlockRef, LogFields, Logger } from "@supernode/protocol";
import { type ComposedVirtualNode, createVirtualNode } from "@supernode/supernode/virtual-node";

export type EventKind = DriverEvent["kind"];

export interface LogLine {
  readonly message: string;
  readonly fields: LogFields;
}

/** A logger that keeps the node's warnings (what an operator would read) and drops the rest. */
function warningsLogger(warnings: LogLine[]): Logger {
  const discard = () => {};
  const logger: Logger = {
    trace: discard,
    debug: discard,
    info: discard,
    warn: (message, fields = {}) => warnings.push({ message, fields }),
    error: (message, fields = {}) => warnings.push({ message, fields }),
    child: () => logger,
  };
  return logger;
}

export class DevnetNode {
  readonly events: DriverEvent[] = [];
  /** The node's warnings and errors, in order. */
  readonly warnings: LogLine[] = [];
  #composed: ComposedVirtualNode | null = null;

  private constructor(
    readonly devnet: Devnet,
    /** The chain's index in the devnet (0: chain 901). */
    readonly index: number,
    readonly replica: ChainEngine,
    private readonly jwtSecret: Uint8Array,
    private readonly dataDir: string,
    private readonly l1: L1Client,
    private readonly beacon: BeaconClient,
  ) {}

  /** A fast-clock devnet and a virtual node of its chain `index` (composed, not yet stepped). */
  static async start(options: DevnetOptions = {}, index = 0): Promise<DevnetNode> {
    const devnet = await Devnet.start({ clock: "fast", ...options });
    try {
      const runtime = devnet.runtimes[index] as DevnetChainRuntime;
      const jwtSecret = crypto.getRandomValues(new Uint8Array(32));
      const replica = await runtime.chain.startReplica(mkdtempSync(join(tmpdir(), "vn-engine-")), jwtSecret);
      const node = new DevnetNode(
        devnet,
        index,
        replica,
        jwtSecret,
        mkdtempSync(join(tmpdir(), "vn-data-")),
        new L1Client(new RpcClient({ url: devnet.l1.url })),
        new BeaconClient({
          urls: [devnet.l1.beaconUrl],
          secondsPerSlot: devnet.l1.blockTime,
          commit: createKzgCommitment(),
        }),
      );
      await node.compose();
      return node;
    } catch (error) {
      await devnet.stop();
      throw error;
    }
  }

  get runtime(): DevnetChainRuntime {
    return this.devnet.runtimes[this.index] as DevnetChainRuntime;
  }

  /** The node as composed now (a restart composes a new one). */
  get node(): ComposedVirtualNode {
    if (!this.#composed) throw new Error("the virtual node is not composed");
    return this.#composed;
  }

  get localSafe(): L2BlockRef {
    return this.node.controller.labels.localSafe;
  }

  /** The L1 block the node's pipeline reads now. */
  get currentL1(): number {
    return this.node.node.driver.currentL1?.number ?? -1;
  }

  /** Composes the node on the replica engine and the data dir (createVirtualNode, as the app does). */
  async compose(): Promise<void> {
    this.#composed = await createVirtualNode({
      rollup: this.runtime.chain.rollup,
      l1Chain: this.devnet.l1Chain,
      l1: this.l1,
      beacon: this.beacon,
      engineUrl: this.replica.url,
      jwtSecret: this.jwtSecret,
      dataDir: this.dataDir,
      onEvent: (event) => this.events.push(event),
      logger: warningsLogger(this.warnings),
    });
  }

  /** Stops the node and composes it again on the same engine and data dir. */
  async restart(): Promise<void> {
    await this.node.node.stop();
    this.node.safeDb?.close();
    await this.compose();
  }

  /** Steps the node until it has nothing more to derive. */
  async deriveAll(): Promise<void> {
    for (let idle = 0; idle < 3; ) {
      const step = await this.node.node.driver.step();
      idle = step === "idle" ? idle + 1 : 0;
      if (step === "idle") await this.node.node.pollL1();
    }
  }

  /** Ticks the devnet (one tick = one second of devnet time). */
  async ticks(count: number): Promise<void> {
    for (let i = 0; i < count; i++) await this.devnet.tick();
  }

  /** Ticks and derives until `done` holds (throws after `maxRounds` rounds of 10 ticks). */
  async deriveUntil(done: () => boolean, maxRounds = 40): Promise<void> {
    for (let round = 0; !done(); round++) {
      if (round >= maxRounds)
        throw new Error(`not reached after ${maxRounds} rounds (local-safe ${this.localSafe.number})`);
      await this.ticks(10);
      await this.deriveAll();
    }
  }

  /**
   * Pauses the chain's batcher, lets what it already sent land, and derives it all: the node's
   * local-safe head then stays where it is until someone posts again. Returns that head.
   */
  async settleBatcher(): Promise<L2BlockRef> {
    this.devnet.pauseBatcher(this.index);
    const address = this.runtime.batcher.address;
    const nonce = (tag: string) => this.devnet.l1.anvil.rpc<Hex>("eth_getTransactionCount", [address, tag]);
    for (let i = 0; i < 40 && (await nonce("pending")) !== (await nonce("latest")); i++)
      await this.devnet.tick();
    await this.ticks(2);
    await this.deriveAll();
    return this.localSafe;
  }

  /** Resumes the chain's batcher and derives until local-safe reaches `number`. */
  async resumeUntil(number: number): Promise<void> {
    this.devnet.pauseBatcher(this.index, false);
    await this.deriveUntil(() => this.localSafe.number >= number);
  }

  /** Events recorded from `mark` (an `events.length`) on, of the given kinds. */
  eventsSince(mark: number, ...kinds: EventKind[]): DriverEvent[] {
    return this.events.slice(mark).filter((event) => kinds.length === 0 || kinds.includes(event.kind));
  }

  /** Warnings logged from `mark` (a `warnings.length`) on, as "message: reason" lines. */
  warningsSince(mark: number): string[] {
    return this.warnings
      .slice(mark)
      .map(({ message, fields }) =>
        fields.reason === undefined ? message : `${message}: ${String(fields.reason)}`,
      );
  }

  /** The numbers of the blocks derived from `mark` on. */
  derivedSince(mark: number): number[] {
    return this.eventsSince(mark, "derived").map((event) => (event as { block: L2BlockRef }).block.number);
  }

  /** Heights in [from, to] where the node's block hash differs from the sequencer's. */
  async mismatches(from: number, to: number): Promise<number[]> {
    const differing: number[] = [];
    for (let n = from; n <= to; n++) {
      const [ours, theirs] = await Promise.all([
        this.node.reader.blockRef(n),
        this.runtime.reader.blockRef(n),
      ]);
      if (!ours || ours.hash !== theirs?.hash) differing.push(n);
    }
    return differing;
  }

  async stop(): Promise<void> {
    await this.#composed?.node.stop();
    this.#composed?.safeDb?.close();
    await this.replica.stop();
    await this.devnet.stop();
  }
}
