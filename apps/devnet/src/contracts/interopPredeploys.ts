// The real interop predeploy code: the CrossL2Inbox (1.0.1) and L2ToL2CrossDomainMessenger
// implementations that the interop network upgrade deploys (specs interop/derivation.md, the
// "Interop: … Deployment" upgrade deposits; their init code is the specs' static/bytecode,
// shipped in @supernode/protocol as upgradeDeposits("interop")). The devnet installs this code at
// 0x4200…0022 / 0x4200…0023. The npm contracts-bedrock 0.17.3 CrossL2Inbox predates the access-list
// design: it has `executeMessage(Identifier,address,bytes)` emitting `ExecutingMessage(bytes,bytes)`
// and no `validateMessage`, so no node recognises its logs as executing messages.
import { bytesToHex, type Hex, upgradeDeposits, upgradeIntents } from "@supernode/protocol";

/** solc's prologue for a non-payable constructor without arguments or immutables. */
const PLAIN_CONSTRUCTOR = [
  0x60, 0x80, 0x60, 0x40, 0x52, 0x34, 0x80, 0x15, 0x60, 0x0e, 0x57, 0x5f, 0x80, 0xfd, 0x5b, 0x50,
];
const RUNTIME_OFFSET = 28;

/**
 * The runtime code a plain solc creation code returns: the constructor only checks that no ETH
 * was sent, then `CODECOPY`s `length` bytes from offset 28 and returns them. Anything else (an
 * immutable, constructor arguments) is refused rather than guessed.
 */
export function runtimeOfPlainInitCode(init: Uint8Array): Uint8Array {
  const fail = (why: string): never => {
    throw new Error(`not a plain solc creation code: ${why}`);
  };
  if (init.length <= RUNTIME_OFFSET) fail(`${init.length} bytes`);
  if (PLAIN_CONSTRUCTOR.some((byte, i) => init[i] !== byte)) fail("unexpected constructor");
  const at = PLAIN_CONSTRUCTOR.length;
  // PUSH2 length, DUP1, PUSH2 offset, PUSH0, CODECOPY, PUSH0, RETURN, INVALID
  const shape = [0x61, -1, -1, 0x80, 0x61, -1, -1, 0x5f, 0x39, 0x5f, 0xf3, 0xfe];
  if (shape.some((byte, i) => byte >= 0 && init[at + i] !== byte)) fail("unexpected code copy");
  const length = ((init[at + 1] ?? 0) << 8) | (init[at + 2] ?? 0);
  const offset = ((init[at + 5] ?? 0) << 8) | (init[at + 6] ?? 0);
  if (offset !== RUNTIME_OFFSET || offset + length !== init.length)
    fail(`runtime of ${length} bytes at ${offset} in ${init.length}`);
  return init.slice(offset);
}

/** The runtime code of the interop upgrade deposit with this intent (a contract creation). */
function upgradeDeploymentCode(intent: string): Hex {
  const deposit = upgradeDeposits("interop")[upgradeIntents("interop").indexOf(intent)];
  if (!deposit || deposit.to !== null) throw new Error(`no interop upgrade deployment "${intent}"`);
  return bytesToHex(runtimeOfPlainInitCode(deposit.data));
}

/** CrossL2Inbox 1.0.1: `validateMessage` with the access-list (warm checksum slot) check. */
export function crossL2InboxCode(): Hex {
  return upgradeDeploymentCode("Interop: CrossL2Inbox Deployment");
}

/** L2ToL2CrossDomainMessenger of the interop upgrade (relays through `validateMessage`). */
export function l2ToL2CrossDomainMessengerCode(): Hex {
  return upgradeDeploymentCode("Interop: L2ToL2CrossDomainMessenger Deployment");
}
