// `supernode inspect`: decode batcher data into JSON, like op-node's batch_decoder.
//   inspect tx <file|0xhex>       a batcher transaction (EIP-2718) → frames → channels → batches
//   inspect channel <file|0xhex>  compressed channel data → batches
//   inspect blobs <file...>       raw blobs in transaction order → frames → channels → batches
// Malformed input: one line naming what is wrong, exit code 1.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import {
  Channel,
  channelIdHex,
  decodeBlob,
  type Frame,
  loadProtocolWasm,
  MAX_RLP_BYTES_PER_CHANNEL_FJORD,
  networkPresets,
  parseFrames,
  parseRollupConfig,
  type RollupConfig,
  readChannel,
  type SpanBatchChainParams,
  SupernodeError,
} from "@supernode/protocol";
import type { CliIo } from "../cli.ts";
import { nativeDecompressors } from "../nativeDecompressors.ts";
import { InputError, readInput } from "./input.ts";
import { channelReport, type ReportOptions } from "./report.ts";
import { decodeBatcherTransaction } from "./transaction.ts";

export const inspectHelp = `Usage:
  supernode inspect tx <file|0xhex> [options]       batcher transaction → frames → channels → batches
  supernode inspect channel <file|0xhex> [options]  compressed channel → batches
  supernode inspect blobs <file...> [options]       raw 131,072-byte blobs, in transaction order,
                                                    → frames → channels → batches

A file may hold raw bytes or hex text. Prints JSON.

Options:
  --full                    add every transaction's hash
  --network <name>          chain parameters of a known network (${Object.keys(networkPresets).join(", ")})
  --rollup-config <file>    chain parameters from a rollup.json
  --l2-chain-id <id>        L2 chain id (rebuilds span-batch signatures)
  --l2-genesis-time <s>     L2 genesis timestamp (span-batch block timestamps)
  --block-time <s>          L2 block time
Without chain parameters, span-batch blocks show their L1 origin and transaction types only.
`;

class UsageError extends SupernodeError<"USAGE", Record<string, never>> {
  constructor(message: string) {
    super("USAGE", message, {});
  }
}

function chainParams(values: Record<string, string | boolean | undefined>): Partial<SpanBatchChainParams> {
  let config: RollupConfig | undefined;
  const network = values.network;
  if (typeof network === "string") {
    config = networkPresets[network];
    if (!config)
      throw new UsageError(`unknown network ${network} (known: ${Object.keys(networkPresets).join(", ")})`);
  }
  const file = values["rollup-config"];
  if (typeof file === "string") {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, "utf8"));
    } catch (error) {
      throw new UsageError(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    config = parseRollupConfig(json);
  }
  const params: { -readonly [K in keyof SpanBatchChainParams]?: SpanBatchChainParams[K] } = config
    ? { genesisTimestamp: config.genesis.l2Time, blockTime: config.blockTime, chainId: config.l2ChainId }
    : {};
  const integer = (name: string) => {
    const raw = values[name];
    if (typeof raw !== "string") return undefined;
    if (!/^(0|[1-9][0-9]*)$/.test(raw))
      throw new UsageError(`--${name} must be a non-negative integer (got ${raw})`);
    return raw;
  };
  const chainId = integer("l2-chain-id");
  if (chainId !== undefined) params.chainId = BigInt(chainId);
  const genesis = integer("l2-genesis-time");
  if (genesis !== undefined) params.genesisTimestamp = Number(genesis);
  const blockTime = integer("block-time");
  if (blockTime !== undefined) params.blockTime = Number(blockTime);
  return params;
}

const decodeOptions = {
  maxOutput: MAX_RLP_BYTES_PER_CHANNEL_FJORD,
  fjord: true,
  native: nativeDecompressors,
};

