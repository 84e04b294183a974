// Saved plans (`plan --out FILE`, then `apply FILE`), with Terraform's
// contract: the file holds every change in full (request bodies included) and
// the live version each was computed against, so `apply` needs no other file
// and refuses when the deployment moved meanwhile. PURE: building and
// parsing the document; reading, writing and checking live state are the
// callers'.
import { z } from "zod";
import type { Change, JsonObject, Plan } from "../model.js";
import { META } from "./content.js";
import type { Provenance } from "./plan.js";
import { summarise } from "./plan.js";

export const SAVED_PLAN_FORMAT_VERSION = 1;
export const SAVED_PLAN_KIND = "assistantctl-plan";

export interface SavedPlan {
  format_version: typeof SAVED_PLAN_FORMAT_VERSION;
  kind: typeof SAVED_PLAN_KIND;
  /** The assistantctl version that made the plan. */
  tool_version: string;
  /** When the plan was made (ISO 8601). */
  created_at: string;
  /** The deployment the plan is for. Never its API key. */
  url: string;
  /** The environment from assistantctl.yaml, when one was chosen. */
  environment: string | null;
  /** The variable that holds that environment's API key (its name only). */
  api_key_env: string | null;
  owner: string;
  /** The commit the files were read at, and those of them that had uncommitted changes. */
  git: { commit: string | null; uncommitted: string[] } | null;
  /** What the versions this plan creates will record. */
  provenance: Provenance;
  plan: Plan;
}

export interface SavedPlanInput {
  toolVersion: string;
  createdAt: Date;
  url: string;
  environment: string | null;
  apiKeyEnv: string | null;
  git: SavedPlan["git"];
  provenance: Provenance;
  plan: Plan;
}

export function buildSavedPlan(input: SavedPlanInput): SavedPlan {
  return {
    format_version: SAVED_PLAN_FORMAT_VERSION,
    kind: SAVED_PLAN_KIND,
    tool_version: input.toolVersion,
    created_at: input.createdAt.toISOString(),
    url: input.url,
    environment: input.environment,
    api_key_env: input.apiKeyEnv,
    owner: input.plan.owner,
    git: input.git,
    provenance: input.provenance,
    plan: input.plan,
  };
}

export function serializeSavedPlan(saved: SavedPlan): string {
  return JSON.stringify(saved, null, 2) + "\n";
}

const jsonObject = z.record(z.string(), z.json()) as unknown as z.ZodType<JsonObject>;

const fieldDiff = z.object({
  path: z.string(),
  kind: z.enum(["added", "removed", "changed"]),
  before: z.json().optional(),
  after: z.json().optional(),
  lines: z.array(z.string()).optional(),
});

const base = {
  name: z.string().min(1),
  graph: z.string().min(1),
  assistant_id: z.string().min(1),
  file: z.string().nullable(),
  from_version: z.number().int().nullable(),
  to_version: z.number().int().nullable(),
  from_updated_at: z.string().nullable(),
  diff: z.array(fieldDiff),
};

const updateBody = z.object({
  graph_id: z.string().min(1),
  name: z.string(),
  description: z.string(),
  config: jsonObject,
  context: jsonObject,
  metadata: jsonObject,
});

const createBody = z.object({
  assistant_id: z.string().min(1),
  graph_id: z.string().min(1),
  name: z.string(),
  description: z.string().optional(),
  config: jsonObject,
  context: jsonObject,
  metadata: jsonObject,
  if_exists: z.literal("do_nothing"),
});

const change = z.discriminatedUnion("action", [
  z.object({ ...base, action: z.literal("create"), hash: z.string().min(1), body: createBody }),
  z.object({ ...base, action: z.literal("update"), hash: z.string().min(1), body: updateBody, reason: z.literal("adopt").optional() }),
  z.object({ ...base, action: z.literal("set-latest"), hash: z.string().min(1), repair_body: updateBody }),
  z.object({ ...base, action: z.literal("delete"), prune: z.boolean() }),
  z.object({ ...base, action: z.literal("noop") }),
]);

const savedPlanSchema = z.object({
  format_version: z.literal(SAVED_PLAN_FORMAT_VERSION),
  kind: z.literal(SAVED_PLAN_KIND),
  tool_version: z.string(),
  created_at: z.string(),
  url: z.string().min(1),
  environment: z.string().nullable(),
  api_key_env: z.string().nullable(),
  owner: z.string().min(1),
  git: z.object({ commit: z.string().nullable(), uncommitted: z.array(z.string()) }).nullable(),
  provenance: z.object({ commit: z.string().optional(), run_url: z.string().optional(), pr: z.string().optional() }),
  plan: z.object({ owner: z.string().min(1), changes: z.array(change) }).loose(),
});

/**
 * The text of a plan file -> a SavedPlan, or a message saying why it is not
 * one (not JSON, another format version, a change that does not add up).
 */
export function parseSavedPlan(text: string): { saved: SavedPlan } | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  if (typeof value === "object" && value !== null && "format_version" in value && value.format_version !== SAVED_PLAN_FORMAT_VERSION) {
    return { problem: `format_version ${JSON.stringify(value.format_version)} is not ${SAVED_PLAN_FORMAT_VERSION}: make the plan again with this version of assistantctl` };
  }
  const parsed = savedPlanSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join(".") ?? "";
    return { problem: `not an assistantctl plan (${where ? `${where}: ` : ""}${issue?.message ?? "invalid"})` };
  }
  const data = parsed.data;
  const changes = data.plan.changes as Change[];
  const problem = data.plan.owner !== data.owner ? `plan.owner "${data.plan.owner}" is not owner "${data.owner}"` : inconsistency(changes, data.owner);
  if (problem) return { problem: `the plan does not add up: ${problem}` };
  const plan: Plan = { owner: data.owner, changes, summary: summarise(changes) };
  return { saved: { ...(data as Omit<SavedPlan, "plan">), plan } };
}

/** A change whose body would write somewhere else than it says (a hand-edited file). */
function inconsistency(changes: readonly Change[], owner: string): string | null {
  const seen = new Set<string>();
  for (const change of changes) {
    if (seen.has(change.assistant_id)) return `assistant ${change.assistant_id} appears twice`;
    seen.add(change.assistant_id);
    if (change.action !== "create" && change.action !== "noop" && change.from_version === null) {
      return `the ${change.action} of "${change.name}" has no from_version`;
    }
    if (change.action === "create" && change.body.assistant_id !== change.assistant_id) {
      return `the create of "${change.name}" is for ${change.body.assistant_id}, not ${change.assistant_id}`;
    }
    if (change.action === "set-latest" && change.to_version === null) return `the set-latest of "${change.name}" has no to_version`;
    const body = change.action === "create" || change.action === "update" ? change.body : change.action === "set-latest" ? change.repair_body : null;
    if (body && body.metadata[META.owner] !== owner) return `the ${change.action} of "${change.name}" is not marked with owner "${owner}"`;
  }
  return null;
}
