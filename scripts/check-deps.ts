#!/usr/bin/env bun
// Dependency direction (DESIGN.md): protocol is the ground floor; the other packages stand on it
// and never import each other or an app; only apps/* know every package; protocol is edge-ready
// (no node:* or bun:* imports). Every bare import must be declared by its workspace.
// Usage: bun scripts/check-deps.ts [--root <project dir>]   (exit 1 on any violation)
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";

export interface Violation {
  file: string;
  line: number;
  specifier: string;
  message: string;
}

interface Workspace {
  dir: string;
  name: string;
  kind: "protocol" | "package" | "app" | "tests" | "test-helpers";
  declared: Set<string>;
}

const ignoredDirs = new Set(["node_modules", "dist", ".turbo", ".test-results"]);
const builtins = new Set(builtinModules);
// Statements at the start of a line, type-only ones included (the transpiler's scan drops those).
const statementPattern = /^[ \t]*(?:import|export)\s+(?:type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm;
const transpilers = {
  ts: new Bun.Transpiler({ loader: "ts" }),
  tsx: new Bun.Transpiler({ loader: "tsx" }),
  js: new Bun.Transpiler({ loader: "js" }),
};

function transpilerFor(file: string): Bun.Transpiler {
  if (file.endsWith(".tsx")) return transpilers.tsx;
  return /\.m?ts$/.test(file) ? transpilers.ts : transpilers.js;
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

function workspaceKind(root: string, dir: string, name: string): Workspace["kind"] {
  const rel = relative(root, dir).split(sep).join("/");
  if (name === "@supernode/protocol") return "protocol";
  if (rel.startsWith("packages/")) return "package";
  if (rel.startsWith("apps/")) return "app";
  if (rel === "tests/helpers") return "test-helpers";
  return "tests";
}

function loadWorkspaces(root: string): Workspace[] {
  const dirs: string[] = [];
  for (const group of ["packages", "apps"]) {
    const base = join(root, group);
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base)) dirs.push(join(base, entry));
  }
  dirs.push(join(root, "tests"), join(root, "tests", "helpers"));
  const rootDevDeps = Object.keys((readJson(join(root, "package.json")).devDependencies as object) ?? {});
  return dirs
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => {
      const pkg = readJson(join(dir, "package.json"));
      const name = String(pkg.name);
      const declared = new Set<string>([name, ...rootDevDeps.filter((dep) => dep.startsWith("@types/"))]);
      for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
        for (const dep of Object.keys((pkg[field] as object) ?? {})) declared.add(dep);
      }
      return { dir, name, kind: workspaceKind(root, dir, name), declared };
    });
}

function sourceFiles(dir: string, nestedWorkspaces: Set<string>): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir)) {
    if (ignoredDirs.has(entry) || entry.startsWith(".")) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (!nestedWorkspaces.has(path)) files.push(...sourceFiles(path, nestedWorkspaces));
    } else if (/\.(ts|tsx|mts|js|mjs)$/.test(entry)) {
      files.push(path);
    }
  }
  return files;
}

function lineAt(source: string, offset: number): number {
  return source.slice(0, offset).split("\n").length;
}

