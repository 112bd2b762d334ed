// A portable brotli (RFC 7932) decoder and encoder: brotli-wasm (the Rust brotli crates in
// WebAssembly), which runs on Bun, Deno and edge runtimes alike. Decoding hands out the maximal
// prefix: every byte the decoder produced before the first error. The decoder pushes out
// everything it can whenever it needs more input, so feeding it byte by byte around the error
// gives that prefix exactly; the whole input is fed at once first, so good streams cost one pass.
import brotliReady from "brotli-wasm";
import { SupernodeError } from "../errors.ts";

type BrotliWasm = Awaited<typeof brotliReady>;
type DecompressStream = InstanceType<BrotliWasm["DecompressStream"]>;

export type BrotliErrorReason = "unexpected end" | "corrupt stream" | "excessive input";

export class BrotliError extends SupernodeError<
  "BROTLI_FAILED",
  { reason: BrotliErrorReason; inputOffset: number }
> {
  override readonly name = "BrotliError";

  constructor(reason: BrotliErrorReason, inputOffset: number, detail?: string) {
    super("BROTLI_FAILED", `brotli: ${reason}${detail ? ` (${detail})` : ""} at input byte ${inputOffset}`, {
      reason,
      inputOffset,
    });
  }
}

export interface BrotliResult {
  readonly output: Uint8Array;
  readonly error: BrotliError | null;
  readonly capped: boolean;
}

let loaded: BrotliWasm | null = null;

/** Instantiates the WebAssembly module once; every brotli function below needs it. */
export async function loadBrotli(): Promise<void> {
  loaded ??= await brotliReady;
}

function wasm(): BrotliWasm {
  if (!loaded) throw new Error("brotli is not loaded: await loadBrotli() (or createChannelCodec()) first");
  return loaded;
}

const OUTPUT_STEP = 1 << 20;

/** Collects output up to a cap. */
class Sink {
  readonly chunks: Uint8Array[] = [];
  length = 0;
  capped = false;

  constructor(private readonly cap: number) {}

  push(chunk: Uint8Array): void {
    if (this.capped || chunk.length === 0) return;
    const room = this.cap - this.length;
    if (chunk.length > room) {
      this.chunks.push(chunk.subarray(0, room));
      this.length += room;
      this.capped = true;
      return;
    }
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  bytes(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0] as Uint8Array;
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

type FeedOutcome = "done" | "needs input" | "capped";

/** Feeds `piece` completely (draining output); throws whatever the decoder throws. */
function feed(
  stream: DecompressStream,
  piece: Uint8Array,
  sink: Sink,
): { outcome: FeedOutcome; used: number } {
  const codes = wasm().BrotliStreamResultCode;
  let used = 0;
  for (;;) {
    const result = stream.decompress(piece.subarray(used), OUTPUT_STEP);
    try {
      used += result.input_offset;
      sink.push(result.buf);
      if (sink.capped) return { outcome: "capped", used };
      if (result.code === codes.ResultSuccess) return { outcome: "done", used };
      if (result.code === codes.NeedsMoreOutput) continue;
      if (used >= piece.length) return { outcome: "needs input", used };
      if (result.input_offset === 0 && result.buf.length === 0) throw new Error("decoder made no progress");
    } finally {
      result.free();
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Decodes a raw brotli stream (no channel version byte) into at most `cap` bytes. */
export function brotliDecompress(input: Uint8Array, cap: number = Number.MAX_SAFE_INTEGER): BrotliResult {
  const api = wasm();
  // The usual case, a good or merely truncated stream: one call over the whole input.
  const whole = new Sink(cap);
  const first = new api.DecompressStream();
  try {
    const step = feed(first, input, whole);
    if (step.outcome === "capped") return { output: whole.bytes(), error: null, capped: true };
    if (step.outcome === "done") {
      const error = step.used < input.length ? new BrotliError("excessive input", step.used) : null;
      return { output: whole.bytes(), error, capped: false };
    }
    return { output: whole.bytes(), error: new BrotliError("unexpected end", input.length), capped: false };
  } catch {
    // A corrupt stream: locate the error below.
  } finally {
    first.free();
  }
  return decodeAroundError(api, input, cap);
}

/** For a corrupt stream: find the failing chunk, then replay it byte by byte. */
function decodeAroundError(api: BrotliWasm, input: Uint8Array, cap: number): BrotliResult {
  const CHUNK = 4096;
  // Pass 1: chunk by chunk, so that the error is located within one chunk.
  const sink = new Sink(cap);
  let failedChunk = -1;
  let failure = "";
  let stream = new api.DecompressStream();
  try {
    for (let start = 0; start < input.length || start === 0; start += CHUNK) {
      const piece = input.subarray(start, Math.min(input.length, start + CHUNK));
      let step: { outcome: FeedOutcome; used: number };
      try {
        step = feed(stream, piece, sink);
      } catch (error) {
        failedChunk = start;
        failure = describe(error);
        break;
      }
      if (step.outcome === "capped") return { output: sink.bytes(), error: null, capped: true };
      if (step.outcome === "done") {
        const end = start + step.used;
        const error = end < input.length ? new BrotliError("excessive input", end) : null;
        return { output: sink.bytes(), error, capped: false };
      }
      if (start + CHUNK >= input.length) {
        return {
          output: sink.bytes(),
          error: new BrotliError("unexpected end", input.length),
          capped: false,
        };
      }
    }
  } finally {
    stream.free();
  }

  // Pass 2: replay up to the failing chunk, then feed it byte by byte to keep every byte
  // decoded before the error (the failing call's own output is lost with its exception).
  const replay = new Sink(cap);
  stream = new api.DecompressStream();
  try {
    if (failedChunk > 0) feed(stream, input.subarray(0, failedChunk), replay);
    const end = Math.min(input.length, failedChunk + CHUNK);
    for (let at = failedChunk; at < end; at++) {
      try {
        const step = feed(stream, input.subarray(at, at + 1), replay);
        if (step.outcome === "capped") return { output: replay.bytes(), error: null, capped: true };
      } catch (error) {
        return {
          output: replay.bytes(),
          error: new BrotliError("corrupt stream", at, describe(error)),
          capped: false,
        };
      }
    }
  } finally {
    stream.free();
  }
  // Not reproduced byte by byte: report the first pass's failure with the replayed prefix.
  return {
    output: replay.bytes(),
    error: new BrotliError("corrupt stream", failedChunk, failure),
    capped: false,
  };
}

/** Compresses with brotli at `quality` 0–11 (11 by default, as op-batcher does). */
export function brotliCompress(input: Uint8Array, quality = 11): Uint8Array {
  return wasm().compress(input, { quality });
}
