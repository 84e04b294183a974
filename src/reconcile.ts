// One reconcile, level-based like a Kubernetes controller: read the files,
// observe the deployment, plan the difference, and (unless dry-run) apply it.
// The CLI, watch mode, `dev` and the library API all come through here.
import { existsSync } from "node:fs";
import { join } from "node:path";
import pLimit from "p-limit";
import type { SpecIssue } from "./errors.js";
import { SpecError, UserError } from "./errors.js";
import type { ApplyResult, ChangeResult, DesiredAssistant, LiveAssistant, LiveVersion, Plan } from "./model.js";
import { applyPlan, type AssistantsApi, type ApplyOptions } from "./apply/apply.js";
import { writeBackup } from "./apply/backup.js";
import { unknownGraphIssues } from "./graphs.js";
import { META } from "./plan/content.js";
import { assistantsNeedingHistory, planChanges, type PlanInput, type Provenance } from "./plan/plan.js";
import { ASSISTANTS_FOLDER, type RepoConfig } from "./spec/index.js";

/** What reconcile needs from the deployment (LangGraphClient fits it). */
export interface ReconcileApi extends AssistantsApi {
  listOwned(owner: string): Promise<LiveAssistant[]>;
  graphIds(): Promise<string[]>;
  versions(id: string, query?: { limit?: number; metadata?: Record<string, string> }): Promise<LiveVersion[]>;
  latestVersionNumber(id: string): Promise<number | null>;
}

export interface ObserveOptions {
  owner: string;
  desired: readonly DesiredAssistant[];
  prune: boolean;
  provenance?: Provenance;
  /** Lookups in flight at once (default 8), like apply's writes. */
  concurrency?: number;
}

/**
 * Observe the deployment and plan. Requests: one search for the owned rows;
 * a GET per `id:` adoption not yet owned; for each assistant that differs,
 * one versions lookup by content hash (and one for the next version number);
 * and one search for the deployment's graphs when anything is to be written.
 * A no-op reconcile is one search (two when the owner's assistants fill a
 * whole page of 1,000, since paging ends at a short page).
 */
export async function observeAndPlan(api: ReconcileApi, options: ObserveOptions): Promise<Plan> {
  const limit = pLimit(Math.max(1, options.concurrency ?? 8));
  const live = await api.listOwned(options.owner);
  const known = new Set(live.map((row) => row.assistant_id));
  const adopted = options.desired.filter((d) => d.id !== null && !known.has(d.id));
  const fetched = await Promise.all(adopted.map((d) => limit(() => api.get(d.id as string))));
  for (const row of fetched) if (row) live.push(row);

  const input: PlanInput = { owner: options.owner, desired: options.desired, live, prune: options.prune };
  if (options.provenance) input.provenance = options.provenance;

  const history = new Map<string, LiveVersion[]>();
  const nextVersion = new Map<string, number>();
  await Promise.all(
    assistantsNeedingHistory(input).map(async ({ assistant_id, hash }) => {
      const [matches, latest] = await Promise.all([
        limit(() => api.versions(assistant_id, { limit: 10, metadata: { [META.hash]: hash } })),
        limit(() => api.latestVersionNumber(assistant_id)),
      ]);
      history.set(assistant_id, matches);
      if (latest !== null) nextVersion.set(assistant_id, latest + 1);
    }),
  );

  const { plan, issues } = planChanges({ ...input, history, nextVersion });
  issues.push(...(await unknownGraphs(api, plan, options.desired)));
  if (issues.length > 0) throw new SpecError(issues);
  return plan;
}

/** Assistants about to be written whose graph the deployment lacks; one search, and only when writing. */
async function unknownGraphs(api: ReconcileApi, plan: Plan, desired: readonly DesiredAssistant[]): Promise<SpecIssue[]> {
  const writing = new Set(
    plan.changes.filter((c) => c.action === "create" || c.action === "update" || c.action === "set-latest").map((c) => c.name),
  );
  if (writing.size === 0) return [];
  return unknownGraphIssues(desired.filter((d) => writing.has(d.name)), new Set(await api.graphIds()));
}

export interface ReconcileOptions {
  dir: string;
  config: RepoConfig;
  desired: readonly DesiredAssistant[];
  api: ReconcileApi;
  dryRun: boolean;
  prune: boolean;
  concurrency?: number;
  provenance?: Provenance;
  /** Where deleted assistants' versions are saved (default DIR/.assistantctl/backups). */
  backupDir?: string;
  onPlan?: (plan: Plan) => void;
  onResult?: (result: ChangeResult) => void;
}

export interface ReconcileResult {
  plan: Plan;
  /** Null for a dry-run. */
  applied: ApplyResult | null;
}

export async function reconcileDesired(options: ReconcileOptions): Promise<ReconcileResult> {
  refusePruneWithoutFolder(options);
  const observe: ObserveOptions = { owner: options.config.owner, desired: options.desired, prune: options.prune };
  if (options.concurrency !== undefined) observe.concurrency = options.concurrency;
  if (options.provenance) observe.provenance = options.provenance;
  const plan = await observeAndPlan(options.api, observe);
  options.onPlan?.(plan);
  if (options.dryRun) return { plan, applied: null };

  const applyOptions: ApplyOptions = {
    backup: (change, versions) => writeBackup(options.backupDir ?? defaultBackupDir(options.dir), change, versions),
  };
  if (options.concurrency !== undefined) applyOptions.concurrency = options.concurrency;
  if (options.onResult) applyOptions.onResult = options.onResult;
  const applied = await applyPlan(plan, options.api, applyOptions);
  return { plan, applied };
}

/**
 * A missing assistants/ folder reads as "no assistants", which with --prune
 * means "delete everything this owner has": almost always a wrong --dir. An
 * existing, empty folder is a deliberate choice and is allowed.
 */
function refusePruneWithoutFolder(options: ReconcileOptions): void {
  const folder = join(options.dir, ASSISTANTS_FOLDER);
  if (options.prune && options.desired.length === 0 && !existsSync(folder)) {
    throw new UserError(
      `refusing to --prune: ${folder} does not exist, so every assistant of owner "${options.config.owner}" would be deleted; ` +
        "check --dir (create the folder empty if deleting them all is what you want)",
    );
  }
}

export function defaultBackupDir(dir: string): string {
  return join(dir, ".assistantctl", "backups");
}
