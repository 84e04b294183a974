// `assistantctl apply PLAN_FILE`: apply exactly a plan saved by `plan --out`,
// as Terraform does. The files of the repository are not read (edits made
// after the plan are ignored); the deployment must be the one the plan was
// made for, and every assistant must still be where the plan found it,
// checked for all of them before anything is written.
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { EXIT, UserError } from "../../errors.js";
import { applyPlan, type ApplyOptions } from "../../apply/apply.js";
import { writeBackup } from "../../apply/backup.js";
import { staleAssistants } from "../../apply/saved.js";
import { parseSavedPlan, type SavedPlan } from "../../plan/saved.js";
import { defaultBackupDir } from "../../reconcile.js";
import { renderJson } from "../../render/json.js";
import { renderPlanMarkdown } from "../../render/markdown.js";
import { renderApplySummary, renderPlanText } from "../../render/text.js";
import { LangGraphClient } from "../../remote/index.js";
import { stdoutStyle, type CliIo } from "../io.js";
import { progressPrinter } from "../progress.js";
import { targetLabel, writeMarkdown } from "../gitflow.js";
import { defaultApiKey, normaliseUrl, type Target } from "../target.js";

export interface ApplyFlags {
  dir: string;
  url?: string;
  env?: string;
  output: "text" | "json" | "markdown";
  concurrency: number;
  allowDirty: boolean;
  verbose: boolean;
}

export async function runApply(planFile: string, flags: ApplyFlags, io: CliIo): Promise<number> {
  const dir = resolve(io.cwd, flags.dir);
  const saved = await readSavedPlan(planFile, io);
  const target = savedPlanTarget(saved, flags, io.env);
  const uncommitted = saved.git?.uncommitted ?? [];
  if (uncommitted.length > 0 && !flags.allowDirty) {
    throw new UserError(
      `refusing to apply ${planFile}: it was made from files with uncommitted changes, so the commit recorded in each version would not hold its content:\n` +
        `${uncommitted.map((file) => `  ${file}`).join("\n")}\n` +
        "Commit them and make the plan again, or pass --allow-dirty.",
    );
  }

  const api = new LangGraphClient({ url: target.url, apiKey: target.apiKey });
  const stale = await staleAssistants(saved.plan, api, flags.concurrency);
  if (stale.length > 0) {
    const lines = stale.map((s) => `  ${s.name} (${s.assistant_id}): ${s.reason}`);
    throw new UserError(
      `refusing to apply ${planFile}: the deployment changed since the plan was made (${saved.created_at}):\n${lines.join("\n")}\n` +
        "Nothing was written. Make a new plan with `assistantctl plan --out FILE` and review it.",
    );
  }

  if (flags.output === "text") {
    io.stdout.write(renderPlanText(saved.plan, targetLabel(target), { style: stdoutStyle(io), verbose: flags.verbose }));
  }
  const progress = progressPrinter(io, flags.output);
  const applyOptions: ApplyOptions = {
    concurrency: flags.concurrency,
    backup: (change, versions) => writeBackup(defaultBackupDir(dir), change, versions),
    onResult: progress.finished,
  };
  progress.planned(saved.plan);
  const started = performance.now();
  const applied = await applyPlan(saved.plan, api, applyOptions);

  if (flags.output === "json") io.stdout.write(renderJson(saved.plan, target.url, applied));
  if (flags.output === "markdown") await writeMarkdown(io, renderPlanMarkdown(saved.plan, { target: targetLabel(target), applied }));
  if (flags.output === "text") io.stdout.write(renderApplySummary(applied, performance.now() - started, stdoutStyle(io)) + "\n");
  return applied.ok ? EXIT.ok : EXIT.failure;
}

async function readSavedPlan(planFile: string, io: CliIo): Promise<SavedPlan> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, planFile), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === "ENOENT" ? `no plan file ${planFile}` : `cannot read ${planFile}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = parseSavedPlan(text);
  if ("problem" in parsed) throw new UserError(`${planFile} cannot be applied: ${parsed.problem}`);
  return parsed.saved;
}

/**
 * The deployment of the plan. A --url, --env or $LANGGRAPH_API_URL that names
 * another one is refused: a plan for staging is never applied to production.
 */
export function savedPlanTarget(saved: SavedPlan, flags: { url?: string; env?: string }, env: NodeJS.ProcessEnv): Target {
  const madeFor = saved.environment ? `environment "${saved.environment}" (${saved.url})` : saved.url;
  if (flags.env !== undefined && flags.env !== saved.environment) {
    throw new UserError(`refusing to apply: the plan was made for ${madeFor}, not environment "${flags.env}"`);
  }
  const fromVariable = flags.url === undefined && flags.env === undefined && env["LANGGRAPH_API_URL"] ? env["LANGGRAPH_API_URL"] : undefined;
  const url = flags.url ?? fromVariable;
  if (url !== undefined && normaliseUrl(url) !== saved.url) {
    const source = flags.url !== undefined ? "--url" : "$LANGGRAPH_API_URL";
    throw new UserError(`refusing to apply: the plan was made for ${madeFor}, not ${normaliseUrl(url)} (${source})`);
  }
  let apiKey: string | null;
  if (saved.api_key_env) {
    apiKey = env[saved.api_key_env] || null;
    if (!apiKey) throw new UserError(`the plan's environment "${saved.environment}" needs its API key in $${saved.api_key_env}, which is not set`);
  } else {
    apiKey = defaultApiKey(env);
  }
  return { url: saved.url, apiKey, environment: saved.environment };
}

