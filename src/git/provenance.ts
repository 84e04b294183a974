// Where a version comes from: the commit, and on GitHub Actions the run and
// the pull request. Recorded in the metadata of every version the tool makes
// (assistantctl/commit, assistantctl/run_url, assistantctl/pr), so anyone can
// later ask which commit is live and who changed a prompt.
import { readFile } from "node:fs/promises";
import { UserError } from "../errors.js";
import type { DesiredAssistant } from "../model.js";
import type { Provenance } from "../plan/plan.js";
import { ASSISTANTS_FOLDER, REPO_CONFIG_FILE } from "../spec/index.js";
import type { GitRepo } from "./repo.js";

/**
 * The CI run's URL and the PR number, from the variables GitHub Actions sets.
 * Either is absent outside a run or where it does not apply (a push has no PR).
 */
export async function ciProvenance(env: NodeJS.ProcessEnv): Promise<Pick<Provenance, "run_url" | "pr">> {
  const result: Pick<Provenance, "run_url" | "pr"> = {};
  const repository = env["GITHUB_REPOSITORY"];
  const runId = env["GITHUB_RUN_ID"];
  if (repository && runId) {
    const server = (env["GITHUB_SERVER_URL"] || "https://github.com").replace(/\/+$/, "");
    result.run_url = `${server}/${repository}/actions/runs/${runId}`;
  }
  const pr = pullRequestFromRef(env["GITHUB_REF"]) ?? (await pullRequestFromEvent(env["GITHUB_EVENT_PATH"]));
  if (pr) result.pr = pr;
  return result;
}

/** `refs/pull/12/merge` (pull_request events) -> "12". */
function pullRequestFromRef(ref: string | undefined): string | null {
  const match = ref ? /^refs\/pull\/(\d+)\/(?:merge|head)$/.exec(ref) : null;
  return match ? (match[1] as string) : null;
}

/** The event payload's `pull_request.number` (pull_request_target, issue_comment on a PR, ...). */
async function pullRequestFromEvent(path: string | undefined): Promise<string | null> {
  if (!path) return null;
  try {
    const event = JSON.parse(await readFile(path, "utf8")) as { pull_request?: { number?: unknown } };
    const number = event.pull_request?.number;
    return typeof number === "number" && Number.isInteger(number) && number > 0 ? String(number) : null;
  } catch {
    return null;
  }
}

/** The provenance of this run: HEAD's commit (in a git work tree) plus the CI run and PR. */
export async function computeProvenance(git: GitRepo | null, env: NodeJS.ProcessEnv): Promise<Provenance> {
  const provenance: Provenance = {};
  const head = git ? await git.head() : null;
  if (head) provenance.commit = head;
  Object.assign(provenance, await ciProvenance(env));
  return provenance;
}

/** The files whose uncommitted changes would make a version's commit a lie. */
export function trackedInputs(desired: readonly DesiredAssistant[]): string[] {
  const paths = new Set<string>([ASSISTANTS_FOLDER, REPO_CONFIG_FILE]);
  for (const assistant of desired) {
    paths.add(assistant.source.file);
    for (const include of assistant.source.includes) paths.add(include);
  }
  return [...paths].sort();
}

/** Uncommitted changes to the assistants' files (empty outside a git work tree). */
export async function uncommittedInputs(git: GitRepo | null, desired: readonly DesiredAssistant[]): Promise<string[]> {
  return git ? git.uncommitted(trackedInputs(desired)) : [];
}

/** Refuse to write versions whose recorded commit does not hold their content. */
export function refuseDirty(files: readonly string[]): void {
  if (files.length === 0) return;
  const shown = files.slice(0, 20).map((file) => `  ${file}`);
  if (files.length > 20) shown.push(`  ... and ${files.length - 20} more`);
  throw new UserError(
    `refusing to apply: the assistants' files have uncommitted changes, so the commit recorded in each version would not hold its content:\n` +
      `${shown.join("\n")}\n` +
      "Commit them first, or pass --allow-dirty (a dry run is always allowed).",
  );
}
