// The one error of config loading: a flag, environment variable or config-file key that cannot be
// used. The CLI prints the message and exits with code 2; `key` names the setting (the flag name
// without dashes, e.g. "rpc.port" or "vn.901.l2") whichever source it came from.
import { SupernodeError } from "@supernode/protocol";

export class ConfigUsageError extends SupernodeError<"CONFIG_USAGE", { key: string }> {
  override readonly name = "ConfigUsageError";
  readonly key: string;

  constructor(key: string, message: string, options?: { cause?: unknown }) {
    super("CONFIG_USAGE", message, { key }, options);
    this.key = key;
  }
}
