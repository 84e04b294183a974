// Starts ONE real LangGraph dev server (the demo project in example/) for the
// whole test run, with its state in a fresh folder under test/.tmp/, and
// stops it cleanly afterwards. Tests isolate themselves with a unique owner
// (or unique assistant ids), so they can share it, in parallel.
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { startLocalServer } from "../../src/local/index.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The shared dev server: "http://127.0.0.1:PORT". */
    serverUrl: string;
  }
}

const ROOT = resolve(import.meta.dirname, "..", "..");

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stateDir = join(ROOT, "test", ".tmp", `server-${randomUUID().slice(0, 8)}`);
  const server = await startLocalServer({
    projectDir: join(ROOT, "example"),
    stateDir,
    // DEBUG_LANGGRAPH_SERVER=1 shows the server's log while tests run.
    onOutput: process.env["DEBUG_LANGGRAPH_SERVER"] ? (line) => process.stderr.write(`[langgraph] ${line}\n`) : undefined,
  });
  project.provide("serverUrl", server.url);
  return async () => {
    await server.stop();
    await rm(stateDir, { recursive: true, force: true });
  };
}
