// A concurrency limit (a counting semaphore) and an optional request-rate limit.
export class Limiter {
  #active = 0;
  readonly #waiting: (() => void)[] = [];
  #nextStart = 0;

  constructor(
    private readonly concurrency: number,
    /** Requests per second; 0 or undefined for none. */
    private readonly ratePerSecond?: number,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.concurrency) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#active++;
    try {
      if (this.ratePerSecond) {
        const now = Date.now();
        const start = Math.max(now, this.#nextStart);
        this.#nextStart = start + 1000 / this.ratePerSecond;
        if (start > now) await new Promise((resolve) => setTimeout(resolve, start - now));
      }
      return await task();
    } finally {
      this.#active--;
      this.#waiting.shift()?.();
    }
  }
}
