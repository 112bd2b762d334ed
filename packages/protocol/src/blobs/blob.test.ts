import assert from "node:assert/strict";
import { describe, test } from "@supernode/test-helpers/harness";
import { seededRandom } from "../testing/random.ts";
import {
  BLOB_SIZE,
  BlobError,
  blobMatchesVersionedHash,
  decodeBlob,
  encodeBlob,
  kzgToVersionedHash,
  MAX_BLOB_DATA_SIZE,
} from "./blob.ts";

const random = seededRandom(42);
const data = (length: number) => Uint8Array.from({ length }, () => Math.floor(random() * 256));

function reason(blob: Uint8Array): string {
  try {
    decodeBlob(blob);
    return "ok";
  } catch (error) {
    assert.ok(error instanceof BlobError);
    return error.meta.reason;
  }
}

describe("blobs", () => {
  test("round trip at every boundary of the round layout", () => {
    for (const length of [
      0,
      1,
      27,
      28,
      31,
      123,
      124,
      127,
      128,
      1000,
      4096,
      MAX_BLOB_DATA_SIZE - 1,
      MAX_BLOB_DATA_SIZE,
    ]) {
      const input = data(length);
      const blob = encodeBlob(input);
      assert.equal(blob.length, BLOB_SIZE);
      assert.deepEqual(decodeBlob(blob), input, `length ${length}`);
      for (let i = 0; i < BLOB_SIZE; i += 32)
        assert.equal((blob[i] ?? 0) & 0xc0, 0, "every field element stays below the modulus");
    }
  });

  test("rejects what op-node rejects", () => {
    assert.throws(() => encodeBlob(new Uint8Array(MAX_BLOB_DATA_SIZE + 1)), BlobError);
    assert.equal(reason(new Uint8Array(100)), "wrong size");
    const version = encodeBlob(data(10));
    version[1] = 1;
    assert.equal(reason(version), "unknown version");
    const length = encodeBlob(data(10));
    length[2] = 0x01;
    length[3] = 0xfb;
    length[4] = 0xfd;
    assert.equal(reason(length), "too large");
    const fieldElement = encodeBlob(data(500));
    fieldElement[64] = (fieldElement[64] ?? 0) | 0x80;
    assert.equal(reason(fieldElement), "invalid field element");
    const trailing = encodeBlob(data(10));
    trailing[BLOB_SIZE - 1] = 1;
    assert.equal(reason(trailing), "extraneous data");
    const pastLength = encodeBlob(data(10));
    pastLength[20] = 7; // a byte inside the first element but after the 10 data bytes
    assert.equal(reason(pastLength), "extraneous data");
  });

  test("op-node's quirk: the first element's prefix byte is not checked", () => {
    const blob = encodeBlob(data(10));
    blob[0] = (blob[0] ?? 0) | 0xc0;
    assert.equal(reason(blob), "ok");
  });

  test("versioned hash: 0x01 ‖ sha256(commitment)[1..]; the commitment function is injected", () => {
    // The commitment of the all-zero blob is the point at infinity.
    const infinity = Uint8Array.of(0xc0, ...new Uint8Array(47));
    const zeroHash = "0x010657f37554c781402a22917dee2f75def7ab966d7b770905398eba3c444014";
    assert.equal(kzgToVersionedHash(infinity), zeroHash);
    const commit = (blob: Uint8Array) => (blob.every((b) => b === 0) ? infinity : new Uint8Array(48).fill(1));
    assert.equal(blobMatchesVersionedHash(new Uint8Array(BLOB_SIZE), zeroHash, commit), true);
    assert.equal(blobMatchesVersionedHash(encodeBlob(data(5)), zeroHash, commit), false);
  });
});
