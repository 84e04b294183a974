// `assistantctl reconcile` and `assistantctl plan` (= reconcile --dry-run).
import { resolve } from "node:path";
import { EXIT, UserError } from "../../errors.js";
import type { Plan } from "../../model.js";
import { pendingChanges } from "../../plan/plan.js";
import { reconcileDesired, type ReconcileResult } from "../../reconcile.js";
import { renderJson } from "../../render/json.js";
import { renderApplySummary, renderPlanText } from "../../render/text.js";
import { LangGraphClient } from "../../remote/index.js";
import type { LocalServer } from "../../local/index.js";
import { startEmbedded } from "../embedded.js";
import type { RepoConfig } from "../../spec/index.js";
import { stdoutStyle, type CliIo } from "../io.js";
import { progressPrinter } from "../progress.js";
import { resolveTarget, type Target } from "../target.js";
import { loadCheckedRepo } from "../schema-check.js";
import { gitContext, refuseUncommittedApply, targetLabel, writeMarkdown, writeSavedPlan, type GitContext } from "../gitflow.js";
import { renderPlanMarkdown } from "../../render/markdown.js";

export interface ReconcileFlags {
  dir: string;
  url?: string;
  env?: string;
  dryRun: boolean;
  detailedExitcode: boolean;
  prune: boolean;
  output: "text" | "json" | "markdown";
  concurrency: number;
  /** Apply even when the assistants' files have uncommitted changes. */
  allowDirty?: boolean;
  /** Save the plan (dry runs only) for `assistantctl apply FILE`. */
  out?: string;
  local: boolean;
  langgraphConfig?: string;
  /** With --local: where the embedded server keeps its state. */
  stateDir?: string;
  verbose: boolean;
}

export async function runReconcile(flags: ReconcileFlags, io: CliIo): Promise<number> {
  const dir = resolve(io.cwd, flags.dir);
  // Every file is read and checked before the deployment is even contacted.
  const repo = await loadCheckedRepo(dir, io, flags.output !== "text");
  if (flags.out !== undefined && !flags.dryRun) throw new UserError("--out saves a plan: use it with `plan` (or --dry-run), then `assistantctl apply FILE`");
  if (flags.out !== undefined && flags.local) throw new UserError("--out cannot be combined with --local: the embedded server is gone once the plan is made");
  // Provenance for every version; an apply (not to the throwaway embedded server) needs committed files.
  const git = await gitContext(dir, repo.assistants, io.env);
  refuseUncommittedApply(flags, git);

  let local: LocalServer | null = null;
  let target: Target;
  if (flags.local) {
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
    const progress = progressPrinter(io, flags.output);
    const result = await reconcileDesired({
      dir,
      config: repo.config,
      desired: repo.assistants,
      api,
      dryRun: flags.dryRun,
      prune: flags.prune,
      concurrency: flags.concurrency,
      provenance: git.provenance,
      onPlan: (plan) => {
        progress.planned(plan);
        if (flags.output === "text") io.stdout.write(renderPlanText(plan, target.url, { style: stdoutStyle(io), verbose: flags.verbose }));
      },
      onResult: progress.finished,
    });
    return await finish(result, performance.now() - started, target, flags, io, git, repo.config);
  } finally {
    if (local) {
      process.removeListener("SIGINT", stopOnSignal);
      await local.stop();
    }
  }
}


async function finish(
  result: ReconcileResult,
  elapsedMs: number,
  target: Target,
  flags: ReconcileFlags,
  io: CliIo,
  git: GitContext,
  config: RepoConfig,
): Promise<number> {
  const { plan, applied } = result;
  if (flags.output === "json") io.stdout.write(renderJson(plan, target.url, applied));
  if (flags.output === "markdown") await writeMarkdown(io, renderPlanMarkdown(plan, { target: targetLabel(target), applied }));
  if (!applied && flags.out !== undefined) {
    const path = await writeSavedPlan(io, flags.out, plan, target, config, git);
    const stream = flags.output === "text" ? io.stdout : io.stderr;
    stream.write(`Saved the plan to ${path}; apply exactly it with: assistantctl apply ${flags.out}\n`);
  }
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
