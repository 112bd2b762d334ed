import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { ForkSchedule, forkOrder } from "./forks.ts";

describe("ForkSchedule", () => {
  test("a fork is active from its time on", () => {
    const forks = new ForkSchedule({ blockTime: 2, hardforks: { ecotoneTime: 100 } });
    assert.equal(forks.isEcotone(99), false);
    assert.equal(forks.isEcotone(100), true);
    assert.equal(forks.isFjord(1_000_000), false);
  });

  test("a later fork implies every earlier one", () => {
    const forks = new ForkSchedule({ blockTime: 2, hardforks: { canyonTime: 500, jovianTime: 100 } });
    for (const fork of forkOrder.slice(0, forkOrder.indexOf("jovian") + 1)) {
      assert.equal(forks.activationTime(fork), 100, fork);
    }
    assert.equal(forks.isRegolith(100), true);
    assert.equal(forks.isCanyon(100), true);
    assert.equal(forks.isInterop(100), false);
    assert.equal(forks.activationTime("interop"), undefined);
  });

  test("every helper asks its own fork", () => {
    const times = Object.fromEntries(forkOrder.map((fork, i) => [`${fork}Time`, (i + 1) * 10]));
    const forks = new ForkSchedule({ blockTime: 1, hardforks: times });
    const helpers = [
      forks.isRegolith,
      forks.isCanyon,
      forks.isDelta,
      forks.isEcotone,
      forks.isFjord,
      forks.isGranite,
      forks.isHolocene,
      forks.isIsthmus,
      forks.isJovian,
      forks.isInterop,
    ];
    helpers.forEach((helper, i) => {
      assert.equal(helper.call(forks, (i + 1) * 10 - 1), false, String(forkOrder[i]));
      assert.equal(helper.call(forks, (i + 1) * 10), true, String(forkOrder[i]));
    });
  });

  test("activation block: the first block at or after the fork time", () => {
    const forks = new ForkSchedule({ blockTime: 2, hardforks: { holoceneTime: 101 } });
    assert.equal(forks.isActivationBlock("holocene", 100), false);
    assert.equal(forks.isActivationBlock("holocene", 102), true);
    assert.equal(forks.isActivationBlock("holocene", 104), false);
  });

  test("a fork active at genesis has no activation block at time 0", () => {
    const forks = new ForkSchedule({ blockTime: 2, hardforks: { ecotoneTime: 0 } });
    assert.equal(forks.isActivationBlock("ecotone", 0), false);
    assert.equal(forks.isActivationBlock("ecotone", 2), false);
  });

  test("pectra blob schedule stands outside the fork chain", () => {
    const forks = new ForkSchedule({
      blockTime: 2,
      hardforks: { jovianTime: 0 },
      pectraBlobScheduleTime: 50,
    });
    assert.equal(forks.isPectraBlobSchedule(49), false);
    assert.equal(forks.isPectraBlobSchedule(50), true);
    assert.equal(
      new ForkSchedule({ blockTime: 2, hardforks: { jovianTime: 0 } }).isPectraBlobSchedule(1e9),
      false,
    );
  });
});
