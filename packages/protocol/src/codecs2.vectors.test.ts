// Codecs II on every vector of ../shared/fixtures: upgrade transactions and their bytecode, L1
// info (vectors.json and the executor fixtures), the real deposit tx, headers, output and super
// roots, blob codec vectors, the Sepolia blob tx, and the interop vectors.
import assert from "node:assert/strict";
import { describeWithFixtures } from "@supernode/test-helpers/fixtures";
import { test } from "@supernode/test-helpers/harness";
import { keccak256 as viemKeccak } from "viem";
import { decodeBlob, encodeBlob } from "./blobs/blob.ts";
import { headerFromRpc, headerHash } from "./blocks/header.ts";
import { keccak256, keccak256Hex, loadKeccak } from "./crypto/keccak.ts";
import { decodeDepositTx, depositTxHash, encodeDepositTx } from "./deposits/depositTx.ts";
import { l1InfoDepositSourceHash, upgradeDepositSourceHash } from "./deposits/sourceHash.ts";
import { bytesToHex, hexToBytes } from "./encoding/bytes.ts";
import { rlpDecodeList, rlpListItems, rlpString } from "./encoding/rlp.ts";
import {
  buildAccessList,
  decodeExecutingMessageLog,
  EXECUTING_MESSAGE_TOPIC,
  encodeIdentifier,
  logHash,
  messageChecksum,
  parseAccessList,
  payloadHash,
} from "./interop/messages.ts";
import { decodeL1BlockInfo, encodeL1BlockInfo } from "./l1info/l1BlockInfo.ts";
import { encodeOutputV0, outputRootV0 } from "./roots/outputRoot.ts";
import { decodeSuperV1, encodeSuperV1, SuperRootError, superRootV1 } from "./roots/superRoot.ts";
import * as bytecode from "./upgrades/bytecode.ts";
import {
  EIP2935_DEPLOYMENT,
  EIP4788_DEPLOYMENT,
  upgradeDeposits,
  upgradeIntents,
  upgradeTransactions,
} from "./upgrades/upgradeTransactions.ts";

await loadKeccak();

const hex = (text: string) => hexToBytes(text.trim());

