// A child process that never outlives its owner: a small shell watchdog sits between the owner
// and the command. It stops the command when asked (SIGTERM or SIGINT to the watchdog is passed
// on as SIGTERM, then it waits for the command) and, if the owner dies without asking (even by
// SIGKILL), within half a second.
const WATCHDOG = `"$0" "$@" & child=$!
trap 'kill $child 2>/dev/null; wait $child; exit $?' TERM INT
while kill -0 "$SUPERNODE_OWNER_PID" 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 0.5; done
kill $child 2>/dev/null
wait $child`;

export interface OwnedProcessOptions {
  readonly env?: Record<string, string | undefined>;
  readonly cwd?: string;
  readonly stdout?: "pipe" | "ignore" | "inherit" | number;
  readonly stderr?: "pipe" | "ignore" | "inherit" | number;
}

export function spawnOwned(command: readonly string[], options: OwnedProcessOptions = {}) {
  const [program, ...args] = command;
  if (program === undefined) throw new Error("spawnOwned: empty command");
  return Bun.spawn(["sh", "-c", WATCHDOG, program, ...args], {
    env: { ...(options.env ?? process.env), SUPERNODE_OWNER_PID: String(process.pid) },
    ...(options.cwd ? { cwd: options.cwd } : {}),
    stdin: "ignore",
    stdout: options.stdout ?? "ignore",
    stderr: options.stderr ?? "pipe",
  });
}
