// `supernode run` as a child process: spawned with the given flags, ready once it prints its
// `{"ready":{rpc,metrics,chains}}` line on stdout, its stderr JSON log lines kept. Every child is
// watched: `killAllSupernodes()` (afterAll) ends any still running, and a small shell watchdog
// SIGKILLs it if this test process dies without stopping it (even by SIGKILL; bun test runs no
// exit handlers), so a failing test never leaves one behind.
import { readLines } from "@supernode/test-helpers/lines";

export interface Ready {
  readonly rpc: string;
  readonly metrics: string | null;
  readonly chains: readonly string[];
}

export interface SupernodeProcess {
  readonly pid: number;
  readonly ready: Ready;
  /** stderr so far, one parsed JSON object per line (a line that is not JSON as `{ msg }`). */
  readonly logs: readonly Record<string, unknown>[];
  readonly exited: Promise<number>;
  kill(signal: "SIGKILL" | "SIGTERM"): Promise<number>;
}

const WATCHDOG = `while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 0.5; done
kill -9 "$2" 2>/dev/null
exit 0`;

const running = new Set<Bun.Subprocess>();

/** Ends every supernode child still running (for afterAll). */
export async function killAllSupernodes(): Promise<void> {
  await Promise.all(
    [...running].map(async (child) => {
      child.kill("SIGKILL");
      await child.exited;
    }),
  );
}

/** Starts `binary run …args`; resolves once it is serving, rejects if it exits or stays silent. */
export async function spawnSupernode(
  binary: string,
  args: readonly string[],
  readyTimeoutMs = 30_000,
): Promise<SupernodeProcess> {
  const child = Bun.spawn([binary, "run", ...args], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  running.add(child);
  const exited = child.exited.then((code) => {
    running.delete(child);
    return code;
  });
  Bun.spawn(["sh", "-c", WATCHDOG, "watchdog", String(process.pid), String(child.pid)], {
    stdin: "ignore",
    stdout: "ignore",
    stderr: "ignore",
  }).unref();

  const logs: Record<string, unknown>[] = [];
  void readLines(child.stderr, (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      logs.push({ msg: line });
    }
  });
  const tail = () =>
    logs
      .slice(-20)
      .map((line) => JSON.stringify(line))
      .join("\n");
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ready line in ${readyTimeoutMs} ms; stderr:\n${tail()}`)),
        readyTimeoutMs,
      );
      void readLines(child.stdout, (line) => {
        try {
          const parsed = JSON.parse(line) as { ready?: Ready };
          if (!parsed.ready) return;
          clearTimeout(timer);
          resolve(parsed.ready);
        } catch {
          // Not the ready line.
        }
      });
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the supernode exited with ${code} before it was ready; stderr:\n${tail()}`));
      });
    });
    return {
      pid: child.pid,
      ready,
      logs,
      exited,
      async kill(signal) {
        child.kill(signal);
        return exited;
      },
    };
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    throw error;
  }
}
