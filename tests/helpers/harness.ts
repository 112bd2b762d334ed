// A tiny test harness that runs the same test file under Bun (bun:test) and Deno (Deno.test).
// protocol's tests use it so that `npm test` proves the package runs unchanged on both runtimes.
// Assertions come from node:assert, which both runtimes provide.

type TestBody = () => void | Promise<void>;

interface BunTestModule {
  describe(name: string, body: () => void): void;
  test: ((name: string, body: TestBody) => void) & { skip(name: string, body: TestBody): void };
}

interface DenoTestApi {
  test(options: { name: string; fn: TestBody; ignore?: boolean }): void;
}

declare const Deno: DenoTestApi | undefined;

const runtime: "bun" | "deno" = typeof Deno !== "undefined" ? "deno" : "bun";
const bunTest: BunTestModule | null =
  runtime === "bun" ? ((await import("bun:test")) as unknown as BunTestModule) : null;

// Deno.test has no describe: names are prefixed with the enclosing describe names instead.
const prefixes: string[] = [];

function fullName(name: string): string {
  return [...prefixes, name].join(" > ");
}

export function describe(name: string, body: () => void): void {
  if (bunTest) {
    bunTest.describe(name, body);
    return;
  }
  prefixes.push(name);
  try {
    body();
  } finally {
    prefixes.pop();
  }
}

export function test(name: string, body: TestBody): void {
  if (bunTest) {
    bunTest.test(name, body);
    return;
  }
  (Deno as DenoTestApi).test({ name: fullName(name), fn: body });
}

/** Registers a test that is reported as skipped (used only when its input data is absent). */
export function skip(name: string): void {
  const noop = () => {};
  if (bunTest) {
    bunTest.test.skip(name, noop);
    return;
  }
  (Deno as DenoTestApi).test({ name: fullName(name), fn: noop, ignore: true });
}

export const testRuntime = runtime;
