// L1 retrieval, one test per rule (reference/derivation.md §1.2), on fake L1 and blob ports.
import { describe, expect, test } from "bun:test";
import {
  encodeBlob,
  ForkSchedule,
  type Hash,
  type Hex,
  type L1BlockRef,
  opSepolia,
} from "@supernode/protocol";
import { privateKeyToAccount } from "viem/accounts";
import type { DerivationError } from "../errors.ts";
import {
  type BlobRequest,
  type BlobSource,
  batcherData,
  L1Retrieval,
  type L1TransactionSource,
} from "./l1Retrieval.ts";

const batcher = privateKeyToAccount("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
const stranger = privateKeyToAccount("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
const INBOX = "0xff00000000000000000000000000000011155420";
const forks = new ForkSchedule({ blockTime: 2, hardforks: { ecotoneTime: 1_000 } });
const config = { forks, batchInboxAddress: INBOX } as const;
const systemConfig = { ...opSepolia.genesis.systemConfig, batcherAddr: batcher.address.toLowerCase() as Hex };
const before: L1BlockRef = {
  hash: `0x${"01".repeat(32)}`,
  number: 1,
  parentHash: `0x${"00".repeat(32)}`,
  timestamp: 500,
};
const after: L1BlockRef = { ...before, number: 2, timestamp: 1_500 };
const vh = (n: number): Hash => `0x01${n.toString(16).padStart(62, "0")}`;

const fee = { maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 1n, gas: 100_000n, chainId: 11155111 } as const;
const calldataTx = (signer = batcher, to: Hex = INBOX, data: Hex = "0x00aa", nonce = 0) =>
  signer.signTransaction({ ...fee, type: "eip1559", to, data, nonce });
const blobTx = (hashes: Hash[], signer = batcher, to: Hex = INBOX) =>
  signer.signTransaction({
    ...fee,
    type: "eip4844",
    to,
    data: "0xdeadbeef",
    blobVersionedHashes: hashes,
    maxFeePerBlobGas: 1n,
    nonce: 1,
  });

class FakePorts implements L1TransactionSource, BlobSource {
  requests: BlobRequest[] = [];
  blobData = new Map<number, Uint8Array>();
  shortBy = 0;
  constructor(public txs: Hex[]) {}
  async transactions() {
    return this.txs;
  }
  async blobs(_block: L1BlockRef, requests: readonly BlobRequest[]) {
    this.requests.push(...requests);
    const out = requests.map((r) => this.blobData.get(r.index) ?? encodeBlob(new Uint8Array([0, r.index])));
    return out.slice(0, out.length - this.shortBy);
  }
}

const items = (ports: FakePorts, block: L1BlockRef, batcherAddr = systemConfig.batcherAddr) =>
  batcherData(block, batcherAddr, config, ports, ports).then((list) =>
    list.map((b) => Buffer.from(b).toString("hex")),
  );

describe("l1 retrieval", () => {
  test("bedrock: calldata of a batcher transaction to the inbox is one data item, in block order", async () => {
    const ports = new FakePorts([
      await calldataTx(batcher, INBOX, "0x0001"),
      await calldataTx(batcher, INBOX, "0x0002", 1),
    ]);
    expect(await items(ports, before)).toEqual(["0001", "0002"]);
  });

  test("bedrock: a transaction to the inbox not signed by the batcher is ignored", async () => {
    expect(await items(new FakePorts([await calldataTx(stranger)]), before)).toEqual([]);
  });

  test("bedrock: a batcher transaction to another address is ignored", async () => {
    expect(
      await items(
        new FakePorts([await calldataTx(batcher, "0x000000000000000000000000000000000000dead")]),
        before,
      ),
    ).toEqual([]);
  });

  test("bedrock: the batcher is the system config's as of the block", async () => {
    const ports = new FakePorts([await calldataTx(stranger)]);
    expect(await items(ports, before, stranger.address)).toEqual(["00aa"]);
  });

  test("bedrock: bytes that are not a transaction are skipped", async () => {
    expect(await items(new FakePorts(["0xc0ffee", await calldataTx()]), before)).toEqual(["00aa"]);
  });

  test("bedrock: before Ecotone (by L1 time) a batcher blob transaction's calldata is taken, no blob fetched", async () => {
    const ports = new FakePorts([await blobTx([vh(1)])]);
    expect(await items(ports, before)).toEqual(["deadbeef"]);
    expect(ports.requests).toEqual([]);
  });

  test("ecotone: a blob transaction's calldata is ignored, one data item per blob", async () => {
    const ports = new FakePorts([await blobTx([vh(1), vh(2)])]);
    expect(await items(ports, after)).toEqual(["0000", "0001"]);
  });

  test("ecotone: blob indices count every blob of the block, batcher's or not; only the batcher's are requested", async () => {
    const ports = new FakePorts([
      await blobTx([vh(7), vh(8)], stranger),
      await calldataTx(),
      await blobTx([vh(9)]),
    ]);
    expect(await items(ports, after)).toEqual(["00aa", "0002"]);
    expect(ports.requests).toEqual([{ index: 2, versionedHash: vh(9) }]);
  });

  test("ecotone: a blob that does not decode is skipped and the others are kept", async () => {
    const ports = new FakePorts([await blobTx([vh(1), vh(2)])]);
    ports.blobData.set(0, new Uint8Array(131072).fill(0xff));
    expect(await items(ports, after)).toEqual(["0001"]);
  });

  test("ecotone: fewer blobs than requested is a temporary error, and the origin is fetched again", async () => {
    const ports = new FakePorts([await blobTx([vh(1)])]);
    ports.shortBy = 1;
    let handed = false;
    const traversal = {
      systemConfig,
      origin: after,
      nextL1Block: () => {
        if (handed) return null;
        handed = true;
        return after;
      },
    };
    const retrieval = new L1Retrieval(traversal, config, ports, ports);
    const error = await retrieval.next().catch((e: unknown) => e);
    expect((error as DerivationError).kind).toBe("temporary");
    ports.shortBy = 0;
    expect(Buffer.from((await retrieval.next()) as Uint8Array).toString("hex")).toBe("0000");
    expect(await retrieval.next()).toBeNull();
  });
});
