// The sequencer on a real L1 anvil and a real devnet engine, fast clock: blocks every block time,
// L1 origins within the drift and the confirmation depth, fork activation blocks with their
// upgrade transactions executed.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createEngineTransport, EngineClient, EngineController, L2Reader } from "@supernode/engine-api";
import { L1Client, RpcClient } from "@supernode/l1-source";
import { ForkSchedule, loadProtocolWasm, parseL1ChainConfig, upgradeTransactions } from "@supernode/protocol";
import { chainIdOf, devnetHardforks } from "../chains/chainSpecs.ts";
import { DevnetChain } from "../chains/devnetChain.ts";
import { DevnetL1 } from "../l1/devnetL1.ts";
import { Sequencer } from "./sequencer.ts";

let l1: DevnetL1;
let chain: DevnetChain;
let sequencer: Sequencer;
let reader: L2Reader;
const CONFIRMATIONS = 4;

beforeAll(async () => {
  await loadProtocolWasm();
  l1 = await DevnetL1.start({ blockTime: 2, genesisTime: 1_900_000_000 });
  const genesis = await l1.head();
  const jwtSecret = crypto.getRandomValues(new Uint8Array(32));
  chain = await DevnetChain.start({
    spec: {
      chainId: chainIdOf(0),
      blockTime: 1,
      batcher: "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
      hardforks: devnetHardforks("default", genesis.timestamp),
    },
    dataDir: mkdtempSync(join(tmpdir(), "devnet-seq-")),
    l1ChainId: l1.chainId,
    genesisL1: genesis,
    l2GenesisTime: genesis.timestamp,
    portal: "0x00000000000000000000000000000000000000d0",
    systemConfig: "0x00000000000000000000000000000000000000d1",
    jwtSecret,
  });
  const forks = new ForkSchedule(chain.rollup);
  const call = createEngineTransport({ url: chain.engineUrl, jwtSecret });
  reader = new L2Reader({ call, forks, genesis: chain.rollup.genesis });
  const controller = await EngineController.open(new EngineClient(call, forks), reader, forks);
  sequencer = await Sequencer.start({
    rollup: chain.rollup,
    l1Chain: parseL1ChainConfig(l1.chainConfigJson()),
    l1: new L1Client(new RpcClient({ url: l1.url })),
    controller,
    reader,
    l1Confirmations: CONFIRMATIONS,
  });
}, 60_000);

afterAll(async () => {
  await chain?.stop();
  await l1?.stop();
});

describe("sequencer", () => {
  test("30 blocks at 1 s on a 2 s L1: origins follow L1 behind its confirmation depth; Jovian and Interop activate", async () => {
    const jovian = chain.rollup.hardforks.jovianTime as number;
    const interop = chain.rollup.hardforks.interopTime as number;
    for (let time = l1.genesisTime + 1; time <= l1.genesisTime + 30; time++) {
      if (time >= l1.timeOf((await l1.head()).number + 1)) await l1.mine();
      while (sequencer.nextTimestamp <= time) expect(await sequencer.step()).not.toBeNull();
    }
    expect(sequencer.head.number).toBe(30);
    const l1Head = (await l1.head()).number;
    let previousOrigin = 0;
    for (let n = 1; n <= 30; n++) {
      const block = await reader.block(n);
      if (!block) throw new Error(`no block ${n}`);
      expect(block.ref.timestamp).toBe(l1.genesisTime + n);
      const origin = block.ref.l1origin.number;
      // Never more than one L1 block at a time, never later than the L2 time, never within the
      // confirmation depth of the L1 head at that time.
      expect(origin - previousOrigin).toBeLessThanOrEqual(1);
      expect(l1.timeOf(origin)).toBeLessThanOrEqual(block.ref.timestamp);
      expect(origin).toBeLessThanOrEqual(l1Head - CONFIRMATIONS);
      previousOrigin = origin;
      expect(block.l1Info?.number).toBe(origin);
      const expected =
        block.ref.timestamp === jovian
          ? upgradeTransactions("jovian").length
          : block.ref.timestamp === interop
            ? upgradeTransactions("interop").length
            : 0;
      expect(block.transactions.length).toBe(1 + expected);
    }
    expect(previousOrigin).toBeGreaterThan(5);
  }, 60_000);
});
