// Where the generated config reference lives: docs/config.md at the repository root.
import { fileURLToPath } from "node:url";

export const configDocsPath = fileURLToPath(new URL("../../../../docs/config.md", import.meta.url));
