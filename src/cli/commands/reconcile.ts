// `assistantctl reconcile` and `assistantctl plan` (= reconcile --dry-run).
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { EXIT, UserError } from "../../errors.js";
import type { ChangeResult, Plan } from "../../model.js";
import { pendingChanges } from "../../plan/plan.js";
import { reconcileDesired, type ReconcileResult } from "../../reconcile.js";
import { renderJson } from "../../render/json.js";
import { renderApplySummary, renderPlanText, renderResultLine } from "../../render/text.js";
import { LangGraphClient } from "../../remote/index.js";
import { startLocalServer, type LocalServer } from "../../local/index.js";
import { loadRepo } from "../../spec/index.js";
import { stderrStyle, stdoutStyle, type CliIo } from "../io.js";
import { resolveTarget, type Target } from "../target.js";
import { checkGraphSchemas } from "../schema-check.js";

export interface ReconcileFlags {
  dir: string;
  url?: string;
  env?: string;
  dryRun: boolean;
  detailedExitcode: boolean;
  prune: boolean;
  output: "text" | "json";
  concurrency: number;
  local: boolean;
  langgraphConfig?: string;
  verbose: boolean;
}

export async function runReconcile(flags: ReconcileFlags, io: CliIo): Promise<number> {
  const dir = resolve(io.cwd, flags.dir);
  // Every file is read and checked before the deployment is even contacted.
  const repo = await loadRepo(dir);
  // Each assistant against its graph's committed schemas (schemas/<graph>.json).
  await checkGraphSchemas(dir, repo.assistants, io, flags.output === "json");

  let local: LocalServer | null = null;
  let target: Target;
  if (flags.local) {
    if (flags.url !== undefined || flags.env !== undefined) {
      throw new UserError("--local runs against the embedded server: it cannot be combined with --url or --env");
    }
    local = await startEmbedded(dir, flags, io);
    target = { url: local.url, apiKey: null, environment: null };
  } else {
    target = resolveTarget(flags, repo.config, io.env);
  }

  const stopOnSignal = () => void local?.stop().finally(() => process.exit(130));
  if (local) process.once("SIGINT", stopOnSignal);
  try {
    const api = new LangGraphClient({ url: target.url, apiKey: target.apiKey });
    const started = performance.now();
    const result = await reconcileDesired({
      dir,
      config: repo.config,
      desired: repo.assistants,
      api,
      dryRun: flags.dryRun,
      prune: flags.prune,
      concurrency: flags.concurrency,
      onPlan: (plan) => {
        if (flags.output === "text") io.stdout.write(renderPlanText(plan, target.url, { style: stdoutStyle(io), verbose: flags.verbose }));
      },
      onResult: progressPrinter(io, flags),
    });
    return finish(result, performance.now() - started, target, flags, io);
  } finally {
    if (local) {
      process.removeListener("SIGINT", stopOnSignal);
      await local.stop();
    }
  }
}

async function startEmbedded(dir: string, flags: ReconcileFlags, io: CliIo): Promise<LocalServer> {
  const configPath = findLanggraphConfig(dir, flags.langgraphConfig);
  const style = stderrStyle(io);
  io.stderr.write(style.dim(`Starting the embedded LangGraph server for ${configPath} ...`) + "\n");
  const server = await startLocalServer({ projectDir: join(configPath, "..") });
  io.stderr.write(style.dim(`Embedded LangGraph server at ${server.url} (pid ${server.pid})`) + "\n");
  return server;
}

/** The repo's langgraph.json: --langgraph-config, DIR/langgraph.json, else the demo's. */
export function findLanggraphConfig(dir: string, explicit: string | undefined): string {
  const candidates = explicit ? [resolve(dir, explicit)] : [join(dir, "langgraph.json"), join(dir, "example", "langgraph.json")];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new UserError(`no langgraph.json found (looked at ${candidates.join(", ")}); pass --langgraph-config PATH`);
  return found;
}

function progressPrinter(io: CliIo, flags: ReconcileFlags): (result: ChangeResult) => void {
  let done = 0;
  return (result) => {
    done++;
    // Machines read stdout as one JSON document: progress goes to stderr there.
    const stream = flags.output === "json" ? io.stderr : io.stdout;
    const style = flags.output === "json" ? stderrStyle(io) : stdoutStyle(io);
    stream.write(`${style.dim(`[${done}]`)}${renderResultLine(result, style)}\n`);
  };
}

function finish(result: ReconcileResult, elapsedMs: number, target: Target, flags: ReconcileFlags, io: CliIo): number {
  const { plan, applied } = result;
  if (flags.output === "json") io.stdout.write(renderJson(plan, target.url, applied));
  if (!applied) return dryRunExit(plan, flags, io);

  if (flags.output === "text") {
    io.stdout.write(renderApplySummary(applied, elapsedMs, stdoutStyle(io)) + "\n");
  }
  return applied.ok ? EXIT.ok : EXIT.failure;
}

function dryRunExit(plan: Plan, flags: ReconcileFlags, io: CliIo): number {
  const pending = pendingChanges(plan).length;
  if (flags.output === "text") {
    const style = stdoutStyle(io);
    io.stdout.write(style.dim(pending ? "Dry run: nothing was written." : "Dry run: nothing to do.") + "\n");
  }
  return flags.detailedExitcode && pending > 0 ? EXIT.changesPending : EXIT.ok;
}
