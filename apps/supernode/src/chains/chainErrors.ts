// The errors a chain container's reads throw (activities and the RPC methods map them).

/** The node is not running (starting, restarting, paused or stopped). */
export class ChainNotRunningError extends Error {}

/** History a read needs is gone for good (SafeDB gap or before its first entry). */
export class HistoryUnavailableError extends Error {}
