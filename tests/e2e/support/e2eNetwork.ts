// One end-to-end setup: a fast-clock devnet in this process (its sequencers make the chains), an
// empty replica engine per chain that only the supernode drives, and the compiled supernode as a
// child process on fixed ports (so a restart keeps its URLs), with a Light CL follower on every
// chain. The test drives the devnet tick by tick while it polls `supernode_syncStatus`, and
// compares what the replicas hold with the sequencers' chains.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ChainEngine,
  Devnet,
  type DevnetChainRuntime,
  type DevnetOptions,
  type SupernodeEngines,
  startSupernodeEngines,
  supernodeArgs,
} from "@supernode/devnet";
import { createEngineTransport, L2Reader } from "@supernode/engine-api";
import {
  ForkSchedule,
  type Hash,
  type SuperNodeSyncStatusJson,
  type SyncStatusJson,
} from "@supernode/protocol";
import { type Follower, type FollowerReport, startFollower } from "@supernode/test-helpers/followClient";
import { rpcCall } from "@supernode/test-helpers/jsonRpc";
import { supernodeBinary } from "./binary.ts";
import { killAllSupernodes, type SupernodeProcess, spawnSupernode } from "./supernodeProcess.ts";

export type E2EOptions = Pick<DevnetOptions, "dataMode" | "compression" | "batchType" | "traffic">;

export interface ChainSide {
  readonly id: string;
  readonly runtime: DevnetChainRuntime;
  readonly replica: ChainEngine;
  /** The replica engine as the test reads it (the Engine API port wants the JWT for eth_* too). */
  readonly replicaReader: L2Reader;
  /** Every local-safe and safe block the supernode reported: number → hashes. */
  readonly seen: Map<number, Set<Hash>>;
}

export interface DriveOptions {
  /** Give up (throw) after this many devnet ticks. */
  readonly maxTicks: number;
  /** Chains whose local-safe paces the ticking (default: all): the devnet waits while they lag. */
  readonly pace?: readonly string[];
  /** Called after every status read. */
  readonly onStatus?: (statuses: ReadonlyMap<string, SyncStatusJson>) => void | Promise<void>;
}

/**
 * Lighter than the devnet's default (a transfer every block, an initiating message every second):
 * every kind still flows — transfers, initiating and executing messages, L1 deposits from an EOA
 * and through a contract every 5th L1 block — at about half the devnet's CPU per block.
 */
const E2E_TRAFFIC = { transferEvery: 3, initiateEvery: 6 } as const;

/** `--rpc.hold-ms`: how long the gateway holds a request to a chain that is not ready before 503. */
export const HOLD_MS = 2_000;

/** Devnet seconds the sequencers may run ahead of the paced chains' local-safe before ticking waits. */
const MAX_LEAD_SECONDS = 30;
/** How long ticking waits for a lagging chain before ticking anyway (it may need L1 blocks). */
const MAX_WAIT_MS = 3_000;

async function freePort(): Promise<number> {
  const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = server.port;
  server.stop(true);
  return port;
}

function describeStatuses(statuses: ReadonlyMap<string, SyncStatusJson>): string {
  return [...statuses]
    .map(
      ([id, s]) =>
        `${id}: local-safe ${s.local_safe_l2.number} safe ${s.safe_l2.number} finalized ${s.finalized_l2.number} L1 ${s.current_l1.number}`,
    )
    .join(", ");
}

export class E2ENetwork {
  supernode: SupernodeProcess | null = null;
  #followers: Follower[] = [];
  #stopped = false;

  private constructor(
    readonly devnet: Devnet,
    readonly engines: SupernodeEngines,
    readonly chains: readonly ChainSide[],
    readonly binary: string,
    readonly dir: string,
    readonly rpcPort: number,
    readonly metricsPort: number,
  ) {}

  /** A network with its supernode and the follower checks running: how every e2e file begins. */
  static async startRunning(options: E2EOptions = {}): Promise<E2ENetwork> {
    const net = await E2ENetwork.start(options);
    try {
      await net.startSupernode();
    } catch (error) {
      await net.stop();
      throw error;
    }
    net.startFollowers();
    return net;
  }

