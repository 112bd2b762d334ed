import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { ConfigError } from "../errors.ts";
import { parseRollupConfig, serializeRollupConfig, unknownRollupConfigKeys } from "./rollupConfig.ts";

/** A complete op-node-shaped rollup.json for a devnet chain. */
function opNodeConfig(): Record<string, unknown> {
  return {
    genesis: {
      l1: { hash: `0x${"11".repeat(32)}`, number: 10 },
      l2: { hash: `0x${"22".repeat(32)}`, number: 0 },
      l2_time: 1_700_000_000,
      system_config: {
        batcherAddr: `0x${"ab".repeat(20)}`,
        overhead: `0x${"00".repeat(32)}`,
        scalar: `0x01${"00".repeat(23)}000dbba0000007d0`,
        gasLimit: 30_000_000,
        eip1559Params: "0x000000fa00000006",
        operatorFeeParams: `0x${"00".repeat(32)}`,
        minBaseFee: 0,
        daFootprintGasScalar: 400,
      },
    },
    block_time: 2,
    max_sequencer_drift: 600,
    seq_window_size: 3600,
    channel_timeout: 300,
    l1_chain_id: 900,
    l2_chain_id: 901,
    regolith_time: 0,
    canyon_time: 0,
    delta_time: 0,
    ecotone_time: 0,
    fjord_time: 0,
    granite_time: 0,
    holocene_time: 0,
    isthmus_time: 0,
    jovian_time: 1_700_000_100,
    interop_time: 1_700_000_200,
    batch_inbox_address: "0xff00000000000000000000000000000000000901",
    deposit_contract_address: `0x${"cd".repeat(20)}`,
    l1_system_config_address: `0x${"ef".repeat(20)}`,
    protocol_versions_address: `0x${"00".repeat(20)}`,
    chain_op_config: { eip1559Elasticity: 6, eip1559Denominator: 50, eip1559DenominatorCanyon: 250 },
  };
}

function withChange(mutate: (config: Record<string, unknown>) => void): Record<string, unknown> {
  const config = opNodeConfig();
  mutate(config);
  return config;
}

function genesisOf(config: Record<string, unknown>): Record<string, unknown> {
  return config.genesis as Record<string, unknown>;
}

function systemConfigOf(config: Record<string, unknown>): Record<string, unknown> {
  return genesisOf(config).system_config as Record<string, unknown>;
}

function rejects(input: unknown, key: string, fragment: string): void {
  assert.throws(
    () => parseRollupConfig(input),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
      assert.equal(error.meta.key, key);
      assert.ok(error.message.startsWith(`${key}: `), `message names the key: ${error.message}`);
      assert.ok(error.message.includes(fragment), `message "${error.message}" mentions "${fragment}"`);
      return true;
    },
  );
}

describe("parseRollupConfig", () => {
  test("reads op-node's spelling into typed camelCase", () => {
    const config = parseRollupConfig(opNodeConfig());
    assert.equal(config.blockTime, 2);
    assert.equal(config.l2ChainId, 901n);
    assert.equal(config.genesis.l2Time, 1_700_000_000);
    assert.equal(config.genesis.systemConfig.batcherAddr, `0x${"ab".repeat(20)}`);
    assert.equal(config.genesis.systemConfig.daFootprintGasScalar, 400);
    assert.equal(config.hardforks.jovianTime, 1_700_000_100);
    assert.equal(config.hardforks.interopTime, 1_700_000_200);
    assert.deepEqual(config.chainOpConfig, {
      eip1559Elasticity: 6,
      eip1559Denominator: 50,
      eip1559DenominatorCanyon: 250,
    });
  });

  test("serializes to op-node's shape and parse(serialize(x)) deep-equals x", () => {
    const config = parseRollupConfig(opNodeConfig());
    const json = serializeRollupConfig(config);
    assert.deepEqual(JSON.parse(JSON.stringify(json)), opNodeConfig());
    assert.deepEqual(parseRollupConfig(JSON.parse(JSON.stringify(json))), config);
  });

  test("writes keys in op-node's order", () => {
    const json = serializeRollupConfig(
      parseRollupConfig({ ...opNodeConfig(), pectra_blob_schedule_time: 5 }),
    );
    const keys = Object.keys(json);
    assert.ok(keys.indexOf("holocene_time") < keys.indexOf("pectra_blob_schedule_time"));
    assert.ok(keys.indexOf("pectra_blob_schedule_time") < keys.indexOf("isthmus_time"));
    assert.ok(keys.indexOf("l2_chain_id") < keys.indexOf("regolith_time"));
    assert.ok(keys.indexOf("interop_time") < keys.indexOf("batch_inbox_address"));
  });

  test("reads kona's spelling: batcherAddress, split scalars and null optionals", () => {
    const kona = withChange((config) => {
      const system = systemConfigOf(config);
      delete system.batcherAddr;
      delete system.scalar;
      delete system.eip1559Params;
      delete system.operatorFeeParams;
      Object.assign(system, {
        batcherAddress: `0x${"ab".repeat(20)}`,
        baseFeeScalar: 2000,
        blobBaseFeeScalar: 900_000,
        eip1559Denominator: 250,
        eip1559Elasticity: 6,
        operatorFeeScalar: 7,
        operatorFeeConstant: 9,
      });
      Object.assign(config, {
        granite_channel_timeout: 50,
        superchain_config_address: `0x${"12".repeat(20)}`,
        interop_message_expiry_window: 3600,
        blobs_data: null,
        da_challenge_address: null,
        alt_da: null,
        pectra_blob_schedule_time: null,
      });
    });
    const config = parseRollupConfig(kona);
    const expected = parseRollupConfig(
      withChange((config) => {
        systemConfigOf(config).operatorFeeParams = `0x${"00".repeat(20)}00000007${"00".repeat(7)}09`;
      }),
    );
    assert.deepEqual(config, expected);
    assert.deepEqual(unknownRollupConfigKeys(kona), []);
  });

  test("keeps fork times as written; implied activation is the schedule's job", () => {
    const config = parseRollupConfig(
      withChange((c) => {
        delete c.isthmus_time;
        delete c.holocene_time;
      }),
    );
    assert.equal(config.hardforks.isthmusTime, undefined);
    assert.equal(config.hardforks.jovianTime, 1_700_000_100);
  });

  test("reports keys neither op-node nor kona defines", () => {
    const input = withChange((config) => {
      config.ecotone_tme = 5;
      genesisOf(config).l3 = {};
      systemConfigOf(config).gasLimt = 1;
    });
    assert.deepEqual(unknownRollupConfigKeys(input), [
      "ecotone_tme",
      "genesis.l3",
      "genesis.system_config.gasLimt",
    ]);
    assert.doesNotThrow(() => parseRollupConfig(input));
  });

  test("accepts chain ids as decimal strings beyond 2^53 and writes them back exactly", () => {
    const config = parseRollupConfig({ ...opNodeConfig(), l2_chain_id: "9007199254740993" });
    assert.equal(config.l2ChainId, 9007199254740993n);
    assert.equal(serializeRollupConfig(config).l2_chain_id, "9007199254740993");
  });
});

