// A Light CL follower's view of a chain, as a check. op-node's follow client reads only four
// fields of the source's `optimism_syncStatus` (safe_l2, local_safe_l2, finalized_l2, current_l1)
// and trusts them; this one reads the same four from `POST <rpc>/<chainId>` on every poll and
// checks what a follower relies on:
// - op-node's JSON types: block refs with hash and parentHash 0x + 64 hex, number and timestamp
//   JSON numbers; L2 refs also l1origin {hash, number} and sequenceNumber; no zero hash (a
//   half-built state);
// - finalized ≤ safe ≤ local-safe by number, and finalized never moves back across polls (nor
//   changes its hash at a number it already had);
// - the three L2 heads' L1 origins and current_l1 are canonical on L1 (hash at the number, from
//   the L1's eth_getBlockByNumber). An L1 reorg may land between the status read and the L1
//   read, so on a mismatch the status is read once more (after `reorgGraceMs`) and only a
//   mismatch in that second status is a violation;
// - a chain that is restarting answers HTTP 503 with a JSON-RPC error, nothing else: any other
//   status, or a 200 without a complete result, is a violation. A refused connection (the
//   process is down) is counted apart, as `unreachable`.
// Dependency-free (fetch and timers only), so any test can run it against any supernode.

export interface FollowerOptions {
  /** The supernode's RPC root, e.g. http://127.0.0.1:9545 (the chain is served at /<chainId>). */
  readonly rpcUrl: string;
  readonly chainId: number | string;
  /** L1 execution JSON-RPC: where origins and current_l1 are checked. */
  readonly l1Url: string;
  /** Pause between polls (default 250 ms). */
  readonly intervalMs?: number;
  /**
   * Wait before the re-read that lets an L1 reorg settle (default 3000 ms): a node learns of a
   * reorg at its next L1 poll and read, so its current_l1 may name a replaced block for a moment.
   */
  readonly reorgGraceMs?: number;
  /** Per request (default 30 s, longer than any hold-then-503). */
  readonly timeoutMs?: number;
}

/** The four heads of the last good poll (numbers only). */
export interface FollowedHeads {
  readonly currentL1: number;
  readonly localSafe: number;
  readonly safe: number;
  readonly finalized: number;
}

export interface FollowerReport {
  readonly chainId: string;
  /** Polls answered with a complete status (whatever the checks found). */
  readonly polls: number;
  /** Polls answered HTTP 503 with a JSON-RPC error (the chain was restarting). */
  readonly unavailable: number;
  /** Polls whose request (to the chain or to the L1) failed at the transport: refused, reset, timeout. */
  readonly unreachable: number;
  /** Status re-reads after an L1 mismatch that the second read cleared (an L1 reorg in between). */
  readonly reorgRereads: number;
  /** Every violation found, in order (the first 100; `violationCount` has them all). */
  readonly violations: readonly string[];
  readonly violationCount: number;
  readonly last: FollowedHeads | null;
}

export interface Follower {
  /** The report so far (the follower keeps polling). */
  report(): FollowerReport;
  /** Stops polling (an in-flight request is abandoned) and returns the final report. */
  stop(): Promise<FollowerReport>;
}

const HASH = /^0x[0-9a-f]{64}$/;
const ZERO_HASH = `0x${"0".repeat(64)}`;
const FIELDS = ["current_l1", "local_safe_l2", "safe_l2", "finalized_l2"] as const;
type Field = (typeof FIELDS)[number];
const MAX_KEPT_VIOLATIONS = 100;

interface Ref {
  readonly hash: string;
  readonly number: number;
  readonly parentHash: string;
  readonly timestamp: number;
}

interface L2Ref extends Ref {
  readonly l1origin: { readonly hash: string; readonly number: number };
  readonly sequenceNumber: number;
}

interface Status {
  readonly current_l1: Ref;
  readonly local_safe_l2: L2Ref;
  readonly safe_l2: L2Ref;
  readonly finalized_l2: L2Ref;
}

type Read =
  | { readonly kind: "status"; readonly status: Status }
  | { readonly kind: "unavailable" }
  | { readonly kind: "unreachable"; readonly reason: string }
  | { readonly kind: "violation"; readonly reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isBlockNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0;
}

