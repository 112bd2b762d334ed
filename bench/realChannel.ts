// The real OP Mainnet channel the benchmarks run on (../shared/fixtures/kona/derive/batch.hex, or
// SUPERNODE_FIXTURES_DIR): its zlib-compressed bytes. Exits with a clear message when absent.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { hexToBytes } from "../packages/protocol/src/index.ts";

export function loadRealChannel(): Uint8Array {
  const fixtures =
    process.env.SUPERNODE_FIXTURES_DIR ?? join(import.meta.dir, "..", "..", "shared", "fixtures");
  const file = join(fixtures, "kona", "derive", "batch.hex");
  if (!existsSync(file)) {
    console.error(`fixtures not found at ${fixtures} (set SUPERNODE_FIXTURES_DIR)`);
    process.exit(2);
  }
  return hexToBytes(`0x${readFileSync(file, "utf8").trim().replace(/^0x/, "")}`);
}
