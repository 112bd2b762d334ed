// @supernode/l1-source: the L1 client every chain of the supernode shares.
export { BeaconClient, type BeaconClientOptions, type RequestedBlob } from "./beaconClient.ts";
export { BoundedCache } from "./boundedCache.ts";
export { Coalescer } from "./coalescer.ts";
export { isNotFound, type L1ErrorKind, L1SourceError } from "./errors.ts";
export { type HeadEvent, HeadTracker, type HeadTrackerOptions } from "./headTracker.ts";
export { createKzgCommitment, viemKzg } from "./kzg.ts";
export {
  type BlockLabel,
  encodeReceipt,
  L1Client,
  type L1ClientOptions,
  type L1Header,
  type L1Log,
  type L1Receipt,
  rawTransaction,
} from "./l1Client.ts";
export { type L1Proxy, type L1ProxyOptions, startL1Proxy } from "./l1Proxy.ts";
export {
  type CacheKind,
  createL1SourceMetrics,
  type L1SourceMetrics,
  type RequestOutcome,
} from "./metrics.ts";
export { Limiter } from "./rpc/limiter.ts";
export { defaultRetryPolicy, type RetryEnvironment, type RetryPolicy, withRetries } from "./rpc/retry.ts";
export { classify, RpcClient, type RpcClientOptions } from "./rpc/rpcClient.ts";
