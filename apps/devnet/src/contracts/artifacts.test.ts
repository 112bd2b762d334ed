// artifacts.ts is generated: recompiling the .sol sources with the installed solc must give the
// same ABIs and bytecode, or the module is stale (run apps/devnet/scripts/compile-contracts.ts).
import { expect, test } from "bun:test";
import { type CompiledContract, compileContracts } from "../../scripts/compile-contracts.ts";
import * as artifacts from "./artifacts.ts";

test("artifacts.ts is what solc makes of the current sources", async () => {
  const compilation = await compileContracts();
  expect(artifacts.SOLC_VERSION).toBe(compilation.version);
  const generated: Record<string, object> = Object.fromEntries(
    Object.entries(artifacts)
      .filter(([name]) => name.endsWith("Artifact"))
      .map(([name, artifact]) => [name.slice(0, -"Artifact".length).toLowerCase(), artifact as object]),
  );
  const compiled = Object.fromEntries(
    Object.entries(compilation.contracts).map(([name, contract]) => [name.toLowerCase(), contract]),
  );
  expect(Object.keys(generated).sort()).toEqual(Object.keys(compiled).sort());
  for (const [name, contract] of Object.entries(compiled) as [string, CompiledContract][]) {
    expect({ name, ...generated[name] }).toEqual({ name, ...contract });
  }
}, 60_000);
