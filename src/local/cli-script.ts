// Where the LangGraph CLI lives: the project's own copy first (it matches the
// project's @langchain/langgraph), then the one installed with assistantctl.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, parse } from "node:path";
import { UserError } from "../errors.js";

const CLI_PACKAGE = "@langchain/langgraph-cli";
const CLI_ENTRY = join("dist", "cli", "cli.mjs");

export function resolveCliScript(projectDir: string): string {
  const found = fromPackageJson(join(projectDir, "langgraph.json")) ?? fromNodeModules(projectDir) ?? fromPackageJson(import.meta.url);
  if (found) return found;
  throw new UserError(
    `the LangGraph CLI is not installed: run \`npm install --save-dev ${CLI_PACKAGE} @langchain/langgraph-api\` in ${projectDir}`,
  );
}

/** Node's own resolution, from a file (path or file: URL) as the importer. */
function fromPackageJson(importer: string): string | null {
  try {
    const manifest = createRequire(importer).resolve(`${CLI_PACKAGE}/package.json`);
    const script = join(dirname(manifest), CLI_ENTRY);
    return existsSync(script) ? script : null;
  } catch {
    return null;
  }
}

/** For a future version whose `exports` hides package.json: look in node_modules folders upwards. */
function fromNodeModules(startDir: string): string | null {
  const { root } = parse(startDir);
  for (let dir = startDir; ; dir = dirname(dir)) {
    const script = join(dir, "node_modules", CLI_PACKAGE, CLI_ENTRY);
    if (existsSync(script)) return script;
    if (dir === root) return null;
  }
}
