// The Engine API JWT secret from a file, as op-node's --l2.jwt-secret: 32 bytes of hex, `0x`
// optional, surrounding whitespace ignored. A missing or malformed file is a ConfigError naming
// the path, raised at startup.
import { readFileSync } from "node:fs";
import { ConfigError, parseJwtSecret } from "@supernode/protocol";

export function readJwtSecretFile(path: string, key = "jwtSecret"): Uint8Array {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new ConfigError(key, `cannot read the JWT secret file ${path}: ${reason}`, undefined, {
      cause: error,
    });
  }
  try {
    return parseJwtSecret(text);
  } catch (error) {
    throw new ConfigError(
      key,
      `the JWT secret file ${path} must hold 32 bytes of hex (64 digits, 0x optional)`,
      undefined,
      { cause: error },
    );
  }
}
