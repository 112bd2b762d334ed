import { describe, expect, test } from "bun:test";
import { Limiter } from "./limiter.ts";

describe("Limiter", () => {
  test("never runs more tasks at once than its concurrency", async () => {
    const limiter = new Limiter(3);
    let active = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.run(async () => {
          active++;
          peak = Math.max(peak, active);
          await Promise.resolve();
          await new Promise((resolve) => setTimeout(resolve, 1));
          active--;
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  test("spaces request starts to the rate limit (a lower bound: it can never be faster)", async () => {
    const limiter = new Limiter(100, 20);
    const started = performance.now();
    await Promise.all(Array.from({ length: 5 }, () => limiter.run(async () => {})));
    // Five starts at 20/s are 50 ms apart: at least 200 ms from the first to the last.
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });
});
