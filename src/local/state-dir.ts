// Running a project's graphs with the server's state somewhere else.
//
// The dev server keeps its state in `.langgraph_api/` next to the
// langgraph.json it was given (`--config`). To keep that state out of the
// project (tests need one folder each), we write a copy of langgraph.json into
// the state folder whose file references point back into the project.
//
// The references are RELATIVE to the state folder, not absolute: the server
// resolves graph files with path.resolve (absolute works there), but its
// module-loader hook builds the importer of `@langchain/langgraph` with
// path.join(cwd, firstGraphFile), which turns an absolute path into
// "<stateDir>/work/.../graph.ts" and the graph fails to load
// (ERR_MODULE_NOT_FOUND '@langchain/langgraph'). Relative paths satisfy both.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { UserError } from "../errors.js";

/** Marks the whole folder as ignored; it mentions .langgraph_api so the CLI does not append its own line. */
const STATE_GITIGNORE = "# State of an embedded LangGraph server (.langgraph_api), written by assistantctl.\n*\n";

type ConfigObject = Record<string, unknown>;

/** Create `stateDir` with a rebased langgraph.json; returns that file's path. */
export async function prepareStateDir(projectDir: string, stateDir: string): Promise<string> {
  const source = join(projectDir, "langgraph.json");
  const config = await readConfig(source);
  await mkdir(stateDir, { recursive: true });
  const target = join(stateDir, "langgraph.json");
  await writeFile(target, JSON.stringify(rebaseConfig(config, projectDir, stateDir), null, 2) + "\n");
  const gitignore = join(stateDir, ".gitignore");
  const existing = await readFile(gitignore, "utf8").catch(() => null);
  if (existing === null) await writeFile(gitignore, STATE_GITIGNORE);
  return target;
}

async function readConfig(path: string): Promise<ConfigObject> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new UserError(`no langgraph.json at ${path}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed as ConfigObject;
  } catch {
    // reported below
  }
  throw new UserError(`${path} is not a JSON object`);
}

/**
 * Every file reference of langgraph.json, rewritten relative to `stateDir`:
 * graphs ("file:export" or {path}), env (a .env file), auth.path and http.app
 * ("file:export"), ui (files), dependencies (folders). Everything else is
 * copied as it is.
 */
export function rebaseConfig(config: ConfigObject, projectDir: string, stateDir: string): ConfigObject {
  const file = (path: string) => rebasePath(path, projectDir, stateDir);
  const fileExport = (spec: string) => rebaseImportSpec(spec, file);
  const out: ConfigObject = { ...config };

  if (isObject(config["graphs"])) {
    out["graphs"] = mapValues(config["graphs"], (graph) => {
      if (typeof graph === "string") return fileExport(graph);
      if (isObject(graph) && typeof graph["path"] === "string") return { ...graph, path: fileExport(graph["path"]) };
      return graph;
    });
  }
  if (typeof config["env"] === "string") out["env"] = file(config["env"]);
  if (isObject(config["auth"]) && typeof config["auth"]["path"] === "string") {
    out["auth"] = { ...config["auth"], path: fileExport(config["auth"]["path"]) };
  }
  if (isObject(config["http"]) && typeof config["http"]["app"] === "string") {
    out["http"] = { ...config["http"], app: fileExport(config["http"]["app"]) };
  }
  if (isObject(config["ui"])) {
    out["ui"] = mapValues(config["ui"], (path) => (typeof path === "string" ? file(path) : path));
  }
  if (Array.isArray(config["dependencies"])) {
    out["dependencies"] = config["dependencies"].map((dep: unknown) =>
      typeof dep === "string" && (dep.startsWith(".") || isAbsolute(dep)) ? file(dep) : dep,
    );
  }
  return out;
}

/** "./src/graph.ts:graph" -> "../../example/src/graph.ts:graph" (the server splits at the first colon). */
function rebaseImportSpec(spec: string, file: (path: string) => string): string {
  const colon = spec.indexOf(":");
  return colon === -1 ? file(spec) : file(spec.slice(0, colon)) + spec.slice(colon);
}

function rebasePath(path: string, projectDir: string, stateDir: string): string {
  const rel = relative(stateDir, resolve(projectDir, path)).split(sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

function isObject(value: unknown): value is ConfigObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function mapValues(object: ConfigObject, fn: (value: unknown) => unknown): ConfigObject {
  return Object.fromEntries(Object.entries(object).map(([key, value]) => [key, fn(value)]));
}
