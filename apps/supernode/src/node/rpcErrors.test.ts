import { describe, expect, test } from "bun:test";
import { NodeRpcError } from "@supernode/derivation";
import { createGateway, RpcError } from "@supernode/rpc-gateway";
import { InvalidParamsError, parseTimestamp } from "../activities/superroot.ts";
import { ChainNotRunningError, HistoryUnavailableError } from "../chains/chainErrors.ts";
import { rpcErrorOf, withRpcErrors } from "./rpcErrors.ts";

async function call(method: (params: readonly unknown[]) => unknown, params: unknown[]) {
  const gateway = createGateway();
  gateway.registerRoot({ method });
  const response = await gateway.fetch(
    new Request("http://127.0.0.1/", {
      method: "POST",
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "method", params }),
    }),
  );
  return (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
}

describe("rpc errors", () => {
  test("the supernode's coded errors keep their code; a chain not running or lost history is −32000", () => {
    const mapped = (error: Error) => rpcErrorOf(error) as RpcError;
    expect(mapped(new NodeRpcError(-32602, "bad block"))).toBeInstanceOf(RpcError);
    expect(mapped(new NodeRpcError(-32602, "bad block")).code).toBe(-32602);
    expect(mapped(new InvalidParamsError("bad timestamp")).code).toBe(-32602);
    expect(mapped(new ChainNotRunningError("restarting")).code).toBe(-32000);
    expect(mapped(new HistoryUnavailableError("gone")).message).toBe("gone");
    // An error that only looks coded (an upstream client's) is not taken for ours.
    const upstream = Object.assign(new Error("limit exceeded"), { code: -32005 });
    expect(rpcErrorOf(upstream)).toBe(upstream);
  });

  test("through the gateway: a params check that throws at once, and a rejection later", async () => {
    // superroot_atTimestamp's shape: the timestamp is parsed before the read's promise exists.
    const superroot = withRpcErrors((params) => Promise.resolve(parseTimestamp(params[0])));
    expect((await call(superroot, ["not a timestamp"])).error?.code).toBe(-32602);
    expect((await call(superroot, [12])).result).toBe(12);
    const later = withRpcErrors(async () => {
      throw new NodeRpcError(-32602, "invalid params: expected a block number as a hex quantity");
    });
    expect((await call(later, [])).error).toEqual({
      code: -32602,
      message: "invalid params: expected a block number as a hex quantity",
    });
    const plain = withRpcErrors(() => "ok");
    expect((await call(plain, [])).result).toBe("ok");
    // Without the wrapper the gateway answers −32000 for the same error.
    expect((await call(() => parseTimestamp("x"), [])).error?.code).toBe(-32000);
  });
});
