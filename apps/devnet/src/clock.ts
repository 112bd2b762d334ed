// The devnet's clock. `fast`: time is a counter the devnet advances itself (L1 blocks mined at
// explicit timestamps, no sleeping), so tests make hundreds of blocks in seconds. `real`: the same
// schedule, but each step waits for the wall clock to reach it.
export type ClockMode = "real" | "fast";

export interface Clock {
  readonly mode: ClockMode;
  /** The devnet time in seconds. */
  now(): number;
  /** Waits (real) or jumps (fast) until `time`; false when stopped first. */
  until(time: number, signal?: AbortSignal): Promise<boolean>;
}

export function createClock(mode: ClockMode, start: number): Clock {
  if (mode === "fast") {
    let current = start;
    return {
      mode,
      now: () => current,
      async until(time, signal) {
        if (signal?.aborted) return false;
        current = Math.max(current, time);
        return true;
      },
    };
  }
  return {
    mode,
    now: () => Math.floor(Date.now() / 1000),
    async until(time, signal) {
      while (Date.now() / 1000 < time) {
        if (signal?.aborted) return false;
        await Bun.sleep(Math.min(250, Math.max(10, time * 1000 - Date.now())));
      }
      return !signal?.aborted;
    },
  };
}