describeWithFixtures("upgrade transactions match kona and the specs byte for byte", (fixtures) => {
  const derived = fixtures.json<{
    forks: Record<
      string,
      {
        intent: string;
        sourceHash: string;
        encoded_tx: string;
        kona_alt_intent?: string;
        kona_alt_sourceHash?: string;
      }[]
    >;
  }>("specs/derived/upgrade_deposits.json");
  const counts = { ecotone: 6, fjord: 3, isthmus: 8, interop: 4 } as const;
  for (const [fork, count] of Object.entries(counts) as [keyof typeof counts, number][]) {
    test(`${fork}: ${count} transactions equal kona's hardforks/${fork}_tx_N.hex`, () => {
      const txs = upgradeTransactions(fork);
      assert.equal(txs.length, count);
      txs.forEach((tx, n) => {
        assert.equal(
          bytesToHex(tx),
          bytesToHex(hex(fixtures.text(`kona/hardforks/${fork}_tx_${n}.hex`))),
          `${fork} tx ${n}`,
        );
      });
    });
  }
  for (const fork of ["ecotone", "fjord", "isthmus", "jovian"] as const) {
    test(`${fork}: equal the spec-derived encodings and source hashes`, () => {
      const expected = derived.forks[fork] ?? [];
      const txs = upgradeTransactions(fork);
      assert.equal(txs.length, expected.length);
      expected.forEach((entry, i) => {
        assert.equal(upgradeIntents(fork)[i], entry.intent);
        assert.equal(upgradeDeposits(fork)[i]?.sourceHash, entry.sourceHash);
        assert.equal(bytesToHex(txs[i] as Uint8Array), entry.encoded_tx);
      });
    });
  }
  test("jovian: kona's intent strings give other source hashes (the spec's are used)", () => {
    for (const entry of derived.forks.jovian ?? []) {
      if (!entry.kona_alt_intent) continue;
      assert.equal(upgradeDepositSourceHash(entry.kona_alt_intent), entry.kona_alt_sourceHash);
      assert.notEqual(entry.kona_alt_sourceHash, entry.sourceHash);
    }
  });
  test("interop: source hashes of the spec's intents", () => {
    const expected = fixtures.json<{ constants: { interopUpgradeSourceHashes: Record<string, string> } }>(
      "interop-vectors/interop-vectors.json",
    ).constants.interopUpgradeSourceHashes;
    for (const intent of upgradeIntents("interop"))
      assert.equal(upgradeDepositSourceHash(intent), expected[intent]);
  });
  test("embedded bytecode equals the spec files and kona's copies", () => {
    const pairs: [string, string, string?][] = [
      ["ecotoneL1BlockDeployment", "ecotone-l1-block-deployment", "l1_block_ecotone"],
      ["ecotoneGasPriceOracleDeployment", "ecotone-gas-price-oracle-deployment", "gpo_ecotone"],
      ["fjordGasPriceOracleDeployment", "fjord-gas-price-oracle-deployment", "gpo_fjord"],
      ["isthmusL1BlockDeployment", "isthmus-l1-block-deployment", "l1_block_isthmus"],
      ["isthmusGasPriceOracleDeployment", "isthmus-gas-price-oracle-deployment", "gpo_isthmus"],
      ["isthmusOperatorFeeDeployment", "isthmus-operator-fee-deployment", "ofv_isthmus"],
      ["jovianL1BlockDeployment", "jovian-l1-block-deployment", "jovian-l1-block-deployment"],
      [
        "jovianGasPriceOracleDeployment",
        "jovian-gas-price-oracle-deployment",
        "jovian-gas-price-oracle-deployment",
      ],
      ["interopCrossL2InboxDeployment", "interop-cross-l2-inbox-deployment", "crossl2inbox_interop"],
      [
        "interopL2ToL2CrossDomainMessengerDeployment",
        "interop-l2-to-l2-cross-domain-messenger-deployment",
        "l2tol2_xdm_interop",
      ],
    ];
    for (const [name, spec, kona] of pairs) {
      const embedded = (bytecode as Record<string, string>)[name];
      assert.equal(embedded, bytesToHex(hex(fixtures.text(`specs/bytecode/${spec}.txt`))), name);
      if (kona)
        assert.equal(
          embedded,
          bytesToHex(hex(fixtures.text(`kona/hardforks/${kona}.hex`))),
          `${name} vs kona`,
        );
    }
    assert.equal(EIP4788_DEPLOYMENT, bytesToHex(hex(fixtures.text("kona/hardforks/eip4788_ecotone.hex"))));
    assert.equal(EIP2935_DEPLOYMENT, bytesToHex(hex(fixtures.text("kona/hardforks/eip2935_isthmus.hex"))));
  });
});

