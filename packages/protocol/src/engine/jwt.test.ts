import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { describe, test } from "@supernode/test-helpers/harness";
import { JwtError, parseJwtSecret, signJwt, verifyJwt } from "./jwt.ts";

const secret = parseJwtSecret(`0x${"ab".repeat(32)}\n`);
const now = 1_700_000_000;

function reason(fn: () => unknown): string {
  try {
    fn();
    return "ok";
  } catch (error) {
    assert.ok(error instanceof JwtError, String(error));
    return error.meta.reason;
  }
}

describe("Engine API JWT", () => {
  test("sign and verify, within ±60 s", () => {
    const token = signJwt(secret, now);
    assert.equal(verifyJwt(token, secret, now).iat, now);
    assert.equal(
      reason(() => verifyJwt(token, secret, now + 60)),
      "ok",
    );
    assert.equal(
      reason(() => verifyJwt(token, secret, now - 60)),
      "ok",
    );
    assert.equal(
      reason(() => verifyJwt(token, secret, now + 61)),
      "stale iat",
    );
    assert.equal(
      reason(() => verifyJwt(token, secret, now - 61)),
      "stale iat",
    );
  });

  test("the signature equals an independent HMAC-SHA256 (node:crypto); base64url without padding", () => {
    const token = signJwt(secret, now);
    const [header, payload, signature] = token.split(".");
    assert.equal(header, "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9");
    assert.equal(signature, createHmac("sha256", secret).update(`${header}.${payload}`).digest("base64url"));
    assert.ok(!token.includes("="));
  });

  test("rejects a wrong secret, alg none, a missing iat, malformed tokens", () => {
    const other = parseJwtSecret("cd".repeat(32));
    assert.equal(
      reason(() => verifyJwt(signJwt(other, now), secret, now)),
      "signature",
    );
    const [, payload] = signJwt(secret, now).split(".");
    const none = `${btoa(JSON.stringify({ alg: "none" })).replace(/=+$/, "")}.${payload}.`;
    assert.equal(
      reason(() => verifyJwt(none, secret, now)),
      "algorithm",
    );
    const header = signJwt(secret, now).split(".")[0];
    const withoutIat = btoa(JSON.stringify({ id: "x" })).replace(/=+$/, "");
    const signed = createHmac("sha256", secret).update(`${header}.${withoutIat}`).digest("base64url");
    assert.equal(
      reason(() => verifyJwt(`${header}.${withoutIat}.${signed}`, secret, now)),
      "missing iat",
    );
    assert.equal(
      reason(() => verifyJwt("a.b", secret, now)),
      "malformed",
    );
    assert.equal(
      reason(() => verifyJwt("a.b!.c", secret, now)),
      "malformed",
    );
  });

  test("secret files: 32 bytes of hex, 0x optional", () => {
    assert.equal(parseJwtSecret("ab".repeat(32)).length, 32);
    assert.equal(
      reason(() => parseJwtSecret("ab".repeat(31))),
      "bad secret",
    );
    assert.equal(
      reason(() => parseJwtSecret("zz".repeat(32))),
      "bad secret",
    );
  });
});
