// `supernode run [flags]` (and `supernode --chains … [flags]`, op-supernode's drop-in form): every
// chain of the dependency set in this process. Config: flags > OP_SUPERNODE_* env > config file >
// defaults (src/config). Prints one JSON line when serving, logs on stderr (--log.format), stops
// every chain on SIGINT/SIGTERM. Exit codes: 0 stopped, 1 failed at run time, 2 bad config.
import { ConfigUsageError, loadSupernodeConfig, supernodeHelp, wantsHelp } from "./config/index.ts";
import { createLogger } from "./node/logger.ts";
import { startSupernode } from "./supernode.ts";

export interface RunIo {
  out(text: string): void;
  err(text: string): void;
}

export async function runSupernodeCommand(argv: readonly string[], io: RunIo): Promise<number> {
  if (wantsHelp(argv)) {
    io.out(supernodeHelp("supernode run"));
    return 0;
  }
  let supernode: Awaited<ReturnType<typeof startSupernode>>;
  let logger = createLogger();
  try {
    const config = loadSupernodeConfig(argv, process.env);
    logger = createLogger({ level: config.log.level, format: config.log.format });
    for (const warning of config.warnings) logger.warn(warning);
    supernode = await startSupernode(config, logger);
  } catch (error) {
    if (error instanceof ConfigUsageError) {
      io.err(`supernode: ${error.message}\nRun supernode run --help for usage.\n`);
      return 2;
    }
    io.err(`supernode: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  io.out(
    `${JSON.stringify({
      ready: {
        rpc: supernode.rpcUrl,
        metrics: supernode.metricsUrl,
        chains: supernode.containers.map((c) => c.id.toString(10)),
      },
    })}\n`,
  );
  await new Promise<void>((resolve) => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve());
  });
  logger.info("stopping");
  await supernode.stop();
  return 0;
}
