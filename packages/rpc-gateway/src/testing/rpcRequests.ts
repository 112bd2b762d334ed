// Helpers for the gateway's tests: building requests and reading answers. Web-standard only, so
// the same tests run under Bun and Deno.
import type { LogFields, Logger } from "@supernode/protocol";
import type { Gateway } from "../gateway.ts";

export const base = "http://gateway.test";

export interface RpcRequest {
  readonly jsonrpc: "2.0";
  readonly method: string;
  readonly params?: unknown;
  readonly id?: unknown;
}

export function rpc(method: string, params: readonly unknown[] = [], id: unknown = 1): RpcRequest {
  return { jsonrpc: "2.0", method, params, id };
}

/** A POST of `body` (a string or bytes as they are, anything else as JSON) to `path`. */
export function post(path: string, body: unknown, headers: Record<string, string> = {}): Request {
  const raw = typeof body === "string" || body instanceof Uint8Array ? body : JSON.stringify(body);
  return new Request(`${base}${path}`, {
    method: "POST",
    body: raw as BodyInit,
    headers: { "content-type": "application/json", ...headers },
  });
}

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body as JSON; undefined when it is empty or not JSON by its content type. */
  readonly json: unknown;
}

export async function read(response: Response): Promise<Answer> {
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    json:
      text === "" || response.headers.get("content-type") !== "application/json"
        ? undefined
        : JSON.parse(text),
  };
}

export async function send(gateway: Gateway, request: Request): Promise<Answer> {
  return read(await gateway.fetch(request));
}

export interface ErrorAnswer {
  readonly jsonrpc: "2.0";
  readonly id: string | number | null;
  readonly error: { readonly code: number; readonly message: string; readonly data?: unknown };
}

/** The error object of a single JSON-RPC error response (throws when `json` is not one). */
export function errorOf(json: unknown): ErrorAnswer["error"] {
  const answer = json as ErrorAnswer;
  if (typeof answer !== "object" || answer === null || typeof answer.error?.code !== "number")
    throw new Error(`not a JSON-RPC error response: ${JSON.stringify(json)?.slice(0, 200)}`);
  return answer.error;
}

export interface LoggedLine {
  readonly level: "trace" | "debug" | "info" | "warn" | "error";
  readonly message: string;
  readonly fields: LogFields;
}

/** A Logger that keeps every line (with its bindings merged into the fields). */
export function recordingLogger(
  lines: LoggedLine[] = [],
  bindings: LogFields = {},
): Logger & {
  readonly lines: LoggedLine[];
} {
  const write =
    (level: LoggedLine["level"]) =>
    (message: string, fields: LogFields = {}) => {
      lines.push({ level, message, fields: { ...bindings, ...fields } });
    };
  return {
    lines,
    trace: write("trace"),
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    child: (more) => recordingLogger(lines, { ...bindings, ...more }),
  };
}
