// Reading `inspect` input: 0x-hex on the command line, or a file holding raw bytes or hex text.
import { readFileSync } from "node:fs";
import { hexToBytes, SupernodeError } from "@supernode/protocol";

export class InputError extends SupernodeError<"INPUT_UNREADABLE", { source: string }> {
  override readonly name = "InputError";

  constructor(source: string, reason: string, options?: { cause?: unknown }) {
    super("INPUT_UNREADABLE", `${source}: ${reason}`, { source }, options);
  }
}

const hexText = /^\s*(0x)?[0-9a-fA-F\s]*$/;

/** Bytes from `0x…` or from a file; a file that is all hex digits (with optional 0x) is hex text. */
export function readInput(argument: string): Uint8Array {
  if (argument.startsWith("0x") || argument.startsWith("0X")) {
    try {
      return hexToBytes(argument);
    } catch (error) {
      throw new InputError("argument", error instanceof Error ? error.message : String(error), {
        cause: error,
      });
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(argument));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new InputError(
      argument,
      code === "ENOENT" ? "no such file" : `cannot read (${code ?? String(error)})`,
      { cause: error },
    );
  }
  if (bytes.length > 0 && bytes.length < 64 * 1024 * 1024) {
    const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
    if (hexText.test(text) && text.replace(/^\s*0x/, "").replace(/\s/g, "").length % 2 === 0) {
      return hexToBytes(text.replace(/\s/g, ""));
    }
  }
  return bytes;
}
