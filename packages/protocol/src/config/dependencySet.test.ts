import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { ConfigError } from "../errors.ts";
import { hasChain, parseDependencySet, serializeDependencySet } from "./dependencySet.ts";

function rejects(input: unknown, key: string, fragment: string): void {
  assert.throws(
    () => parseDependencySet(input),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError, String(error));
      assert.equal(error.meta.key, key);
      assert.ok(error.message.includes(fragment), error.message);
      return true;
    },
  );
}

describe("parseDependencySet", () => {
  test("decimal keys, sorted numerically, default window", () => {
    const set = parseDependencySet({ dependencies: { "10": {}, "902": {}, "901": {} } });
    assert.deepEqual(set.chains, [10n, 901n, 902n]);
    assert.equal(set.messageExpiryWindow, 604_800);
    assert.ok(hasChain(set, 901n));
    assert.ok(!hasChain(set, 903n));
  });

  test("an override may shorten the window; 0 means the default", () => {
    assert.equal(
      parseDependencySet({ dependencies: { "1": {} }, overrideMessageExpiryWindow: 3600 })
        .messageExpiryWindow,
      3600,
    );
    assert.equal(
      parseDependencySet({ dependencies: { "1": {} }, overrideMessageExpiryWindow: 0 }).messageExpiryWindow,
      604_800,
    );
    assert.equal(
      parseDependencySet({ dependencies: { "1": {} }, overrideMessageExpiryWindow: 604_800 })
        .messageExpiryWindow,
      604_800,
    );
  });

  test("serialize round-trips", () => {
    const set = parseDependencySet({
      dependencies: { "902": {}, "901": {} },
      overrideMessageExpiryWindow: 60,
    });
    const json = serializeDependencySet(set);
    assert.deepEqual(json, { dependencies: { "901": {}, "902": {} }, overrideMessageExpiryWindow: 60 });
    assert.deepEqual(parseDependencySet(JSON.parse(JSON.stringify(json))), set);
  });

  test("chain ids beyond 2^53 stay exact", () => {
    const set = parseDependencySet({
      dependencies: { "115792089237316195423570985008687907853269984665640564039457584007913129639935": {} },
    });
    assert.equal(set.chains[0], (1n << 256n) - 1n);
  });

  test("legacy per-chain fields are ignored, as the Go parser does", () => {
    const set = parseDependencySet({
      dependencies: { "901": { chainIndex: 1, activationTime: 0, historyMinTime: 0 } },
    });
    assert.deepEqual(set.chains, [901n]);
  });

  test("rejects an override that lengthens the window", () =>
    rejects(
      { dependencies: { "1": {} }, overrideMessageExpiryWindow: 604_801 },
      "overrideMessageExpiryWindow",
      "only shorten",
    ));
  test("rejects hex chain ids", () =>
    rejects({ dependencies: { "0x385": {} } }, "dependencies.0x385", "decimal"));
  test("rejects leading zeros", () =>
    rejects({ dependencies: { "0901": {} } }, "dependencies.0901", "decimal"));
  test("rejects chain id 0", () => rejects({ dependencies: { "0": {} } }, "dependencies.0", "not a chain"));
  test("rejects an empty set", () => rejects({ dependencies: {} }, "dependencies", "at least one"));
  test("rejects a missing dependencies key", () => rejects({}, "dependencies", "is required"));
  test("rejects a non-object entry", () =>
    rejects({ dependencies: { "901": 5 } }, "dependencies.901", "Invalid type"));
  test("rejects a wrong override type", () =>
    rejects(
      { dependencies: { "1": {} }, overrideMessageExpiryWindow: "3600" },
      "overrideMessageExpiryWindow",
      "seconds",
    ));
});
