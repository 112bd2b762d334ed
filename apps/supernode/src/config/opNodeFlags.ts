// op-node's flags that a virtual node does not take as its own settings, and what the supernode
// does with each when it arrives as `--vn.<chainId>.<flag>` or `--vn.all.<flag>` (op-supernode
// clones every op-node flag that way), so that an op-supernode command line runs unchanged:
// - shared: the supernode owns the resource (one L1 client, one RPC server, one data dir): the
//   flag is ignored with a warning naming the supernode flag that applies;
// - unimplemented: accepted with one warning; the value is kept per chain (ChainConfig.opNode);
// - ignored: accepted silently (pprof.*: there is no pprof in Bun);
// - refused: a value that would change what the node does in a way we do not support
//   (an engine writer besides the CL, execution-layer sync, following another node, fork
//   overrides, alt-DA, sequencing) is a usage error, exit 2.
// A name found neither here nor in virtualNodeSettings.ts is an unknown flag (exit 2).
// Names and environment variables follow op-node/flags/flags.go, p2p_flags.go and the op-service
// CLI flags; an environment variable OP_NODE_<X> becomes OP_SUPERNODE_VN_ALL_<X> or
// OP_SUPERNODE_VN_<chainId>_<X>.
import { isBoolLiteral, isTruthy } from "./values.ts";

export type Disposition =
  | { readonly kind: "shared"; readonly use: string }
  | { readonly kind: "unimplemented" }
  | { readonly kind: "ignored" }
  | {
      readonly kind: "refused";
      /** Which values are refused, for people (e.g. "true"). */
      readonly when: string;
      readonly reason: string;
      /** Why the value cannot be run, or null when the value is harmless (e.g. `false`). */
      readonly refusal: (value: string) => string | null;
    };

export interface PassiveFlag {
  readonly name: string;
  readonly aliases: readonly string[];
  /** Environment suffixes (what follows OP_NODE_ in op-node). */
  readonly env: readonly string[];
  /** `--flag` alone means true. */
  readonly bool: boolean;
  readonly disposition: Disposition;
}

type Row = readonly [name: string, env: string | null, bool?: "bool"];

function rows(disposition: Disposition, list: readonly Row[]): PassiveFlag[] {
  return list.map(([name, env, bool]) => ({
    name,
    aliases: [],
    env: env === null ? [] : [env],
    bool: bool === "bool",
    disposition,
  }));
}

const unimplemented: Disposition = { kind: "unimplemented" };
const ignored: Disposition = { kind: "ignored" };
const shared = (use: string): Disposition => ({ kind: "shared", use });

/** Refused when true; `false` is what the supernode does anyway. */
function refusedWhenTrue(reason: string): Disposition {
  return {
    kind: "refused",
    when: "true",
    reason,
    refusal: (value) => (!isBoolLiteral(value) ? "must be true or false" : isTruthy(value) ? reason : null),
  };
}

function refusedWhenSet(reason: string): Disposition {
  return {
    kind: "refused",
    when: "set",
    reason,
    refusal: (value) => (value.trim() === "" ? null : reason),
  };
}

const syncModeReason = "only consensus-layer sync is supported (execution-layer sync is not implemented)";

const adminReason =
  "the admin API is not supported: it would be a second writer of the chain's forkchoice besides the supernode";

const forkOverrideReason =
  "fork overrides are not supported: put the fork time in the chain's rollup config (rollup.config)";

const sharedL1 = shared("the shared L1 client (--l1 and its --l1.* flags) serves every chain");