function hashProblem(where: string, value: unknown): string | null {
  if (typeof value !== "string" || !HASH.test(value)) return `${where} is not 0x + 64 hex: ${show(value)}`;
  if (value === ZERO_HASH) return `${where} is the zero hash (a half-built state)`;
  return null;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** What is wrong with a block ref's JSON (op-node's L1BlockRef / L2BlockRef), or []. */
function refProblems(field: Field, value: unknown): string[] {
  if (!isObject(value)) return [`${field} is missing or not an object: ${show(value)}`];
  const problems: string[] = [];
  const hash = hashProblem(`${field}.hash`, value.hash);
  if (hash) problems.push(hash);
  // Genesis has the zero hash as its parent; any other block has a real one.
  if (typeof value.parentHash !== "string" || !HASH.test(value.parentHash))
    problems.push(`${field}.parentHash is not 0x + 64 hex: ${show(value.parentHash)}`);
  if (!isBlockNumber(value.number))
    problems.push(`${field}.number is not a JSON number: ${show(value.number)}`);
  if (!isBlockNumber(value.timestamp))
    problems.push(`${field}.timestamp is not a JSON number: ${show(value.timestamp)}`);
  if (field === "current_l1") return problems;
  if (!isObject(value.l1origin)) {
    problems.push(`${field}.l1origin is missing or not an object: ${show(value.l1origin)}`);
  } else {
    const origin = hashProblem(`${field}.l1origin.hash`, value.l1origin.hash);
    if (origin) problems.push(origin);
    if (!isBlockNumber(value.l1origin.number))
      problems.push(`${field}.l1origin.number is not a JSON number: ${show(value.l1origin.number)}`);
  }
  if (!isBlockNumber(value.sequenceNumber))
    problems.push(`${field}.sequenceNumber is not a JSON number: ${show(value.sequenceNumber)}`);
  return problems;
}

/** The L1 blocks a status names: (what, number, hash) for current_l1 and each L2 head's origin. */
function l1Claims(status: Status): { what: string; number: number; hash: string }[] {
  return [
    { what: "current_l1", number: status.current_l1.number, hash: status.current_l1.hash },
    ...(["local_safe_l2", "safe_l2", "finalized_l2"] as const).map((field) => ({
      what: `${field}.l1origin`,
      number: status[field].l1origin.number,
      hash: status[field].l1origin.hash,
    })),
  ];
}

