// The supernode's version, from its package.json (compiled into the binary).
import packageJson from "../package.json" with { type: "json" };

export const version: string = packageJson.version;