  static async start(options: E2EOptions = {}): Promise<E2ENetwork> {
    const binary = await supernodeBinary();
    const dir = mkdtempSync(join(tmpdir(), "supernode-e2e-"));
    let devnet: Devnet | null = null;
    let engines: SupernodeEngines;
    try {
      devnet = await Devnet.start({
        traffic: E2E_TRAFFIC,
        ...options,
        clock: "fast",
        dataDir: join(dir, "devnet"),
      });
      engines = await startSupernodeEngines(devnet, join(dir, "engines"));
    } catch (error) {
      await devnet?.stop();
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
    const chains = devnet.runtimes.map((runtime): ChainSide => {
      const { rollup, chainId } = runtime.chain;
      const replica = engines.engines.get(chainId) as ChainEngine;
      return {
        id: String(chainId),
        runtime,
        replica,
        replicaReader: new L2Reader({
          call: createEngineTransport({ url: replica.url, jwtSecret: engines.jwtSecret, chainId }),
          forks: new ForkSchedule(rollup),
          genesis: rollup.genesis,
        }),
        seen: new Map(),
      };
    });
    return new E2ENetwork(devnet, engines, chains, binary, dir, await freePort(), await freePort());
  }

  get rpcUrl(): string {
    return `http://127.0.0.1:${this.rpcPort}`;
  }

  get metricsUrl(): string {
    return `http://127.0.0.1:${this.metricsPort}/metrics`;
  }

  get dataDir(): string {
    return join(this.dir, "data");
  }

  chain(id: string): ChainSide {
    const chain = this.chains.find((c) => c.id === id);
    if (!chain) throw new Error(`no chain ${id}`);
    return chain;
  }

  /** `supernode run`'s flags for this devnet (apps/devnet's), on this network's fixed ports. */
  args(): string[] {
    const args = supernodeArgs(this.devnet, this.engines, { dataDir: this.dataDir });
    const set = (flag: string, value: string) => {
      const at = args.indexOf(flag);
      if (at < 0) args.push(flag, value);
      else args[at + 1] = value;
    };
    set("--rpc.port", String(this.rpcPort));
    set("--metrics.port", String(this.metricsPort));
    set("--rpc.hold-ms", String(HOLD_MS));
    return args;
  }

  /** Starts the binary (again, after a kill: same flags, ports and data dir). */
  async startSupernode(): Promise<SupernodeProcess> {
    this.supernode = await spawnSupernode(this.binary, this.args());
    if (this.supernode.ready.rpc !== this.rpcUrl)
      throw new Error(`the supernode serves ${this.supernode.ready.rpc}, not ${this.rpcUrl}`);
    return this.supernode;
  }

  /** A Light CL follower on every chain, polling until `stopFollowers()`. */
  startFollowers(intervalMs = 250): void {
    for (const chain of this.chains)
      this.#followers.push(
        startFollower({ rpcUrl: this.rpcUrl, chainId: chain.id, l1Url: this.devnet.l1.url, intervalMs }),
      );
  }

