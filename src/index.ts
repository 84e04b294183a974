// The public library API: the same pipeline the CLI runs, for TypeScript users
// who author, check or reconcile assistants in code.
import { LangGraphClient } from "./remote/index.js";
import { loadValidatedRepo } from "./validated-repo.js";
import { reconcileDesired, type ReconcileResult } from "./reconcile.js";
import type { Provenance } from "./plan/plan.js";
import type { ChangeResult, Plan } from "./model.js";

export type * from "./model.js";
export { SpecError, UserError, RemoteError, EXIT, formatIssue, type SpecIssue } from "./errors.js";
export { loadAssistants, loadRepo, loadRepoConfig, type RepoConfig } from "./spec/index.js";
export { loadValidatedRepo, type ValidatedRepo } from "./validated-repo.js";
export { planChanges as plan, pendingChanges, type PlanInput, type PlanOutput, type Provenance } from "./plan/plan.js";
export { assistantIdOf, contentHash, contentOfDesired, contentOfLive, META } from "./plan/content.js";
export { applyPlan as apply, type ApplyOptions, type AssistantsApi } from "./apply/apply.js";
export { observeAndPlan, reconcileDesired, type ReconcileApi, type ReconcileResult } from "./reconcile.js";
export { LangGraphClient, type RemoteOptions } from "./remote/index.js";
export { renderPlanText } from "./render/text.js";
export { renderJson, buildJsonReport, type JsonReport } from "./render/json.js";
export { renderPlanMarkdown, type MarkdownOptions } from "./render/markdown.js";
export { GitRepo, computeProvenance, ciProvenance } from "./git/index.js";
export { buildSavedPlan, parseSavedPlan, serializeSavedPlan, type SavedPlan } from "./plan/saved.js";
export { staleAssistants, type StaleAssistant } from "./apply/saved.js";
export { plainStyle, colorStyle } from "./render/style.js";
export {
  defineAssistant,
  desiredFromDefinitions,
  validateAgainstSchemas,
  validateRepoAssistants,
  generateTypes,
  pullSchemas,
  fileFormatSchema,
  graphEditorSchema,
  type AssistantDefinition,
  type DefineAssistant,
  type StoredGraphSchema,
} from "./schemas/index.js";

export interface ReconcileOptions {
  /** Repository root holding assistants/ and assistantctl.yaml. */
  dir: string;
  url: string;
  apiKey?: string | null;
  dryRun?: boolean;
  prune?: boolean;
  concurrency?: number;
  provenance?: Provenance;
  onPlan?: (plan: Plan) => void;
  onResult?: (result: ChangeResult) => void;
}

/**
 * Load the repository, check it against the committed graph schemas, plan
 * against the deployment, and (unless dryRun) apply. Throws SpecError on any
 * invalid input, before anything is written.
 */
export async function reconcile(options: ReconcileOptions): Promise<ReconcileResult> {
  const repo = await loadValidatedRepo(options.dir);
  const api = new LangGraphClient({ url: options.url, apiKey: options.apiKey ?? null });
  return reconcileDesired({
    dir: options.dir,
    config: repo.config,
    desired: repo.assistants,
    api,
    dryRun: options.dryRun ?? false,
    prune: options.prune ?? false,
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.provenance && { provenance: options.provenance }),
    ...(options.onPlan && { onPlan: options.onPlan }),
    ...(options.onResult && { onResult: options.onResult }),
  });
}
