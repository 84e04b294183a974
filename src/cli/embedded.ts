// The embedded LangGraph dev server as commands use it (--local, dev): found
// from the repo's langgraph.json, started on a free port, announced on stderr.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../errors.js";
import { startLocalServer, type LocalServer } from "../local/index.js";
import { stderrStyle, type CliIo } from "./io.js";

export interface EmbeddedFlags {
  url?: string;
  env?: string;
  langgraphConfig?: string;
  /** Where the server keeps its state (default: beside langgraph.json, in .langgraph_api/). */
  stateDir?: string;
  port?: number;
}

/** The repo's langgraph.json: --langgraph-config, DIR/langgraph.json, else the demo's. */
export function findLanggraphConfig(dir: string, explicit: string | undefined): string {
  const candidates = explicit ? [resolve(dir, explicit)] : [join(dir, "langgraph.json"), join(dir, "example", "langgraph.json")];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new UserError(`no langgraph.json found (looked at ${candidates.join(", ")}); pass --langgraph-config PATH`);
  return found;
}

export async function startEmbedded(dir: string, flags: EmbeddedFlags, io: CliIo): Promise<LocalServer> {
  if (flags.url !== undefined || flags.env !== undefined) {
    throw new UserError("the embedded server (--local, dev) cannot be combined with --url or --env");
  }
  const configPath = findLanggraphConfig(dir, flags.langgraphConfig);
  const style = stderrStyle(io);
  io.stderr.write(style.dim(`Starting the embedded LangGraph server for ${configPath} ...`) + "\n");
  const server = await startLocalServer({
    projectDir: join(configPath, ".."),
    ...(flags.stateDir !== undefined && { stateDir: resolve(io.cwd, flags.stateDir) }),
    ...(flags.port !== undefined && { port: flags.port }),
  });
  const stateDir = flags.stateDir !== undefined ? resolve(io.cwd, flags.stateDir) : server.projectDir;
  io.stderr.write(style.dim(`Embedded LangGraph server at ${server.url} (pid ${server.pid}; state in ${join(stateDir, ".langgraph_api")})`) + "\n");
  return server;
}
