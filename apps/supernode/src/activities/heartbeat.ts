// The heartbeat activity (reference/supernode.md §4.1): `heartbeat_check` answers 4 random bytes
// as hex, and a liveness line is logged every interval.
import { bytesToHex, type Logger } from "@supernode/protocol";

export interface Heartbeat {
  readonly methods: Record<string, () => Promise<string>>;
  stop(): void;
}

export function startHeartbeat(logger: Logger, intervalMs = 10_000): Heartbeat {
  const timer = setInterval(() => logger.info("heartbeat"), intervalMs > 0 ? intervalMs : 1_000);
  timer.unref?.();
  return {
    methods: { heartbeat_check: async () => bytesToHex(crypto.getRandomValues(new Uint8Array(4))) },
    stop: () => clearInterval(timer),
  };
}