describeWithFixtures("L1 info, deposits and headers on real data", (fixtures) => {
  const vectors = fixtures.json<{
    l1_info_calldata: { calldata: string; decoded: Record<string, number | string> }[];
    l1_info_deposit_tx_full: {
      raw: string;
      expected_tx_hash: string;
      decoded: { sourceHash: string; calldata: Record<string, number | string> };
    }[];
    output_root_v0: {
      state_root: string;
      message_passer_storage_root: string;
      block_hash: string;
      expected_output_root: string;
    }[];
    blob_codec_op_service: {
      decode: { blob_prefix: string; expected?: string; expected_error?: string }[];
      encode: { data: string; blob_prefix?: string; expected_error?: string }[];
    };
    blob_batcher_tx_sepolia: { raw: string; computed_tx_hash: string; blob_versioned_hashes: string[] };
  }>("vectors/vectors.json");

  test("L1-info calldata vectors decode and re-encode (Bedrock, Ecotone, Isthmus)", () => {
    const [bedrock, ecotone, isthmus] = vectors.l1_info_calldata;
    const b = decodeL1BlockInfo(hex(bedrock!.calldata));
    assert.equal(b.format, "bedrock");
    assert.deepEqual(
      [b.number, b.timestamp, b.baseFee, b.hash, b.sequenceNumber],
      [18334955, 1697121143, 10419034451n, bedrock!.decoded.hash, 4],
    );
    assert.equal(b.batcherAddr, "0x6887246668a3b87f54deb3b94ba47a6f63f32985");
    assert.equal(BigInt(b.l1FeeOverhead), 188n);
    assert.equal(BigInt(b.l1FeeScalar), 684000n);
    const e = decodeL1BlockInfo(hex(ecotone!.calldata));
    assert.deepEqual(
      [e.format, e.baseFeeScalar, e.blobBaseFeeScalar, e.sequenceNumber, e.number, e.blobBaseFee],
      ["ecotone", 1368, 810949, 5, 19655712, 1n],
    );
    const i = decodeL1BlockInfo(hex(isthmus!.calldata));
    assert.deepEqual([i.format, i.operatorFeeScalar, i.operatorFeeConstant], ["isthmus", 43981, 56506n]);
    for (const vector of vectors.l1_info_calldata) {
      assert.equal(
        bytesToHex(encodeL1BlockInfo(decodeL1BlockInfo(hex(vector.calldata)))),
        bytesToHex(hex(vector.calldata)),
      );
    }
  });

  test("the real OP Mainnet L1-info deposit: decode, source hash, re-encode, tx hash", () => {
    const vector = vectors.l1_info_deposit_tx_full[0]!;
    const tx = decodeDepositTx(hex(vector.raw));
    assert.equal(depositTxHash(tx), vector.expected_tx_hash);
    assert.equal(bytesToHex(encodeDepositTx(tx)), bytesToHex(hex(vector.raw)));
    const info = decodeL1BlockInfo(tx.data);
    assert.equal(l1InfoDepositSourceHash(info.hash, info.sequenceNumber), vector.decoded.sourceHash);
    assert.equal(tx.gas, 1_000_000n);
    assert.equal(tx.isSystemTx, false);
  });

  test("executor fixtures: transactions[0] is an Ecotone L1-info deposit that round-trips", () => {
    for (const name of ["block-26207960", "block-26207961", "block-26208384", "block-26211680"]) {
      const fixture = fixtures.json<{ executing_payload: { transactions: string[] } }>(
        `kona/executor/${name}.fixture.json`,
      );
      const raw = hex(fixture.executing_payload.transactions[0]!);
      const tx = decodeDepositTx(raw);
      const info = decodeL1BlockInfo(tx.data);
      assert.equal(info.format, "ecotone", name);
      assert.equal(tx.sourceHash, l1InfoDepositSourceHash(info.hash, info.sequenceNumber), name);
      assert.equal(
        bytesToHex(encodeDepositTx({ ...tx, data: encodeL1BlockInfo(info) })),
        bytesToHex(raw),
        name,
      );
    }
  });

  test("headers: keccak(rlp(parent header of N+1)) is the expected hash of N", () => {
    const pairs = [
      ["block-26207960", "block-26207961"],
      ["block-26207961", "block-26207962"],
      ["block-26207962", "block-26207963"],
    ];
    for (const [block, next] of pairs) {
      const expected = fixtures.json<{ expected_block_hash: string }>(
        `kona/executor/${block}.fixture.json`,
      ).expected_block_hash;
      const parent = fixtures.json<{ parent_header: Record<string, unknown> }>(
        `kona/executor/${next}.fixture.json`,
      ).parent_header;
      assert.equal(headerHash(headerFromRpc(parent)), expected, `${block}`);
    }
  });

  test("output root vectors", () => {
    for (const v of vectors.output_root_v0) {
      assert.equal(
        outputRootV0({
          stateRoot: v.state_root as `0x${string}`,
          messagePasserStorageRoot: v.message_passer_storage_root as `0x${string}`,
          blockHash: v.block_hash as `0x${string}`,
        }),
        v.expected_output_root,
      );
    }
    const json = fixtures.json<{
      stateRoot: `0x${string}`;
      messagePasserStorageRoot: `0x${string}`;
      blockHash: `0x${string}`;
    }>("interop-vectors/output_v0.json");
    assert.equal(outputRootV0(json), "0xee71f7339a6143212e6df5c2581f5c4ca193245c178176e6a025ab983843f0e6");
  });

  test("blob codec vectors of op-service", () => {
    const blob = (prefix: string) => {
      const out = new Uint8Array(131072);
      out.set(hex(prefix));
      return out;
    };
    let checked = 0;
    for (const vector of vectors.blob_codec_op_service.decode) {
      if (vector.expected_error !== undefined) {
        assert.throws(() => decodeBlob(blob(vector.blob_prefix)), vector.blob_prefix);
      } else if (vector.expected?.startsWith("0x")) {
        assert.equal(bytesToHex(decodeBlob(blob(vector.blob_prefix))), vector.expected);
        assert.equal(bytesToHex(encodeBlob(hex(vector.expected))), bytesToHex(blob(vector.blob_prefix)));
      } else {
        const length = Number.parseInt(vector.expected ?? "", 10);
        assert.deepEqual(decodeBlob(blob(vector.blob_prefix)), new Uint8Array(length));
      }
      checked++;
    }
    assert.ok(checked >= 5);
    for (const vector of vectors.blob_codec_op_service.encode) {
      const data = vector.data.startsWith("0x")
        ? hex(vector.data)
        : new Uint8Array(Number.parseInt(vector.data, 10));
      if (vector.expected_error !== undefined) {
        assert.throws(() => encodeBlob(data), vector.data);
        continue;
      }
      assert.equal(bytesToHex(encodeBlob(data)), bytesToHex(blob(vector.blob_prefix ?? "0x")), vector.data);
      assert.deepEqual(decodeBlob(encodeBlob(data)), data);
    }
  });

  test("the Sepolia blob tx: hash and its versioned hashes", () => {
    const v = vectors.blob_batcher_tx_sepolia;
    const raw = hex(v.raw);
    assert.equal(keccak256Hex(raw), v.computed_tx_hash);
    const items = rlpDecodeList(raw, 1);
    const hashes = rlpListItems(raw, items[10]!).map((item) => bytesToHex(rlpString(raw, item)));
    assert.deepEqual(
      hashes,
      v.blob_versioned_hashes.map((h) => h.toLowerCase()),
    );
    assert.ok(hashes.every((h) => h.startsWith("0x01")));
  });
});

