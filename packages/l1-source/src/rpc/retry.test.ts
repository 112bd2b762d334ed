import { describe, expect, test } from "bun:test";
import { L1SourceError } from "../errors.ts";
import { withRetries } from "./retry.ts";

describe("retries", () => {
  test("exponential backoff with full jitter, for transient errors only", async () => {
    const sleeps: number[] = [];
    const environment = { sleep: async (ms: number) => void sleeps.push(ms), random: () => 0.5 };
    let attempts = 0;
    const result = await withRetries(
      async () => {
        attempts++;
        if (attempts < 4) throw new L1SourceError("transient", "m", "flaky");
        return "ok";
      },
      { retries: 5, baseDelayMs: 100, maxDelayMs: 300 },
      environment,
    );
    expect(result).toBe("ok");
    expect(sleeps).toEqual([50, 100, 150]);
    let permanentAttempts = 0;
    const error = await withRetries(
      async () => {
        permanentAttempts++;
        throw new L1SourceError("permanent", "m", "bad request");
      },
      { retries: 5, baseDelayMs: 1, maxDelayMs: 1 },
      environment,
    ).catch((e: unknown) => e);
    expect((error as L1SourceError).kind).toBe("permanent");
    expect(permanentAttempts).toBe(1);
  });
});
