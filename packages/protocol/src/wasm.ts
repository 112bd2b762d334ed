// Every WebAssembly module protocol uses, loaded once: call before decoding brotli channels and
// for fast keccak.
import { loadBrotli } from "./compression/brotli.ts";
import { loadKeccak } from "./crypto/keccak.ts";

export async function loadProtocolWasm(): Promise<void> {
  await Promise.all([loadBrotli(), loadKeccak()]);
}
