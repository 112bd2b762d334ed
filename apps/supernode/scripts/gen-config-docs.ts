// Writes docs/config.md from the config schemas: `bun apps/supernode/scripts/gen-config-docs.ts`.
// src/config/help.test.ts fails while the committed file differs from what this writes.
import { writeFileSync } from "node:fs";
import { configDocsMarkdown } from "../src/config/index.ts";
import { configDocsPath } from "../src/config/paths.ts";

writeFileSync(configDocsPath, configDocsMarkdown());
console.log(`wrote ${configDocsPath}`);