function inspectChannel(data: Uint8Array, options: ReportOptions) {
  const contents = readChannel(data, decodeOptions);
  if (contents.batches.length === 0 && (contents.decompressError || contents.batchError)) {
    throw contents.decompressError ?? contents.batchError;
  }
  return { channels: [channelReport(null, contents, options)] };
}

/** Frames (of one transaction, or of several blobs) grouped into channels and decoded. */
function inspectFrames(frames: readonly Frame[], options: ReportOptions) {
  const channels = new Map<string, { channel: Channel; rejected: string[] }>();
  for (const frame of frames) {
    const id = channelIdHex(frame.channelId);
    let entry = channels.get(id);
    if (!entry) {
      entry = { channel: new Channel(frame.channelId), rejected: [] };
      channels.set(id, entry);
    }
    try {
      entry.channel.addFrame(frame);
    } catch (error) {
      entry.rejected.push(error instanceof Error ? error.message : String(error));
    }
  }
  return {
    frames: frames.map((frame: Frame) => ({
      channelId: channelIdHex(frame.channelId),
      frameNumber: frame.frameNumber,
      dataBytes: frame.data.length,
      isLast: frame.isLast,
    })),
    channels: [...channels].map(([id, { channel, rejected }]) => {
      const base = {
        id,
        complete: channel.isReady,
        frames: channel.frameCount,
        ...(rejected.length ? { rejectedFrames: rejected } : {}),
      };
      // An incomplete channel is decoded as far as its contiguous frames go, as a preview.
      return { ...base, ...channelReport(null, readChannel(channel.data(), decodeOptions), options) };
    }),
  };
}

function inspectTransaction(bytes: Uint8Array, options: ReportOptions) {
  const tx = decodeBatcherTransaction(bytes);
  return {
    transaction: { hash: tx.hash, type: tx.type, to: tx.to, dataBytes: tx.data.length },
    ...inspectFrames(parseFrames(tx.data), options),
  };
}

/** Each blob is one data item; as in derivation, a blob that does not decode is skipped. */
function inspectBlobs(sources: readonly string[], options: ReportOptions) {
  const frames: Frame[] = [];
  const blobs = sources.map((source) => {
    const bytes = readInput(source);
    try {
      const data = decodeBlob(bytes);
      const parsed = parseFrames(data);
      frames.push(...parsed);
      return { source, dataBytes: data.length, frames: parsed.length };
    } catch (error) {
      if (!(error instanceof SupernodeError)) throw error;
      return { source, error: error.message };
    }
  });
  if (frames.length === 0) {
    throw new InputError(
      "blobs",
      `no blob held a frame (${blobs.map((b) => ("error" in b ? b.error : "no frames")).join("; ")})`,
    );
  }
  return { blobs, ...inspectFrames(frames, options) };
}

export async function runInspect(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        full: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        network: { type: "string" },
        "rollup-config": { type: "string" },
        "l2-chain-id": { type: "string" },
        "l2-genesis-time": { type: "string" },
        "block-time": { type: "string" },
      },
    });
    if (values.help) {
      io.out(inspectHelp);
      return 0;
    }
    const [what, source, ...extra] = positionals;
    if (what !== "tx" && what !== "channel" && what !== "blobs") {
      throw new UsageError(`inspect needs tx, channel or blobs (got ${what ?? "nothing"})`);
    }
    if (!source)
      throw new UsageError(`inspect ${what} needs ${what === "blobs" ? "blob files" : "a file or 0x-hex"}`);
    if (extra.length > 0 && what !== "blobs") throw new UsageError(`unexpected argument ${extra[0]}`);
    const options: ReportOptions = { chain: chainParams(values), full: values.full === true };
    await loadProtocolWasm();
    const report =
      what === "tx"
        ? inspectTransaction(readInput(source), options)
        : what === "channel"
          ? inspectChannel(readInput(source), options)
          : inspectBlobs([source, ...extra], options);
    io.out(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.err(`supernode inspect: ${message.split("\n")[0]}\n`);
    return error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")
      ? 2
      : 1;
  }
}
