import { describe, expect, test } from "bun:test";
import { createLogger } from "./logger.ts";

function captured(options: Parameters<typeof createLogger>[0]) {
  const lines: string[] = [];
  return { lines, logger: createLogger({ now: () => 5, ...options, write: (line) => lines.push(line) }) };
}

describe("the process logger (pino)", () => {
  test("json: one line per entry with level, time, the child's bindings, the fields and msg", () => {
    const { lines, logger } = captured({ format: "json", level: "info" });
    logger.child({ chainId: 901 }).info("derived", { l2: 7, value: 10n ** 20n, error: new Error("boom") });
    logger.debug("hidden");
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      {
        level: "info",
        time: 5,
        chainId: 901,
        l2: 7,
        value: "100000000000000000000",
        error: "boom",
        msg: "derived",
      },
    ]);
    expect(lines[0]?.endsWith("\n")).toBe(true);
  });

  test("levels: trace shows everything, error only errors", () => {
    const verbose = captured({ format: "json", level: "trace" });
    verbose.logger.trace("t");
    verbose.logger.error("e");
    expect(verbose.lines.map((line) => JSON.parse(line).level)).toEqual(["trace", "error"]);
    const quiet = captured({ format: "json", level: "error" });
    quiet.logger.warn("w");
    quiet.logger.error("e", { bytes: new Uint8Array([1, 2]) });
    expect(quiet.lines.map((line) => JSON.parse(line))).toEqual([
      { level: "error", time: 5, bytes: "0x0102", msg: "e" },
    ]);
  });

  test("terminal: one human-readable line, no colours when not on a terminal", () => {
    const { lines, logger } = captured({ format: "terminal", terminal: false });
    logger.child({ chainId: 901 }).warn("engine slow", { ms: 250 });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/WARN.*engine slow.*"chainId":901.*"ms":250/);
    expect(lines[0]).not.toContain("\u001b[");
  });

  test("text: human-readable on a terminal, JSON lines otherwise", () => {
    const tty = captured({ format: "text", terminal: true });
    tty.logger.info("hello");
    expect(() => JSON.parse(tty.lines[0] as string)).toThrow();
    expect(tty.lines[0]).toContain("hello");
    const pipe = captured({ format: "text", terminal: false });
    pipe.logger.info("hello");
    expect(JSON.parse(pipe.lines[0] as string).msg).toBe("hello");
  });
});
