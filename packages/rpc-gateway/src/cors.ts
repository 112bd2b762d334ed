// CORS, only when configured: an allowed Origin gets Access-Control-Allow-Origin on every answer
// and preflight requests (OPTIONS) are answered; without configuration no CORS header is ever sent.
import { GatewayError } from "./errors.ts";

export interface Cors {
  /** Adds the CORS headers for a request from `origin` (the Origin header, if any) to `headers`. */
  addHeaders(origin: string | null, headers: Record<string, string>): void;
  /** The headers of a 204 answer to a preflight request, or null when its origin is not allowed. */
  preflightHeaders(request: Request): Record<string, string> | null;
}

const maxAgeSeconds = "600";

export function corsFor(origins: readonly string[]): Cors {
  if (!Array.isArray(origins) || origins.some((origin) => typeof origin !== "string" || origin.length === 0))
    throw new GatewayError("cors.origins must be a list of origins (or *)", { key: "cors.origins" });
  const any = origins.includes("*");
  const allowed = new Set(origins.map((origin) => origin.toLowerCase()));

  function allowOrigin(origin: string | null): string | null {
    if (origin === null) return null;
    if (any) return "*";
    return allowed.has(origin.toLowerCase()) ? origin : null;
  }

  return {
    addHeaders(origin, headers) {
      if (!any) headers.vary = "Origin";
      const allow = allowOrigin(origin);
      if (allow !== null) headers["access-control-allow-origin"] = allow;
    },

    preflightHeaders(request) {
      const allow = allowOrigin(request.headers.get("origin"));
      if (allow === null) return null;
      const headers: Record<string, string> = {
        "access-control-allow-origin": allow,
        "access-control-allow-methods": "POST, GET, OPTIONS",
        "access-control-allow-headers":
          request.headers.get("access-control-request-headers") ?? "content-type",
        "access-control-max-age": maxAgeSeconds,
      };
      if (!any) headers.vary = "Origin";
      return headers;
    },
  };
}
