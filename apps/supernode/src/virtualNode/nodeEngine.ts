// The virtual node's engine port over an engine controller and an L2 reader: consolidation with
// the unsafe block at the next height when it matches the derived attributes, a build otherwise;
// engine failures mapped to derivation's error kinds (an INVALID payload is a result, not a throw).
import { type AppliedBlock, DerivationError, type EngineHeads, type NodeEngine } from "@supernode/derivation";
import { consolidate, EngineApiError, type EngineController, type L2Reader } from "@supernode/engine-api";
import {
  type ChainOpConfig,
  ForkSchedule,
  hexToBytes,
  type L2BlockRef,
  type PayloadAttributes,
  type RollupConfig,
  type SystemConfig,
} from "@supernode/protocol";

const CANYON_DEFAULTS: ChainOpConfig = {
  eip1559Elasticity: 6,
  eip1559Denominator: 50,
  eip1559DenominatorCanyon: 250,
};

function asDerivationError(error: unknown, what: string): DerivationError {
  if (error instanceof DerivationError) return error;
  const kind = error instanceof EngineApiError ? error.kind : "temporary";
  return new DerivationError(
    kind,
    "engine",
    `${what}: ${error instanceof Error ? error.message : String(error)}`,
    {
      cause: error,
    },
  );
}

function invalidPayload(error: unknown): string | null {
  if (!(error instanceof EngineApiError)) return null;
  return error.reason === "invalid-payload" || error.reason === "invalid-payload-attributes"
    ? error.message
    : null;
}

export function nodeEngine(controller: EngineController, reader: L2Reader, rollup: RollupConfig): NodeEngine {
  const forks = new ForkSchedule(rollup);
  const chainOpConfig = rollup.chainOpConfig ?? CANYON_DEFAULTS;
  const engine: NodeEngine = {
    get heads(): EngineHeads {
      const { unsafe, localSafe, safe, finalized } = controller.labels;
      return { unsafe, localSafe, safe, finalized };
    },
    async applyDerived(attributes: PayloadAttributes, parent: L2BlockRef): Promise<AppliedBlock> {
      try {
        if (controller.labels.unsafe.number > parent.number) {
          const existing = await reader.block(parent.number + 1);
          if (existing && consolidate(attributes, existing, parent.hash, forks, chainOpConfig).match) {
            await controller.promote({ localSafe: existing.ref });
            return { status: "valid", ref: existing.ref, consolidated: true };
          }
        }
        await controller.buildFromAttributes(attributes, { parent });
        const ref = controller.labels.unsafe;
        await controller.promote({ localSafe: ref });
        return { status: "valid", ref, consolidated: false };
      } catch (error) {
        const reason = invalidPayload(error);
        if (reason !== null) return { status: "invalid", reason };
        throw asDerivationError(error, `applying the block at ${attributes.timestamp}`);
      }
    },
    async promote(update) {
      try {
        await controller.promote(update);
      } catch (error) {
        throw asDerivationError(error, "promoting safe/finalized");
      }
    },
    async rewind(target: L2BlockRef) {
      try {
        await controller.rewind(target.hash);
      } catch (error) {
        throw asDerivationError(error, `rewinding to ${target.number}`);
      }
    },
    blockRef: (at) => reader.blockRef(typeof at === "number" ? at : (at as `0x${string}`)),
    async systemConfigByHash(hash: string): Promise<SystemConfig> {
      const config = await reader.systemConfig(hash as `0x${string}`);
      if (!config) throw new DerivationError("temporary", "engine", `the engine does not have ${hash}`);
      return config;
    },
    async blockByNumber(number: number) {
      const [ref, envelope] = await Promise.all([reader.blockRef(number), reader.payload(number)]);
      if (!ref || !envelope) return null;
      return { ref, transactions: envelope.executionPayload.transactions.map(hexToBytes) };
    },
  };
  return engine;
}