export const opNodePassiveFlags: readonly PassiveFlag[] = [
  // L1: one client and one beacon client for all chains.
  ...rows(shared("--l1 applies to every chain"), [["l1", "L1_ETH_RPC"]]),
  ...rows(shared("--l1.beacon applies to every chain"), [["l1.beacon", "L1_BEACON"]]),
  ...rows(shared("--l1.http-poll-interval applies to every chain"), [
    ["l1.http-poll-interval", "L1_HTTP_POLL_INTERVAL"],
  ]),
  ...rows(shared("--l1.trust-rpc applies to every chain"), [["l1.trustrpc", "L1_TRUST_RPC", "bool"]]),
  ...rows(shared("--l1.slot-duration applies to every chain"), [
    ["l1.beacon.slot-duration-override", "L1_BEACON_SLOT_DURATION_OVERRIDE"],
  ]),
  ...rows(sharedL1, [
    ["l1.beacon-header", "L1_BEACON_HEADER"],
    ["l1.beacon.ignore", "L1_BEACON_IGNORE", "bool"],
    ["l1.beacon.fetch-all-sidecars", "L1_BEACON_FETCH_ALL_SIDECARS", "bool"],
    ["l1.rpckind", "L1_RPC_KIND"],
    ["l1.max-concurrency", "L1_MAX_CONCURRENCY"],
    ["l1.rpc-rate-limit", "L1_RPC_RATE_LIMIT"],
    ["l1.rpc-max-batch-size", "L1_RPC_MAX_BATCH_SIZE"],
    ["l1.cache-size", "L1_CACHE_SIZE"],
    ["l1.epoch-poll-interval", "L1_EPOCH_POLL_INTERVAL"],
  ]),
  // Resources the supernode owns.
  ...rows(shared("--dependency-set applies to every chain"), [
    ["interop.dependency-set", "INTEROP_DEPENDENCY_SET"],
  ]),
  ...rows(shared("the supernode keeps each chain's data under --data-dir/<chainId>"), [
    ["safedb.path", "SAFEDB_PATH"],
    ["p2p.priv.path", "P2P_PRIV_PATH"],
    ["p2p.peerstore.path", "P2P_PEERSTORE_PATH"],
    ["p2p.discovery.path", "P2P_DISCOVERY_PATH"],
  ]),
  ...rows(shared("the supernode serves every chain at --rpc.addr:--rpc.port/<chainId>"), [
    ["rpc.addr", "RPC_ADDR"],
    ["rpc.port", "RPC_PORT"],
  ]),
  ...rows(shared("the supernode's --log.* flags apply to every chain"), [
    ["log.level", "LOG_LEVEL"],
    ["log.format", "LOG_FORMAT"],
    ["log.color", "LOG_COLOR", "bool"],
  ]),
  ...rows(shared("the supernode's --metrics.* flags serve every chain's metrics"), [
    ["metrics.enabled", "METRICS_ENABLED", "bool"],
    ["metrics.addr", "METRICS_ADDR"],
    ["metrics.port", "METRICS_PORT"],
  ]),
  ...rows(ignored, [
    ["pprof.enabled", "PPROF_ENABLED", "bool"],
    ["pprof.addr", "PPROF_ADDR"],
    ["pprof.port", "PPROF_PORT"],
    ["pprof.path", "PPROF_PATH"],
    ["pprof.type", "PPROF_TYPE"],
  ]),
  // Values we cannot run.
  ...rows(refusedWhenTrue(adminReason), [["rpc.enable-admin", "RPC_ENABLE_ADMIN", "bool"]]),
  ...rows(
    {
      kind: "refused",
      when: "any value but consensus-layer",
      reason: syncModeReason,
      refusal: (value) => (value.trim() === "consensus-layer" ? null : syncModeReason),
    },
    [["syncmode", "SYNCMODE"]],
  ),
  ...rows(
    refusedWhenTrue("execution-layer sync is not supported (l2.engine-sync is --syncmode=execution-layer)"),
    [["l2.engine-sync", "L2_ENGINE_SYNC_ENABLED", "bool"]],
  ),
  ...rows(
    refusedWhenSet(
      "following another node is not supported: the supernode derives every chain itself (point a light op-node at http://<supernode>/<chainId> instead)",
    ),
    [["l2.follow.source", "L2_FOLLOW_SOURCE"]],
  ),
  ...rows(refusedWhenSet(forkOverrideReason), [
    ["override.canyon", "OVERRIDE_CANYON"],
    ["override.delta", "OVERRIDE_DELTA"],
    ["override.ecotone", "OVERRIDE_ECOTONE"],
    ["override.fjord", "OVERRIDE_FJORD"],
    ["override.granite", "OVERRIDE_GRANITE"],
    ["override.holocene", "OVERRIDE_HOLOCENE"],
    ["override.pectrablobschedule", "OVERRIDE_PECTRABLOBSCHEDULE"],
    ["override.isthmus", "OVERRIDE_ISTHMUS"],
    ["override.jovian", "OVERRIDE_JOVIAN"],
    ["override.interop", "OVERRIDE_INTEROP"],
  ]),
  ...rows(refusedWhenTrue("alt-DA is not supported"), [["altda.enabled", "ALTDA_ENABLED", "bool"]]),
  ...rows(
    refusedWhenTrue("sequencing is not supported: a virtual node derives its chain, it does not build it"),
    [["sequencer.enabled", "SEQUENCER_ENABLED", "bool"]],
  ),
  // Accepted, with a warning, and kept for later.
  ...rows(unimplemented, [
    ["l2.enginekind", "L2_ENGINE_KIND"],
    ["l2.engine-rpc-timeout", "L2_ENGINE_RPC_TIMEOUT"],
    ["l2.follow.source.rpc-timeout", "L2_FOLLOW_SOURCE_RPC_TIMEOUT"],
    ["l2.skip-sync-start-check", "L2_SKIP_SYNC_START_CHECK", "bool"],
    ["l2.backup-unsafe-sync-rpc", "L2_BACKUP_UNSAFE_SYNC_RPC"],
    ["l2.backup-unsafe-sync-rpc.trustrpc", "L2_BACKUP_UNSAFE_SYNC_RPC_TRUST_RPC"],
    ["syncmode.req-resp", "SYNCMODE_REQ_RESP", "bool"],
    ["syncmode.offset-el-safe", "SYNCMODE_OFFSET_EL_SAFE"],
    ["verifier.l1-confs", "VERIFIER_L1_CONFS"],
    ["l1.runtime-config-reload-interval", "L1_RUNTIME_CONFIG_RELOAD_INTERVAL"],
    ["finality.lookback", "FINALITY_LOOKBACK"],
    ["finality.delay", "FINALITY_DELAY"],
    ["fetch-withdrawal-root-from-state", "FETCH_WITHDRAWAL_ROOT_FROM_STATE", "bool"],
    ["ignore-missing-pectra-blob-schedule", "IGNORE_MISSING_PECTRA_BLOB_SCHEDULE", "bool"],
    ["beta.extra-networks", "BETA_EXTRA_NETWORKS", "bool"],
    ["experimental.sequencer-api", "EXPERIMENTAL_SEQUENCER_API", "bool"],
    ["rpc.admin-state", "RPC_ADMIN_STATE"],
    ["snapshotlog.file", "SNAPSHOT_LOG"],
    ["heartbeat.enabled", "HEARTBEAT_ENABLED", "bool"],
    ["heartbeat.moniker", "HEARTBEAT_MONIKER"],
    ["heartbeat.url", "HEARTBEAT_URL"],
    ["sequencer.stopped", "SEQUENCER_STOPPED", "bool"],
    ["sequencer.max-safe-lag", "SEQUENCER_MAX_SAFE_LAG"],
    ["sequencer.l1-confs", "SEQUENCER_L1_CONFS"],
    ["sequencer.recover", "SEQUENCER_RECOVER", "bool"],
    ["sequencer.sealing-duration", "SEQUENCER_SEALING_DURATION"],
    ["conductor.enabled", "CONDUCTOR_ENABLED", "bool"],
    ["conductor.rpc", "CONDUCTOR_RPC"],
    ["conductor.rpc-timeout", "CONDUCTOR_RPC_TIMEOUT"],
    ["altda.da-server", "ALTDA_DA_SERVER"],
    ["altda.verify-on-read", "ALTDA_VERIFY_ON_READ", "bool"],
    ["altda.da-service", "ALTDA_DA_SERVICE", "bool"],
    ["altda.put-timeout", "ALTDA_PUT_TIMEOUT"],
    ["altda.get-timeout", "ALTDA_GET_TIMEOUT"],
    ["altda.max-concurrent-da-requests", "ALTDA_MAX_CONCURRENT_DA_REQUESTS"],
    ["p2p.disable", "P2P_DISABLE", "bool"],
    ["p2p.no-discovery", "P2P_NO_DISCOVERY", "bool"],
    ["p2p.scoring", "P2P_PEER_SCORING"],
    ["p2p.scoring.peers", null],
    ["p2p.score.bands", null],
    ["p2p.scoring.topics", null],
    ["p2p.ban.peers", "P2P_PEER_BANNING", "bool"],
    ["p2p.ban.threshold", "P2P_PEER_BANNING_THRESHOLD"],
    ["p2p.ban.duration", "P2P_PEER_BANNING_DURATION"],
    ["p2p.priv.raw", "P2P_PRIV_RAW"],
    ["p2p.listen.ip", "P2P_LISTEN_IP"],
    ["p2p.listen.tcp", "P2P_LISTEN_TCP_PORT"],
    ["p2p.listen.udp", "P2P_LISTEN_UDP_PORT"],
    ["p2p.advertise.ip", "P2P_ADVERTISE_IP"],
    ["p2p.advertise.tcp", "P2P_ADVERTISE_TCP"],
    ["p2p.advertise.udp", "P2P_ADVERTISE_UDP"],
    ["p2p.bootnodes", "P2P_BOOTNODES"],
    ["p2p.static", "P2P_STATIC"],
    ["p2p.netrestrict", "P2P_NETRESTRICT"],
    ["p2p.mux", "P2P_MUX"],
    ["p2p.security", "P2P_SECURITY"],
    ["p2p.peers.lo", "P2P_PEERS_LO"],
    ["p2p.peers.hi", "P2P_PEERS_HI"],
    ["p2p.peers.grace", "P2P_PEERS_GRACE"],
    ["p2p.nat", "P2P_NAT", "bool"],
    ["p2p.useragent", "P2P_AGENT"],
    ["p2p.timeout.negotiation", "P2P_TIMEOUT_NEGOTIATION"],
    ["p2p.timeout.accept", "P2P_TIMEOUT_ACCEPT"],
    ["p2p.timeout.dial", "P2P_TIMEOUT_DIAL"],
    ["p2p.sequencer.key", "P2P_SEQUENCER_KEY"],
    ["p2p.gossip.mesh.d", "P2P_GOSSIP_MESH_D"],
    ["p2p.gossip.mesh.lo", "P2P_GOSSIP_MESH_DLO"],
    ["p2p.gossip.mesh.dhi", "P2P_GOSSIP_MESH_DHI"],
    ["p2p.gossip.mesh.dlazy", "P2P_GOSSIP_MESH_DLAZY"],
    ["p2p.gossip.mesh.floodpublish", "P2P_GOSSIP_FLOOD_PUBLISH", "bool"],
    ["p2p.sync.req-resp", "P2P_SYNC_REQ_RESP", "bool"],
    ["p2p.sync.onlyreqtostatic", "P2P_SYNC_ONLYREQTOSTATIC", "bool"],
    ["p2p.ping", "P2P_PING", "bool"],
  ]),
];

/**
 * op-supernode's own top-level flags that the supernode accepts without implementing them.
 * Their environment variables are OP_SUPERNODE_<env>.
 */
export const supernodePassiveFlags: readonly PassiveFlag[] = [
  ...rows(ignored, [
    ["pprof.enabled", "PPROF_ENABLED", "bool"],
    ["pprof.addr", "PPROF_ADDR"],
    ["pprof.port", "PPROF_PORT"],
    ["pprof.path", "PPROF_PATH"],
    ["pprof.type", "PPROF_TYPE"],
  ]),
  ...rows(refusedWhenTrue(adminReason), [["rpc.enable-admin", "RPC_ENABLE_ADMIN", "bool"]]),
  ...rows(unimplemented, [
    ["log.color", "LOG_COLOR", "bool"],
    ["private-interop.genesis", "PRIVATE_INTEROP_GENESIS"],
    ["private-interop.claim-scan-start-block", "PRIVATE_INTEROP_CLAIM_SCAN_START_BLOCK"],
  ]),
];
