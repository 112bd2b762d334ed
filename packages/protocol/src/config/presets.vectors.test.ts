// Presets against the superchain-registry export and the real OP Sepolia rollup configs embedded
// in kona's executor fixtures (../shared/fixtures/kona).
import assert from "node:assert/strict";
import { describeWithFixtures } from "@supernode/test-helpers/fixtures";
import { test } from "@supernode/test-helpers/harness";
import { forkOrder } from "./forks.ts";
import { networkPresets, opSepolia } from "./presets.ts";
import { parseRollupConfig, serializeRollupConfig } from "./rollupConfig.ts";

interface RegistryChain {
  l2_chain_id: number;
  batch_inbox_address: string;
  block_time: number;
  seq_window_size: number;
  max_sequencer_drift: number;
  hardfork_configuration: Record<string, number | null>;
  optimism: { eip1559Elasticity: number; eip1559Denominator: number; eip1559DenominatorCanyon: number };
  genesis: {
    l1: { number: number; hash: string };
    l2: { number: number; hash: string };
    l2_time: number;
    system_config: { batcherAddr: string; overhead: string; scalar: string; gasLimit: number };
  };
  Addresses: { OptimismPortalProxy: string; SystemConfigProxy: string };
}

interface Registry {
  superchains: {
    name: string;
    config: { l1: { chain_id: number }; protocol_versions_addr: string };
    chains: RegistryChain[];
  }[];
}

describeWithFixtures("network presets match the superchain registry", (fixtures) => {
  const registry = fixtures.json<Registry>("kona/registry/configs.json");

  for (const [name, preset] of Object.entries(networkPresets)) {
    test(`${name}: every field the registry holds`, () => {
      const superchain = registry.superchains.find((s) =>
        s.chains.some((c) => BigInt(c.l2_chain_id) === preset.l2ChainId),
      );
      const chain = superchain?.chains.find((c) => BigInt(c.l2_chain_id) === preset.l2ChainId);
      assert.ok(superchain && chain, `registry has chain ${preset.l2ChainId}`);
      assert.equal(preset.l1ChainId, BigInt(superchain.config.l1.chain_id));
      assert.equal(preset.protocolVersionsAddress, superchain.config.protocol_versions_addr);
      assert.equal(preset.batchInboxAddress, chain.batch_inbox_address);
      assert.equal(preset.blockTime, chain.block_time);
      assert.equal(preset.seqWindowSize, chain.seq_window_size);
      assert.equal(preset.maxSequencerDrift, chain.max_sequencer_drift);
      assert.deepEqual(preset.chainOpConfig, chain.optimism);
      assert.deepEqual(preset.genesis.l1, chain.genesis.l1);
      assert.deepEqual(preset.genesis.l2, chain.genesis.l2);
      assert.equal(preset.genesis.l2Time, chain.genesis.l2_time);
      const system = chain.genesis.system_config;
      assert.equal(preset.genesis.systemConfig.batcherAddr, system.batcherAddr);
      assert.equal(preset.genesis.systemConfig.overhead, system.overhead);
      assert.equal(preset.genesis.systemConfig.scalar, system.scalar);
      assert.equal(preset.genesis.systemConfig.gasLimit, system.gasLimit);
      assert.equal(preset.depositContractAddress, chain.Addresses.OptimismPortalProxy);
      assert.equal(preset.l1SystemConfigAddress, chain.Addresses.SystemConfigProxy);
      const forks = chain.hardfork_configuration;
      for (const [key, time] of Object.entries(forks)) {
        if (key === "pectra_blob_schedule_time") {
          assert.equal(preset.pectraBlobScheduleTime, time ?? undefined, key);
          continue;
        }
        const fork = key.replace(/_time$/, "");
        assert.ok((forkOrder as readonly string[]).includes(fork), `known fork ${key}`);
        assert.equal(preset.hardforks[`${fork as (typeof forkOrder)[number]}Time`], time ?? undefined, key);
      }
      // The registry omits regolith (active from genesis on every Sepolia chain).
      assert.equal(preset.hardforks.regolithTime, 0);
    });

    test(`${name}: the preset round-trips through op-node's JSON`, () => {
      assert.deepEqual(parseRollupConfig(JSON.parse(JSON.stringify(serializeRollupConfig(preset)))), preset);
    });
  }
});

describeWithFixtures("kona executor fixtures: real OP Sepolia rollup configs", (fixtures) => {
  const files = [
    "block-26207960",
    "block-26207961",
    "block-26207962",
    "block-26207963",
    "block-26208384",
    "block-26208858",
    "block-26208927",
    "block-26211680",
  ];
  for (const file of files) {
    test(`${file}: rollup_config parses, round-trips and agrees with the op-sepolia preset`, () => {
      const raw = fixtures.json<{ rollup_config: unknown }>(
        `kona/executor/${file}.fixture.json`,
      ).rollup_config;
      const config = parseRollupConfig(raw);
      assert.deepEqual(parseRollupConfig(JSON.parse(JSON.stringify(serializeRollupConfig(config)))), config);
      // The fixture predates Jovian and writes no regolith_time; everything else is OP Sepolia's.
      const { jovianTime: _jovian, regolithTime: _regolith, ...presetForks } = opSepolia.hardforks;
      assert.deepEqual(config, { ...opSepolia, hardforks: presetForks });
    });
  }
});