export function startFollower(options: FollowerOptions): Follower {
  const chainId = String(options.chainId);
  const statusUrl = `${options.rpcUrl.replace(/\/+$/, "")}/${chainId}`;
  const intervalMs = options.intervalMs ?? 250;
  const reorgGraceMs = options.reorgGraceMs ?? 3_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const stopping = new AbortController();

  let polls = 0;
  let unavailable = 0;
  let unreachable = 0;
  let reorgRereads = 0;
  let violationCount = 0;
  const violations: string[] = [];
  let last: FollowedHeads | null = null;
  let finalized: { number: number; hash: string } | null = null;
  const finalizedHashes = new Map<number, string>();

  const violation = (reason: string) => {
    violationCount++;
    if (violations.length < MAX_KEPT_VIOLATIONS) violations.push(`chain ${chainId}: ${reason}`);
  };

  async function post(url: string, body: unknown): Promise<Response> {
    return fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.any([stopping.signal, AbortSignal.timeout(timeoutMs)]),
    });
  }

  async function readStatus(): Promise<Read> {
    let response: Response;
    let text: string;
    try {
      response = await post(statusUrl, { jsonrpc: "2.0", id: 1, method: "optimism_syncStatus", params: [] });
      text = await response.text();
    } catch (error) {
      return { kind: "unreachable", reason: error instanceof Error ? error.message : String(error) };
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return {
        kind: "violation",
        reason: `HTTP ${response.status} with a body that is not JSON: ${show(text)}`,
      };
    }
    const rpcError = isObject(body) && isObject(body.error) ? body.error : null;
    if (response.status === 503) {
      if (rpcError && typeof rpcError.code === "number" && typeof rpcError.message === "string")
        return { kind: "unavailable" };
      return { kind: "violation", reason: `HTTP 503 without a JSON-RPC error: ${show(body)}` };
    }
    if (response.status !== 200)
      return { kind: "violation", reason: `HTTP ${response.status} (only 200 or 503): ${show(body)}` };
    if (rpcError) return { kind: "violation", reason: `HTTP 200 with a JSON-RPC error: ${show(rpcError)}` };
    const result = isObject(body) ? body.result : undefined;
    if (!isObject(result)) return { kind: "violation", reason: `no result object: ${show(body)}` };
    const problems = FIELDS.flatMap((field) => refProblems(field, result[field]));
    if (problems.length > 0) return { kind: "violation", reason: problems.join("; ") };
    return { kind: "status", status: result as unknown as Status };
  }

  /** Canonical hashes of L1 blocks by number, in one batch request (null: no such block). */
  async function l1Hashes(numbers: readonly number[]): Promise<Map<number, string | null>> {
    const unique = [...new Set(numbers)];
    const response = await post(
      options.l1Url,
      unique.map((number, id) => ({
        jsonrpc: "2.0",
        id,
        method: "eth_getBlockByNumber",
        params: [`0x${number.toString(16)}`, false],
      })),
    );
    const answers = (await response.json()) as { id: number; result?: { hash?: string } | null }[];
    const hashes = new Map<number, string | null>();
    for (const answer of answers) {
      const number = unique[answer.id];
      if (number !== undefined) hashes.set(number, answer.result?.hash ?? null);
    }
    return hashes;
  }

  async function offCanonical(status: Status): Promise<string[]> {
    const claims = l1Claims(status);
    const hashes = await l1Hashes(claims.map((claim) => claim.number));
    return claims
      .filter((claim) => hashes.get(claim.number) !== claim.hash)
      .map(
        (claim) =>
          `${claim.what} ${claim.number} ${claim.hash} is not canonical on L1 (L1 has ${hashes.get(claim.number) ?? "no block"})`,
      );
  }

  function checkHeads(status: Status): void {
    const { finalized_l2: fin, safe_l2: safe, local_safe_l2: localSafe } = status;
    if (fin.number > safe.number) violation(`finalized ${fin.number} > safe ${safe.number}`);
    if (safe.number > localSafe.number) violation(`safe ${safe.number} > local-safe ${localSafe.number}`);
    if (finalized && fin.number < finalized.number)
      violation(`finalized went back from ${finalized.number} to ${fin.number}`);
    const known = finalizedHashes.get(fin.number);
    if (known !== undefined && known !== fin.hash)
      violation(`finalized block ${fin.number} changed its hash from ${known} to ${fin.hash}`);
    finalizedHashes.set(fin.number, fin.hash);
    if (!finalized || fin.number >= finalized.number) finalized = { number: fin.number, hash: fin.hash };
    last = {
      currentL1: status.current_l1.number,
      localSafe: localSafe.number,
      safe: safe.number,
      finalized: fin.number,
    };
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        stopping.signal.removeEventListener("abort", done);
        resolve();
      }
      stopping.signal.addEventListener("abort", done);
    });
  }

  /** One poll: a status, its checks, and the L1 check with its one re-read. */
  async function poll(): Promise<void> {
    let read = await readStatus();
    if (stopping.signal.aborted) return;
    if (read.kind === "unreachable") {
      unreachable++;
      return;
    }
    if (read.kind === "unavailable") {
      unavailable++;
      return;
    }
    if (read.kind === "violation") {
      polls++;
      violation(read.reason);
      return;
    }
    polls++;
    let off: string[];
    try {
      off = await offCanonical(read.status);
      if (off.length > 0) {
        await sleep(reorgGraceMs);
        if (stopping.signal.aborted) return;
        read = await readStatus();
        if (stopping.signal.aborted) return;
        if (read.kind !== "status") {
          // The chain went away in between: judge this read on its own.
          if (read.kind === "violation") violation(read.reason);
          else if (read.kind === "unavailable") unavailable++;
          else unreachable++;
          return;
        }
        off = await offCanonical(read.status);
        if (off.length === 0) reorgRereads++;
      }
    } catch {
      // The L1 read failed at the transport: nothing to judge this time.
      if (!stopping.signal.aborted) unreachable++;
      return;
    }
    for (const problem of off) violation(`${problem} (also on a second read)`);
    checkHeads(read.status);
  }

  const report = (): FollowerReport => ({
    chainId,
    polls,
    unavailable,
    unreachable,
    reorgRereads,
    violations: [...violations],
    violationCount,
    last,
  });

  const loop = (async () => {
    while (!stopping.signal.aborted) {
      await poll();
      await sleep(intervalMs);
    }
  })();

  return {
    report,
    async stop() {
      stopping.abort();
      await loop;
      return report();
    },
  };
}
