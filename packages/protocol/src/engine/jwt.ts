// Engine API authentication (execution-apis engine/authentication.md): HS256 JWTs over a 32-byte
// shared secret, the `iat` claim required and within ±60 s of the verifier's clock.
import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesEqual, hexToBytes } from "../encoding/bytes.ts";
import { SupernodeError } from "../errors.ts";

export type JwtErrorReason =
  | "bad secret"
  | "malformed"
  | "algorithm"
  | "signature"
  | "missing iat"
  | "stale iat";

export class JwtError extends SupernodeError<"JWT_INVALID", { reason: JwtErrorReason }> {
  override readonly name = "JwtError";

  constructor(reason: JwtErrorReason, detail: string) {
    super("JWT_INVALID", `jwt: ${reason} (${detail})`, { reason });
  }
}

export const JWT_MAX_CLOCK_SKEW_SECONDS = 60;

/** A jwt.hex file's content: 32 bytes as hex, `0x` optional, surrounding whitespace ignored. */
export function parseJwtSecret(text: string): Uint8Array {
  const trimmed = text.trim();
  if (!/^(0x)?[0-9a-fA-F]{64}$/.test(trimmed)) {
    throw new JwtError("bad secret", "expected 32 bytes of hex (64 digits, 0x optional)");
  }
  return hexToBytes(trimmed);
}

const encoder = new TextEncoder();

function base64url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new JwtError("malformed", "not base64url");
  const padded = text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function signature(secret: Uint8Array, signingInput: string): Uint8Array {
  return hmac(sha256, secret, encoder.encode(signingInput));
}

/** A token with `iat` = `nowSeconds` (and any extra claims). */
export function signJwt(
  secret: Uint8Array,
  nowSeconds: number,
  claims: Record<string, unknown> = {},
): string {
  const header = base64url(encoder.encode(JSON.stringify({ alg: "HS256", typ: "JWT" })));
  const payload = base64url(encoder.encode(JSON.stringify({ ...claims, iat: Math.floor(nowSeconds) })));
  const input = `${header}.${payload}`;
  return `${input}.${base64url(signature(secret, input))}`;
}

function parseJson(part: string, what: string): Record<string, unknown> {
  try {
    const value = JSON.parse(new TextDecoder().decode(fromBase64url(part)));
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("not an object");
    return value as Record<string, unknown>;
  } catch (error) {
    if (error instanceof JwtError) throw error;
    throw new JwtError("malformed", `${what} is not a JSON object`);
  }
}

/** Verifies an HS256 token against the secret and the clock; returns its claims. */
export function verifyJwt(
  token: string,
  secret: Uint8Array,
  nowSeconds: number,
  maxSkewSeconds = JWT_MAX_CLOCK_SKEW_SECONDS,
): Record<string, unknown> {
  const parts = token.split(".");
  if (parts.length !== 3) throw new JwtError("malformed", `${parts.length} parts, expected 3`);
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  const header = parseJson(headerPart, "header");
  if (header.alg !== "HS256")
    throw new JwtError("algorithm", `alg ${String(header.alg)}, only HS256 is accepted`);
  if (!bytesEqual(fromBase64url(signaturePart), signature(secret, `${headerPart}.${payloadPart}`))) {
    throw new JwtError("signature", "does not match the secret");
  }
  const claims = parseJson(payloadPart, "payload");
  const iat = claims.iat;
  if (typeof iat !== "number" || !Number.isFinite(iat))
    throw new JwtError("missing iat", "the iat claim is required");
  if (Math.abs(nowSeconds - iat) > maxSkewSeconds) {
    throw new JwtError(
      "stale iat",
      `iat ${iat} is more than ${maxSkewSeconds} s from ${Math.floor(nowSeconds)}`,
    );
  }
  return claims;
}
