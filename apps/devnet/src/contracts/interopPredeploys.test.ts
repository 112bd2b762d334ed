// The interop predeploy code taken from the interop upgrade's deployment deposits is exactly what
// running their creation code returns, and the old npm CrossL2Inbox is not the access-list one.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { bytesToHex, hexToBytes, upgradeDeposits } from "@supernode/protocol";
import { type Anvil, startAnvil } from "@supernode/test-helpers/anvil";
import {
  crossL2InboxCode,
  l2ToL2CrossDomainMessengerCode,
  runtimeOfPlainInitCode,
} from "./interopPredeploys.ts";

let anvil: Anvil;
beforeAll(async () => {
  anvil = await startAnvil(["--hardfork", "prague"]);
});
afterAll(() => anvil.stop());

describe("interop predeploy code", () => {
  test("equals what the EVM returns for the upgrade deposits' creation code", async () => {
    const creations = upgradeDeposits("interop").filter((deposit) => deposit.to === null);
    expect(creations).toHaveLength(2);
    const returned = await Promise.all(
      creations.map((deposit) =>
        anvil.rpc<string>("eth_call", [{ data: bytesToHex(deposit.data), gas: "0x2000000" }, "latest"]),
      ),
    );
    expect(returned).toEqual([crossL2InboxCode(), l2ToL2CrossDomainMessengerCode()]);
    // CrossL2Inbox 1.0.1: validateMessage (0xab4d6f75), calculateChecksum (0x331b637f), "1.0.1".
    expect(crossL2InboxCode()).toContain("63ab4d6f75");
    expect(crossL2InboxCode()).toContain("63331b637f");
    expect(crossL2InboxCode()).toContain(bytesToHex(new TextEncoder().encode("1.0.1")).slice(2));
  });

  test("a creation code that is not solc's plain constructor is refused, not guessed", () => {
    const init = upgradeDeposits("interop")[0]?.data ?? new Uint8Array();
    const withArguments = new Uint8Array([...init, 0, 0, 0, 1]);
    expect(() => runtimeOfPlainInitCode(withArguments)).toThrow("runtime of");
    const payable = init.slice();
    payable[5] = 0x5b;
    expect(() => runtimeOfPlainInitCode(payable)).toThrow("unexpected constructor");
    expect(() => runtimeOfPlainInitCode(hexToBytes("0x6080"))).toThrow("2 bytes");
  });

  test("the npm contracts-bedrock 0.17.3 CrossL2Inbox has no validateMessage and another event", () => {
    const dir = dirname(
      createRequire(import.meta.url).resolve("@eth-optimism/contracts-bedrock/package.json"),
    );
    const artifact = JSON.parse(
      readFileSync(join(dir, "forge-artifacts", "CrossL2Inbox.sol", "CrossL2Inbox.json"), "utf8"),
    ) as { abi: { type: string; name?: string; inputs?: { type: string }[] }[] };
    const names = artifact.abi.filter((item) => item.type === "function").map((item) => item.name);
    expect(names).toContain("executeMessage");
    expect(names).not.toContain("validateMessage");
    const event = artifact.abi.find((item) => item.type === "event" && item.name === "ExecutingMessage");
    expect(event?.inputs?.map((input) => input.type)).toEqual(["bytes", "bytes"]);
  });
});
