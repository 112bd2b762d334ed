// The small logging interface every package receives. The app backs it with pino (JSON lines, or
// a pretty format on terminals). Context goes in fields (chainId, l1, l2), not in the message.

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  trace(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `bindings` to every line it writes. */
  child(bindings: LogFields): Logger;
}

const discard = () => {};

/** A logger that writes nothing, for tests and for components constructed without one. */
export const silentLogger: Logger = {
  trace: discard,
  debug: discard,
  info: discard,
  warn: discard,
  error: discard,
  child: () => silentLogger,
};