describe("parseRollupConfig rejects bad input with one message naming the key", () => {
  test("not an object", () => rejects("rollup", "(root)", "Invalid type"));
  test("missing key", () =>
    rejects(
      withChange((c) => delete c.block_time),
      "block_time",
      "is required",
    ));
  test("missing nested key", () =>
    rejects(
      withChange((c) => delete genesisOf(c).l2_time),
      "genesis.l2_time",
      "is required",
    ));
  test("wrong type", () =>
    rejects({ ...opNodeConfig(), seq_window_size: "3600" }, "seq_window_size", '"3600"'));
  test("negative number", () => rejects({ ...opNodeConfig(), channel_timeout: -1 }, "channel_timeout", "-1"));
  test("fractional number", () => rejects({ ...opNodeConfig(), block_time: 1.5 }, "block_time", "1.5"));
  test("zero block time", () => rejects({ ...opNodeConfig(), block_time: 0 }, "block_time", "at least 1"));
  test("bad hex", () =>
    rejects(
      withChange((c) => {
        systemConfigOf(c).scalar = `0x${"zz".repeat(32)}`;
      }),
      "genesis.system_config.scalar",
      "hex",
    ));
  test("bad address length", () =>
    rejects(
      { ...opNodeConfig(), batch_inbox_address: `0x${"ff".repeat(19)}` },
      "batch_inbox_address",
      "20 bytes",
    ));
  test("hash without 0x", () =>
    rejects(
      withChange((c) => {
        (genesisOf(c).l1 as Record<string, unknown>).hash = "11".repeat(32);
      }),
      "genesis.l1.hash",
      "0x-prefixed",
    ));
  test("forks out of order", () =>
    rejects({ ...opNodeConfig(), jovian_time: 1_700_000_300 }, "interop_time", "before jovian_time"));
  test("forks out of order with a gap", () =>
    rejects(
      { ...opNodeConfig(), canyon_time: 10, delta_time: undefined, ecotone_time: 5 },
      "ecotone_time",
      "before canyon_time",
    ));
  test("same L1 and L2 chain id", () =>
    rejects({ ...opNodeConfig(), l2_chain_id: 900 }, "l2_chain_id", "must differ"));
  test("zero batch inbox", () =>
    rejects(
      { ...opNodeConfig(), batch_inbox_address: `0x${"00".repeat(20)}` },
      "batch_inbox_address",
      "zero",
    ));
  test("missing batcher", () =>
    rejects(
      withChange((c) => delete systemConfigOf(c).batcherAddr),
      "genesis.system_config.batcherAddr",
      "required",
    ));
  test("kona split fields that disagree with the packed field", () =>
    rejects(
      withChange((c) => {
        systemConfigOf(c).eip1559Denominator = 50;
      }),
      "genesis.system_config.eip1559Denominator",
      "disagrees",
    ));
  test("an unsupported granite channel timeout", () =>
    rejects(
      { ...opNodeConfig(), granite_channel_timeout: 60 },
      "granite_channel_timeout",
      "only the protocol value 50",
    ));
  test("a uint16 out of range", () =>
    rejects(
      withChange((c) => {
        systemConfigOf(c).daFootprintGasScalar = 70_000;
      }),
      "genesis.system_config.daFootprintGasScalar",
      "uint16",
    ));
});
