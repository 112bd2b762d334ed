// `npm start` as a new user runs it: a fresh clone of this repository in a temporary dir, then
// `npm start -- --clock fast --exit-after-safe 20`. It must exit 0 by itself, have shown both
// chains' heads, and leave no process behind: every descendant seen while it ran is gone after.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const projectRoot = join(import.meta.dir, "..", "..");
const work = mkdtempSync(join(tmpdir(), "npm-start-"));
// The clone holds a whole node_modules: removing it takes a while.
afterAll(() => rm(work, { recursive: true, force: true }), 60_000);

/** Parent of every live process, from /proc. */
function parents(): Map<number, number> {
  const map = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command name is in parentheses and may hold spaces: the fields after it are fixed.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      map.set(Number(entry), ppid);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return map;
}

function descendantsOf(root: number, into: Set<number>): void {
  const tree = parents();
  let grew = true;
  while (grew) {
    grew = false;
    for (const [pid, ppid] of tree)
      if ((ppid === root || into.has(ppid)) && !into.has(pid)) {
        into.add(pid);
        grew = true;
      }
  }
}

function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, "utf8");
    return state.slice(state.lastIndexOf(")") + 2, state.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

describe("npm start on a fresh clone", () => {
  test("--exit-after-safe 20 exits 0 after showing both chains, and leaves no process behind", async () => {
    const clone = join(work, "supernode");
    const cloned = Bun.spawnSync(["git", "clone", "-q", projectRoot, clone], { stderr: "pipe" });
    expect(cloned.exitCode, cloned.stderr.toString()).toBe(0);

    const child = Bun.spawn(
      ["npm", "start", "--", "--clock", "fast", "--exit-after-safe", "20", "--status-interval", "250"],
      { cwd: clone, stdout: "pipe", stderr: "pipe", env: { ...process.env, CI: "true" } },
    );
    const seen = new Set<number>();
    const watch = setInterval(() => descendantsOf(child.pid, seen), 200);
    const timer = setTimeout(() => child.kill("SIGKILL"), 80_000);
    const [out, err, code] = await Promise.all([
      new Response(child.stdout).text(),
      new Response(child.stderr).text(),
      child.exited,
    ]);
    clearTimeout(timer);
    clearInterval(watch);

    expect(code, `stdout:\n${out.slice(-3000)}\nstderr:\n${err.slice(-3000)}`).toBe(0);
    expect(out).toContain("every chain is safe at block 20 or higher");
    for (const id of ["901", "902"])
      expect(out).toMatch(new RegExp(`\\| ${id} unsafe=\\d+ local-safe=\\d+ safe=\\d+ finalized=\\d+`));
    expect(out).toMatch(/supernode: RPC http:\/\/127\.0\.0\.1:\d+/);

    // The devnet's anvils, the engines and the supernode were all seen, and none remains.
    expect(seen.size).toBeGreaterThanOrEqual(5);
    await Bun.sleep(1_000);
    const left = [...seen].filter(alive);
    expect(left, `still running: ${left.join(", ")}`).toEqual([]);
  }, 90_000);
});
