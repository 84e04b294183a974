// Execute a plan against a deployment: only what the plan says, concurrently
// within a bound, and safe to repeat. Every write is either idempotent on the
// server (create with a fixed id, set-latest, delete) or, for a PATCH whose
// outcome is unknown, read back and compared by content hash before a retry,
// so a lost response never makes a duplicate version.
import pLimit from "p-limit";
import { RemoteError } from "../errors.js";
import type {
  ApplyResult,
  AssistantContent,
  Change,
  ChangeOutcome,
  ChangeResult,
  CreateChange,
  DeleteChange,
  LiveAssistant,
  LiveVersion,
  Plan,
  SetLatestChange,
  UpdateBody,
} from "../model.js";
import { META, contentEquals, contentOfLive, userMetadata } from "../plan/content.js";

/** The part of the REST client that apply uses (LangGraphClient fits it). */
export interface AssistantsApi {
  get(id: string): Promise<LiveAssistant | null>;
  create(body: CreateChange["body"]): Promise<LiveAssistant>;
  update(id: string, body: UpdateBody): Promise<LiveAssistant>;
  setLatest(id: string, version: number): Promise<LiveAssistant>;
  delete(id: string): Promise<boolean>;
  allVersions(id: string): Promise<LiveVersion[]>;
}

export interface ApplyOptions {
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Saves every version of an assistant before it is deleted; returns where. */
  backup: (change: DeleteChange, versions: LiveVersion[]) => Promise<string>;
  /** Called as each change finishes, for progress output. */
  onResult?: (result: ChangeResult) => void;
  /**
   * Called before each change's first write; throwing refuses the change
   * (saved plans use it to refuse when the live state moved).
   */
  beforeChange?: (change: Change) => Promise<void>;
  /** Attempts for a PATCH whose outcome is unknown (default 3). */
  maxUpdateAttempts?: number;
  /** Monotonic milliseconds, injectable for tests. */
  now?: () => number;
}

export async function applyPlan(plan: Plan, api: AssistantsApi, options: ApplyOptions): Promise<ApplyResult> {
  const limit = pLimit(Math.max(1, options.concurrency ?? 8));
  const now = options.now ?? (() => performance.now());
  const work = plan.changes.filter((c) => c.action !== "noop");

  const results = await Promise.all(
    work.map((change) =>
      limit(async (): Promise<ChangeResult> => {
        const started = now();
        const outcome = await applyOne(change, api, options).catch(
          (error: unknown): ChangeOutcome => ({ status: "failed", error: describe(error) }),
        );
        const result = { change, outcome, elapsed_ms: now() - started };
        options.onResult?.(result);
        return result;
      }),
    ),
  );
  return { results, ok: results.every((r) => r.outcome.status !== "failed") };
}

async function applyOne(change: Change, api: AssistantsApi, options: ApplyOptions): Promise<ChangeOutcome> {
  if (change.action === "delete" && !change.prune) {
    return { status: "skipped", reason: "its file is gone; run with --prune to delete it" };
  }
  await options.beforeChange?.(change);
  switch (change.action) {
    case "create":
      return create(change, api);
    case "update":
      return { status: "applied", version: (await patchOnce(change.assistant_id, change.body, change.hash, api, options)).version, repaired: false };
    case "set-latest":
      return setLatest(change, api, options);
    case "delete":
      return remove(change, api, options);
    case "noop":
      return { status: "skipped", reason: "in sync" };
  }
}

async function create(change: CreateChange, api: AssistantsApi): Promise<ChangeOutcome> {
  // The id is derived from owner and name and the server is told to do nothing
  // if it exists, so a retried or repeated create returns the first row.
  const row = await api.create(change.body);
  if (row.metadata[META.hash] === change.hash && contentEquals(contentOfLive(row), contentOfBody(change.body))) {
    return { status: "applied", version: row.version, repaired: false };
  }
  throw new Error(
    `assistant ${change.assistant_id} already exists with other content (created by someone else meanwhile?); run again to reconcile it`,
  );
}

/**
 * PATCH exactly once in effect. When the outcome is unknown (the response was
 * lost), read the row back: if it carries this change's hash, it landed.
 */
async function patchOnce(
  id: string,
  body: UpdateBody,
  hash: string,
  api: AssistantsApi,
  options: ApplyOptions,
): Promise<LiveAssistant> {
  const attempts = Math.max(1, options.maxUpdateAttempts ?? 3);
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await api.update(id, body);
    } catch (error) {
      if (!(error instanceof RemoteError) || !error.details.mayHaveLanded) throw error;
      lastError = error;
      const row = await api.get(id);
      if (row && row.metadata[META.hash] === hash && contentEquals(contentOfLive(row), contentOfBody(body))) return row;
    }
  }
  throw lastError;
}

async function setLatest(change: SetLatestChange, api: AssistantsApi, options: ApplyOptions): Promise<ChangeOutcome> {
  const target = change.to_version as number;
  await api.setLatest(change.assistant_id, target);
  // The JS server restores only config, metadata and name from the version;
  // read the row back and repair what it kept from the newer version.
  const row = await api.get(change.assistant_id);
  if (row && contentEquals(contentOfLive(row), contentOfBody(change.repair_body))) {
    return { status: "applied", version: row.version, repaired: false };
  }
  const repaired = await patchOnce(change.assistant_id, change.repair_body, change.hash, api, options);
  return { status: "applied", version: repaired.version, repaired: true };
}

async function remove(change: DeleteChange, api: AssistantsApi, options: ApplyOptions): Promise<ChangeOutcome> {
  // Deleting an assistant deletes every version: save them all first, and
  // only delete once the backup is safely written.
  const versions = await api.allVersions(change.assistant_id);
  const backup = versions.length > 0 ? await options.backup(change, versions) : undefined;
  await api.delete(change.assistant_id);
  return backup ? { status: "applied", version: null, repaired: false, backup } : { status: "applied", version: null, repaired: false };
}

/** What a create or update body will make the row look like, for comparison. */
export function contentOfBody(body: UpdateBody | CreateChange["body"]): AssistantContent {
  return {
    graph_id: body.graph_id,
    name: body.name,
    description: body.description ? body.description : null,
    context: body.context,
    config: body.config,
    metadata: userMetadata(body.metadata),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