/** Every import of a file: the transpiler's scan (dynamic imports, never strings) plus type-only statements. */
function importsOf(file: string, source: string): { specifier: string; line: number }[] {
  const found = new Map<string, number>();
  for (const match of source.matchAll(statementPattern)) {
    const specifier = match[1];
    if (specifier !== undefined && !found.has(specifier)) {
      found.set(specifier, lineAt(source, (match.index ?? 0) + match[0].lastIndexOf(specifier)));
    }
  }
  // The transpiler rejects a shebang; blank it out (same length, so offsets stay true).
  const scannable = source.startsWith("#!")
    ? source.replace(/^#![^\n]*/, (line) => " ".repeat(line.length))
    : source;
  for (const { path } of transpilerFor(file).scanImports(scannable)) {
    if (found.has(path)) continue;
    const quoted = [`"${path}"`, `'${path}'`, `\`${path}\``]
      .map((q) => source.indexOf(q))
      .filter((i) => i >= 0);
    found.set(path, lineAt(source, Math.min(...quoted, source.length)));
  }
  return [...found].map(([specifier, line]) => ({ specifier, line }));
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

function isTestFile(workspace: Workspace, file: string): boolean {
  return (
    workspace.kind === "tests" ||
    workspace.kind === "test-helpers" ||
    /\.test\.ts$/.test(file) ||
    relative(workspace.dir, file).split(sep).includes("test")
  );
}

function checkImport(
  root: string,
  workspace: Workspace,
  byName: Map<string, Workspace>,
  file: string,
  specifier: string,
): string | null {
  const test = isTestFile(workspace, file);
  if (specifier.startsWith(".")) {
    const target = resolve(dirname(file), specifier);
    if (target.startsWith(workspace.dir + sep)) return null;
    // The tooling tests exercise the project's scripts, which are no workspace.
    if (workspace.kind === "tests" && target.startsWith(join(root, "scripts") + sep)) return null;
    return "reaches outside its workspace by a relative path";
  }
  if (specifier.startsWith("bun:")) {
    if (workspace.kind === "protocol")
      return "protocol is edge-ready: no bun:* imports (its tests run under Deno too)";
    return null;
  }
  const bareBuiltin = builtins.has(specifier) || builtins.has(packageOf(specifier));
  if (specifier.startsWith("node:") || bareBuiltin) {
    if (workspace.kind === "protocol" && !test) return "protocol is edge-ready: no node:* imports";
    if (bareBuiltin && !specifier.startsWith("node:")) return "write Node built-ins with the node: prefix";
    return null;
  }
  const pkg = packageOf(specifier);
  const target = byName.get(pkg);
  if (target && target !== workspace) {
    if (target.kind === "test-helpers" || target.kind === "tests") {
      if (!test) return "product code must not import test helpers";
    } else if (workspace.kind === "test-helpers") {
      return "test helpers stand below every package and import none";
    } else if (target.kind === "app" && workspace.kind !== "app" && workspace.kind !== "tests") {
      return "a package must not import an app";
    } else if (workspace.kind === "protocol") {
      return "protocol is the ground floor and imports no other workspace";
    } else if (workspace.kind === "package" && target.kind === "package") {
      return `packages may import only @supernode/protocol (declare a port and let the app wire ${pkg} in)`;
    }
  }
  if (!workspace.declared.has(pkg)) return `${pkg} is not declared in ${workspace.name}'s package.json`;
  return null;
}

export function checkDeps(root: string): Violation[] {
  const workspaces = loadWorkspaces(root);
  const byName = new Map(workspaces.map((workspace) => [workspace.name, workspace]));
  const nested = new Set(workspaces.map((workspace) => workspace.dir));
  const violations: Violation[] = [];
  for (const workspace of workspaces) {
    for (const file of sourceFiles(
      workspace.dir,
      new Set([...nested].filter((dir) => dir !== workspace.dir)),
    )) {
      for (const { specifier, line } of importsOf(file, readFileSync(file, "utf8"))) {
        const message = checkImport(root, workspace, byName, file, specifier);
        if (message) violations.push({ file: relative(root, file), line, specifier, message });
      }
    }
  }
  return violations;
}

if (import.meta.main) {
  const rootFlag = process.argv.indexOf("--root");
  const root = resolve(rootFlag >= 0 ? (process.argv[rootFlag + 1] ?? ".") : join(import.meta.dir, ".."));
  const violations = checkDeps(root);
  for (const v of violations) console.error(`${v.file}:${v.line}: import "${v.specifier}": ${v.message}`);
  if (violations.length > 0) {
    console.error(`check-deps: ${violations.length} violation(s) of the dependency direction`);
    process.exit(1);
  }
  console.log("check-deps: dependency direction holds");
}
