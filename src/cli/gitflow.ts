// The CLI side of the team flow, shared by reconcile/plan and apply: git
// provenance and the dirty-tree check, the Markdown report (also appended to
// GitHub's step summary), and writing a saved plan.
import { appendFile } from "node:fs/promises";
import { writeFileAtomic } from "../fs.js";
import { resolve } from "node:path";
import { UserError } from "../errors.js";
import { GitRepo, computeProvenance, refuseDirty, uncommittedInputs } from "../git/index.js";
import type { DesiredAssistant, Plan } from "../model.js";
import type { Provenance } from "../plan/plan.js";
import { buildSavedPlan, serializeSavedPlan } from "../plan/saved.js";
import type { RepoConfig } from "../spec/index.js";
import { TOOL_VERSION } from "../version.js";
import type { CliIo } from "./io.js";
import type { Target } from "./target.js";

export interface GitContext {
  git: GitRepo | null;
  /** HEAD's commit, or null outside a git work tree (or before the first commit). */
  commit: string | null;
  provenance: Provenance;
  /** Assistant files (and their `!file` includes, assistantctl.yaml) with uncommitted changes. */
  uncommitted: string[];
}

/**
 * Provenance and uncommitted inputs for one run. Watch mode passes the repo it
 * opened once (`opened`), so a save does not pay three git processes for it.
 */
export async function gitContext(
  dir: string,
  desired: readonly DesiredAssistant[],
  env: NodeJS.ProcessEnv,
  opened?: GitRepo | null,
): Promise<GitContext> {
  const git = opened !== undefined ? opened : await GitRepo.open(dir);
  const [provenance, uncommitted] = await Promise.all([computeProvenance(git, env), uncommittedInputs(git, desired)]);
  return { git, commit: provenance.commit ?? null, provenance, uncommitted };
}

/**
 * Versions record the commit they came from, so an apply needs committed
 * files. A dry run, the throwaway embedded server and --allow-dirty are exempt.
 */
export function refuseUncommittedApply(
  flags: { dryRun: boolean; local: boolean; allowDirty?: boolean },
  git: Pick<GitContext, "uncommitted">,
): void {
  if (!flags.dryRun && !flags.local && !flags.allowDirty) refuseDirty(git.uncommitted);
}

/** "staging (https://...)" or the URL alone. */
export function targetLabel(target: Target): string {
  return target.environment ? `${target.environment} (${target.url})` : target.url;
}

/**
 * The Markdown report on stdout and, on GitHub Actions ($GITHUB_STEP_SUMMARY
 * set), appended to the job's summary page as well.
 */
export async function writeMarkdown(io: CliIo, markdown: string): Promise<void> {
  io.stdout.write(markdown);
  const summaryFile = io.env["GITHUB_STEP_SUMMARY"];
  if (summaryFile) await appendFile(resolve(io.cwd, summaryFile), markdown + "\n");
}

/** Write `plan --out FILE` atomically: a half-written plan file never exists. */
export async function writeSavedPlan(
  io: CliIo,
  file: string,
  plan: Plan,
  target: Target,
  config: RepoConfig,
  git: GitContext,
): Promise<string> {
  const path = resolve(io.cwd, file);
  const apiKeyEnv = target.environment ? (config.environments[target.environment]?.api_key_env ?? null) : null;
  const saved = buildSavedPlan({
    toolVersion: TOOL_VERSION,
    createdAt: new Date(),
    url: target.url,
    environment: target.environment,
    apiKeyEnv,
    git: git.git ? { commit: git.commit, uncommitted: git.uncommitted } : null,
    provenance: git.provenance,
    plan,
  });
  try {
    await writeFileAtomic(path, serializeSavedPlan(saved));
  } catch (error) {
    throw new UserError(`cannot write the plan to ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return path;
}
