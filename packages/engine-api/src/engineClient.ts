// The Engine API calls a virtual node makes, with the method version of the payload's fork and
// the OP fields (attributes' transactions/noTxPool/gasLimit/eip1559Params/minBaseFee, the
// envelope's parentBeaconBlockRoot and execution requests). Answers are parsed and checked;
// failures are EngineApiErrors with a kind (errors.ts).
import {
  type ExecutionPayload,
  executionPayloadFromJson,
  executionPayloadToJson,
  type ForkchoiceState,
  type ForkSchedule,
  type Hash,
  type PayloadAttributes,
  type PayloadStatus,
  payloadAttributesToJson,
} from "@supernode/protocol";
import { EngineApiError } from "./errors.ts";

export type { ForkchoiceState, PayloadStatus, PayloadStatusValue } from "@supernode/protocol";

import { forkchoiceUpdatedMethod, getPayloadMethod, newPayloadMethod } from "./methods.ts";
import type { RpcCall } from "./transport.ts";

export interface ForkchoiceUpdatedResult {
  readonly payloadStatus: PayloadStatus;
  readonly payloadId: string | null;
}

export interface PayloadEnvelope {
  readonly executionPayload: ExecutionPayload;
  /** OP (Ecotone and later): the beacon root the payload was built with. */
  readonly parentBeaconBlockRoot?: Hash;
}

const STATUSES = new Set<string>(["VALID", "INVALID", "SYNCING", "ACCEPTED", "INVALID_BLOCK_HASH"]);

function parseStatus(method: string, raw: unknown): PayloadStatus {
  const value = raw as Partial<PayloadStatus> | null;
  if (!value || typeof value.status !== "string" || !STATUSES.has(value.status)) {
    throw new EngineApiError(
      "temporary",
      "bad-response",
      method,
      `not a payload status: ${JSON.stringify(raw)?.slice(0, 120)}`,
    );
  }
  return {
    status: value.status,
    latestValidHash: value.latestValidHash ?? null,
    validationError: value.validationError ?? null,
  };
}

/**
 * VALID or an error of the right kind: SYNCING / ACCEPTED means the engine cannot judge yet
 * (temporary); INVALID / INVALID_BLOCK_HASH means the block is rejected (reset: our view of the
 * chain is not the engine's, or the block we derived is wrong).
 */
export function expectValid(method: string, status: PayloadStatus): void {
  if (status.status === "VALID") return;
  if (status.status === "SYNCING" || status.status === "ACCEPTED") {
    throw new EngineApiError("temporary", "syncing", method, `the engine answered ${status.status}`);
  }
  throw new EngineApiError(
    "reset",
    "invalid-payload",
    method,
    `the engine answered ${status.status}: ${status.validationError ?? "no reason given"} (latest valid ${status.latestValidHash ?? "unknown"})`,
  );
}

export class EngineClient {
  constructor(
    private readonly call: RpcCall,
    private readonly forks: ForkSchedule,
  ) {}

  /** FCU, with attributes (a build starts, `payloadId` set) or without. `headTimestamp` picks the version when there are none. */
  async forkchoiceUpdated(
    state: ForkchoiceState,
    attributes: PayloadAttributes | null,
    headTimestamp: number | null = null,
  ): Promise<ForkchoiceUpdatedResult> {
    const method = forkchoiceUpdatedMethod(
      this.forks,
      attributes ? Number(attributes.timestamp) : headTimestamp,
    );
    const raw = await this.call<{ payloadStatus?: unknown; payloadId?: string | null }>(method, [
      state,
      attributes ? payloadAttributesToJson(attributes) : null,
    ]);
    const payloadStatus = parseStatus(method, raw?.payloadStatus);
    const payloadId = raw?.payloadId ?? null;
    if (attributes && payloadStatus.status === "VALID" && payloadId === null) {
      throw new EngineApiError("temporary", "bad-response", method, "VALID with attributes but no payloadId");
    }
    return { payloadStatus, payloadId };
  }

  /** The built payload; `timestamp` is the attributes' (it picks the version). */
  async getPayload(payloadId: string, timestamp: number): Promise<PayloadEnvelope> {
    const method = getPayloadMethod(this.forks, timestamp);
    const raw = await this.call<{ executionPayload?: unknown; parentBeaconBlockRoot?: Hash }>(method, [
      payloadId,
    ]);
    let executionPayload: ExecutionPayload;
    try {
      executionPayload = executionPayloadFromJson(raw?.executionPayload);
    } catch (error) {
      throw new EngineApiError(
        "temporary",
        "bad-response",
        method,
        `malformed execution payload: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return raw?.parentBeaconBlockRoot
      ? { executionPayload, parentBeaconBlockRoot: raw.parentBeaconBlockRoot }
      : { executionPayload };
  }

  /** newPayload with the version's extra arguments: V3 `[], beaconRoot`, V4 also `[]` requests. */
  async newPayload(payload: ExecutionPayload, parentBeaconBlockRoot?: Hash): Promise<PayloadStatus> {
    const method = newPayloadMethod(this.forks, Number(payload.timestamp));
    const json = executionPayloadToJson(payload);
    let params: unknown[];
    if (method === "engine_newPayloadV2") params = [json];
    else {
      if (parentBeaconBlockRoot === undefined)
        throw new EngineApiError(
          "critical",
          "invalid-params",
          method,
          "a parentBeaconBlockRoot is required from Ecotone",
        );
      params =
        method === "engine_newPayloadV3"
          ? [json, [], parentBeaconBlockRoot]
          : [json, [], parentBeaconBlockRoot, []];
    }
    return parseStatus(method, await this.call<unknown>(method, params));
  }
}
