// Retries with exponential backoff and full jitter, for transient failures only.
import { L1SourceError } from "../errors.ts";

export interface RetryPolicy {
  /** Attempts after the first. */
  readonly retries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { retries: 5, baseDelayMs: 100, maxDelayMs: 5_000 };

export interface RetryEnvironment {
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const realEnvironment: RetryEnvironment = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

export async function withRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  environment: RetryEnvironment = realEnvironment,
): Promise<T> {
  for (let tried = 0; ; tried++) {
    try {
      return await attempt();
    } catch (error) {
      const transient = error instanceof L1SourceError && error.kind === "transient";
      if (!transient || tried >= policy.retries) throw error;
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** tried);
      await environment.sleep(environment.random() * ceiling);
    }
  }
}