  async stopFollowers(): Promise<FollowerReport[]> {
    const reports = await Promise.all(this.#followers.map((f) => f.stop()));
    this.#followers = [];
    return reports;
  }

  async rpc<T>(
    path: string,
    method: string,
    params: unknown[] = [],
    timeoutMs = 10_000,
    signal?: AbortSignal,
  ): Promise<T> {
    const timeout = AbortSignal.timeout(timeoutMs);
    return rpcCall<T>(`${this.rpcUrl}${path}`, method, params, {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
  }

  /**
   * Every chain's status: from `supernode_syncStatus`, or, when that cannot answer (a chain is
   * not running), from each chain's own `optimism_syncStatus` — those that answer, not waiting
   * for a held one more than 300 ms after the first answer.
   */
  async statuses(): Promise<Map<string, SyncStatusJson>> {
    const out = new Map<string, SyncStatusJson>();
    try {
      const all = await this.rpc<SuperNodeSyncStatusJson>("/", "supernode_syncStatus", [], 5_000);
      for (const [id, status] of Object.entries(all.chains)) out.set(id, status);
    } catch {
      const late = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.all(
        this.chains.map(async (chain) => {
          const status = await this.rpc<SyncStatusJson>(
            `/${chain.id}`,
            "optimism_syncStatus",
            [],
            5_000,
            late.signal,
          ).catch(() => null);
          if (!status) return;
          out.set(chain.id, status);
          timer ??= setTimeout(() => late.abort(), 300);
        }),
      );
      clearTimeout(timer);
    }
    for (const [id, status] of out) {
      const chain = this.chains.find((c) => c.id === id);
      if (!chain) continue;
      for (const head of [status.local_safe_l2, status.safe_l2]) {
        const hashes = chain.seen.get(head.number) ?? new Set<Hash>();
        hashes.add(head.hash);
        chain.seen.set(head.number, hashes);
      }
    }
    return out;
  }

  /**
   * Ticks the devnet until `done(statuses)`, reading the statuses between rounds of two ticks (one
   * L1 block). While a paced chain's local-safe lags the sequencers by more than
   * MAX_LEAD_SECONDS of devnet time, ticking waits (up to MAX_WAIT_MS) so the supernode, on the
   * same two cores, can catch up.
   */
  async drive(
    done: (statuses: ReadonlyMap<string, SyncStatusJson>) => boolean,
    options: DriveOptions,
  ): Promise<Map<string, SyncStatusJson>> {
    const pace = options.pace ?? this.chains.map((c) => c.id);
    const progressOf = (statuses: ReadonlyMap<string, SyncStatusJson>) =>
      pace.reduce((sum, id) => sum + (statuses.get(id)?.local_safe_l2.number ?? 0), 0);
    let ticks = 0;
    let progress = -1;
    let waitingSince: number | null = null;
    for (;;) {
      if (this.#stopped) throw new Error("the network was stopped while driving");
      const statuses = await this.statuses();
      if (process.env.E2E_DEBUG) console.error(`[e2e] ticks ${ticks} ${describeStatuses(statuses)}`);
      await options.onStatus?.(statuses);
      if (done(statuses)) return statuses;
      if (ticks >= options.maxTicks)
        throw new Error(`not done after ${ticks} ticks: ${describeStatuses(statuses)}\n${this.logTail()}`);
      // Wait while a paced chain lags far behind and is catching up; tick when it is not moving
      // (it may need the next L1 blocks) or after waiting MAX_WAIT_MS.
      const now = this.devnet.clock.now();
      const lagging = pace.some((id) => {
        const status = statuses.get(id);
        return status !== undefined && now - status.local_safe_l2.timestamp > MAX_LEAD_SECONDS;
      });
      const moved = progressOf(statuses) > progress;
      progress = progressOf(statuses);
      if (lagging && moved) {
        waitingSince ??= Date.now();
        if (Date.now() - waitingSince < MAX_WAIT_MS) {
          await Bun.sleep(100);
          continue;
        }
      }
      waitingSince = null;
      for (let i = 0; i < 2; i++) await this.devnet.tick();
      ticks += 2;
    }
  }

  /** Reads the statuses (without ticking) until `done(statuses)`; throws after `timeoutMs`. */
  async waitFor(
    done: (statuses: ReadonlyMap<string, SyncStatusJson>) => boolean,
    timeoutMs: number,
  ): Promise<Map<string, SyncStatusJson>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const statuses = await this.statuses();
      if (done(statuses)) return statuses;
      if (Date.now() > deadline)
        throw new Error(`not done in ${timeoutMs} ms: ${describeStatuses(statuses)}\n${this.logTail()}`);
      await Bun.sleep(100);
    }
  }

  /** The supernode's last log lines (for failure messages). */
  logTail(lines = 15): string {
    return (this.supernode?.logs ?? [])
      .slice(-lines)
      .map((line) => JSON.stringify(line))
      .join("\n");
  }

  /** Drives until every chain (or those named) has local-safe at least `blocks`. */
  driveToLocalSafe(
    blocks: number,
    maxTicks: number,
    chains?: readonly string[],
  ): Promise<Map<string, SyncStatusJson>> {
    const ids = chains ?? this.chains.map((c) => c.id);
    return this.drive(
      (statuses) => ids.every((id) => (statuses.get(id)?.local_safe_l2.number ?? -1) >= blocks),
      {
        maxTicks,
      },
    );
  }

  /** Heights in `from…to` where the replica's canonical block is not the sequencer's. */
  async replicaMismatches(id: string, from: number, to: number): Promise<string[]> {
    const chain = this.chain(id);
    const differing: string[] = [];
    for (let start = from; start <= to; start += 25) {
      const numbers = Array.from({ length: Math.min(25, to - start + 1) }, (_, i) => start + i);
      const pairs = await Promise.all(
        numbers.map(async (n) => {
          const [ours, theirs] = await Promise.all([
            chain.replicaReader.blockRef(n),
            chain.runtime.reader.blockRef(n),
          ]);
          return { n, ours: ours?.hash, theirs: theirs?.hash };
        }),
      );
      for (const { n, ours, theirs } of pairs)
        if (!ours || ours !== theirs)
          differing.push(`${id}#${n}: replica ${ours ?? "none"}, sequencer ${theirs ?? "none"}`);
    }
    return differing;
  }

  /** Reported local-safe/safe blocks (from every status read) that are not the sequencer's. */
  async reportedMismatches(id: string): Promise<string[]> {
    const chain = this.chain(id);
    const seen = [...chain.seen];
    const differing: string[] = [];
    for (let start = 0; start < seen.length; start += 25) {
      const checked = await Promise.all(
        seen.slice(start, start + 25).map(async ([n, hashes]) => {
          const theirs = (await chain.runtime.reader.blockRef(n))?.hash;
          return [...hashes]
            .filter((hash) => hash !== theirs)
            .map((hash) => `${id}#${n}: reported ${hash}, sequencer ${theirs}`);
        }),
      );
      differing.push(...checked.flat());
    }
    return differing;
  }

  /** A sample value from /metrics (0 when the series does not exist yet). */
  async metric(name: string, labels: Record<string, string>): Promise<number> {
    const text = await (await fetch(this.metricsUrl, { signal: AbortSignal.timeout(10_000) })).text();
    const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
    for (const line of text.split("\n")) {
      if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
      const labelText = line.slice(name.length, line.lastIndexOf(" "));
      if (wanted.every((pair) => labelText.includes(pair)))
        return Number(line.slice(line.lastIndexOf(" ") + 1));
    }
    return 0;
  }

  /** Stops followers, the supernode, the replicas and the devnet, whatever failed before; removes the files. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.allSettled(this.#followers.map((f) => f.stop()));
    await killAllSupernodes();
    await this.engines.stop();
    await this.devnet.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