describeWithFixtures("interop vectors", (fixtures) => {
  const vectors = fixtures.json<{
    messageChecksum: {
      name: string;
      identifier: {
        origin?: `0x${string}`;
        blockNumber: string;
        logIndex: string;
        timestamp: string;
        chainId: string;
      };
      payloadUtf8?: string;
      msgHash?: string;
      logHash: string;
      checksum?: string;
      lookupEntry: string;
      accessListStorageKeys?: string[];
      executingMessageLog?: { address: `0x${string}`; topics: `0x${string}`[]; data: string };
    }[];
    superRoot: {
      name: string;
      timestamp?: number;
      chains?: { chainId: number; outputRoot: string }[];
      chainsAsGiven?: { chainId: number; outputRoot: string }[];
      encoded?: string;
      superRoot?: string;
      mustReject?: { hex: string; why: string }[];
    }[];
    executingMessageLogDecode: {
      log: { address: `0x${string}`; topics: `0x${string}`[]; data: string };
      [k: string]: unknown;
    }[];
  }>("interop-vectors/interop-vectors.json");
  const logVectors = fixtures.json<unknown>("interop-vectors/log-hash-vectors.json");

  test("message checksum vectors (and the lookup entry, access list, executing log)", () => {
    for (const v of vectors.messageChecksum) {
      const id = {
        origin: v.identifier.origin ?? "0x0000000000000000000000000000000000000000",
        blockNumber: BigInt(v.identifier.blockNumber),
        logIndex: Number(v.identifier.logIndex),
        timestamp: BigInt(v.identifier.timestamp),
        chainId: BigInt(v.identifier.chainId),
      } as const;
      if (v.payloadUtf8 !== undefined) {
        const msgHash = keccak256(new TextEncoder().encode(v.payloadUtf8));
        assert.equal(bytesToHex(msgHash), v.msgHash);
        assert.equal(bytesToHex(logHash(id.origin, msgHash)), v.logHash);
      }
      const checksum = messageChecksum(id, hex(v.logHash));
      if (v.checksum) assert.equal(bytesToHex(checksum), v.checksum, v.name);
      const entries = buildAccessList([{ identifier: id, msgHash: (v.msgHash ?? "0x") as `0x${string}` }]);
      assert.equal(entries[0], v.lookupEntry, v.name);
      if (v.accessListStorageKeys) assert.deepEqual(entries, v.accessListStorageKeys);
      const parsed = parseAccessList(entries);
      assert.equal(parsed[0]?.chainId, id.chainId, v.name);
      if (v.executingMessageLog) {
        const log = { ...v.executingMessageLog, data: hex(v.executingMessageLog.data) };
        assert.equal(bytesToHex(encodeIdentifier(id)), bytesToHex(log.data));
        const decoded = decodeExecutingMessageLog(log);
        assert.equal(decoded?.msgHash, v.msgHash);
        assert.deepEqual(decoded?.identifier, id);
      }
    }
  });

  test("output root vectors", () => {
    const list = fixtures.json<{
      outputRootV0: {
        name: string;
        stateRoot: `0x${string}`;
        messagePasserStorageRoot: `0x${string}`;
        blockHash: `0x${string}`;
        marshaled: string;
        outputRoot: string;
      }[];
    }>("interop-vectors/interop-vectors.json").outputRootV0;
    assert.ok(list.length >= 1);
    for (const v of list) {
      assert.equal(bytesToHex(encodeOutputV0(v)), v.marshaled.toLowerCase(), v.name);
      assert.equal(outputRootV0(v), v.outputRoot.toLowerCase(), v.name);
    }
  });

  test("ExecutingMessage topic and the real devnet log", () => {
    assert.equal(
      EXECUTING_MESSAGE_TOPIC,
      "0x5c37832d2e8d10e346e55ad62071a6a2f9fa5130614ef2ec6617555c6f467ba7",
    );
    for (const v of vectors.executingMessageLogDecode) {
      const decoded = decodeExecutingMessageLog({ ...v.log, data: hex(v.log.data) });
      assert.ok(decoded, "an executing message");
      const expected = v as unknown as { msgHash?: string; payloadHash?: string };
      const want = expected.msgHash ?? expected.payloadHash;
      if (want) assert.equal(decoded.msgHash, want.toLowerCase());
    }
  });

  test("super root vectors", () => {
    let roots = 0;
    let rejects = 0;
    for (const v of vectors.superRoot) {
      for (const bad of v.mustReject ?? []) {
        assert.throws(() => decodeSuperV1(hex(bad.hex)), SuperRootError, bad.why);
        rejects++;
      }
      const given = v.chains ?? v.chainsAsGiven;
      if (!given || v.encoded === undefined || v.superRoot === undefined) continue;
      // Given unsorted (reversed, or as the vector lists them): the encoder must sort by chain id.
      const chains = given
        .map((c) => ({ chainId: BigInt(c.chainId), output: c.outputRoot as `0x${string}` }))
        .reverse();
      const root = { timestamp: v.timestamp ?? 0, chains };
      assert.equal(bytesToHex(encodeSuperV1(root)), v.encoded.toLowerCase(), v.name);
      assert.equal(superRootV1(root), v.superRoot.toLowerCase(), v.name);
      const decoded = decodeSuperV1(hex(v.encoded));
      assert.equal(decoded.timestamp, v.timestamp);
      assert.ok(
        decoded.chains.every(
          (c, i) => i === 0 || (decoded.chains[i - 1] as { chainId: bigint }).chainId < c.chainId,
        ),
      );
      roots++;
    }
    assert.ok(roots >= 3 && rejects >= 5);
  });

  test("log hash vectors (proof-batch)", () => {
    const list = (
      logVectors as {
        vectors: {
          name: string;
          log: { address: `0x${string}`; topics: `0x${string}`[]; data: string; logHash: string };
        }[];
      }
    ).vectors;
    assert.ok(list.length >= 4);
    for (const { name, log } of list) {
      assert.equal(
        bytesToHex(logHash(log.address, payloadHash({ topics: log.topics, data: hex(log.data) }))),
        log.logHash.toLowerCase(),
        name,
      );
    }
  });
});

describeWithFixtures("fast keccak equals viem's on the vectors", (fixtures) => {
  test("every hashed input of the fixtures", () => {
    const inputs = [
      fixtures.bytes("kona/derive/raw_batcher_tx.bin"),
      hex(fixtures.text("kona/hardforks/ecotone_tx_1.hex")),
      new Uint8Array(0),
      new TextEncoder().encode("example payload"),
      new Uint8Array(1 << 20).fill(7),
    ];
    for (const input of inputs) assert.equal(bytesToHex(keccak256(input)), viemKeccak(input));
  });
});
