// The planner: desired files + live rows -> one change per assistant.
// PURE: no network, no filesystem, no clock, no environment. Everything it
// needs arrives in PlanInput, so every decision is reproducible in a test.
import type {
  AssistantContent,
  Change,
  CreateBody,
  DeleteChange,
  DesiredAssistant,
  JsonObject,
  LiveAssistant,
  LiveVersion,
  Plan,
  PlanSummary,
  UpdateBody,
} from "../model.js";
import type { SpecIssue } from "../errors.js";
import {
  META,
  assistantIdOf,
  contentEquals,
  contentHash,
  contentOfDesired,
  contentOfLive,
  isSystemAssistant,
  ownerOf,
} from "./content.js";
import { diffContent } from "./diff.js";

/** Where a version came from, recorded in its metadata. Never part of a diff. */
export interface Provenance {
  commit?: string;
  run_url?: string;
  pr?: string;
}

export interface PlanInput {
  owner: string;
  desired: readonly DesiredAssistant[];
  /** Owned rows, plus rows fetched for files that adopt an explicit `id:`. */
  live: readonly LiveAssistant[];
  /**
   * Earlier versions per assistant_id that may hold the desired content
   * (found by content hash). A match turns an update into a set-latest.
   */
  history?: ReadonlyMap<string, readonly LiveVersion[]>;
  /** The next version number the server will give, per assistant_id (dry-run display). */
  nextVersion?: ReadonlyMap<string, number>;
  /** Delete owned assistants whose file is gone (otherwise only report them). */
  prune: boolean;
  provenance?: Provenance;
}

export interface PlanOutput {
  plan: Plan;
  /** Problems only visible against the live state (adopting someone else's assistant). */
  issues: SpecIssue[];
}

/**
 * Which assistants differ from their files and so may return to an earlier
 * version: the caller looks up their history by hash, then plans again.
 */
export function assistantsNeedingHistory(input: PlanInput): { assistant_id: string; hash: string }[] {
  const { plan } = planChanges(input);
  return plan.changes
    .filter((c): c is Extract<Change, { action: "update" }> => c.action === "update" && c.reason !== "adopt")
    .map((c) => ({ assistant_id: c.assistant_id, hash: c.hash }));
}

export function planChanges(input: PlanInput): PlanOutput {
  const liveById = new Map(input.live.map((row) => [row.assistant_id, row]));
  const issues: SpecIssue[] = [];
  const changes: Change[] = [];
  const claimed = new Map<string, DesiredAssistant>();

  for (const desired of input.desired) {
    const id = assistantIdOf(desired, input.owner);
    const other = claimed.get(id);
    if (other) {
      issues.push(issueAt(desired, "id", `assistant_id ${id} is also used by "${other.name}" (${other.source.file})`));
      continue;
    }
    claimed.set(id, desired);
    const row = liveById.get(id);
    const refusal = row ? refuseToManage(row, input.owner) : null;
    if (refusal) {
      issues.push(issueAt(desired, desired.id ? "id" : "name", refusal));
      continue;
    }
    changes.push(planOne(desired, id, row ?? null, input));
  }

  for (const row of input.live) {
    if (claimed.has(row.assistant_id)) continue;
    if (ownerOf(row) !== input.owner || isSystemAssistant(row)) continue;
    changes.push(planDelete(row, input.prune));
  }

  changes.sort((a, b) => compare(a.name, b.name) || compare(a.assistant_id, b.assistant_id));
  return { plan: { owner: input.owner, changes, summary: summarise(changes) }, issues };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Why an existing row must not be managed by this owner, or null if it may. */
function refuseToManage(row: LiveAssistant, owner: string): string | null {
  if (isSystemAssistant(row)) {
    return `assistant ${row.assistant_id} is the system assistant of graph "${row.graph_id}": it is the server's own and is never managed`;
  }
  const rowOwner = ownerOf(row);
  if (rowOwner !== null && rowOwner !== owner) {
    return `assistant ${row.assistant_id} is managed by owner "${rowOwner}", not "${owner}": refusing to take it over`;
  }
  return null;
}

function issueAt(desired: DesiredAssistant, key: string, message: string): SpecIssue {
  const at = desired.source.positions[key] ?? desired.source.positions[""] ?? { line: 1, col: 1 };
  return { location: { file: desired.source.file, ...at }, message, severity: "error" };
}

function planOne(desired: DesiredAssistant, id: string, row: LiveAssistant | null, input: PlanInput): Change {
  const content = contentOfDesired(desired);
  const hash = contentHash(content);
  const base = {
    name: desired.name,
    graph: desired.graph,
    assistant_id: id,
    file: desired.source.file,
  };

  if (!row) {
    return {
      ...base,
      action: "create",
      from_version: null,
      to_version: 1,
      from_updated_at: null,
      diff: diffContent(null, content),
      hash,
      body: createBody(id, desired, content, hash, input.owner, input.provenance),
    };
  }

  const live = contentOfLive(row);
  const current = { ...base, from_version: row.version, from_updated_at: row.updated_at };
  const owned = ownerOf(row) === input.owner;
  if (contentEquals(live, content) && owned) {
    return { ...current, action: "noop", to_version: null, diff: [] };
  }

  const diff = diffContent(live, content);
  const body = updateBody(desired, content, hash, row, input.owner, input.provenance);
  if (!owned) {
    // A hand-made assistant adopted with `id:`: marking it ours is a write even
    // when its content already matches, so that it is found and pruned later.
    return { ...current, action: "update", to_version: input.nextVersion?.get(id) ?? null, diff, hash, body, reason: "adopt" };
  }

  const earlier = earlierIdenticalVersion(input.history?.get(id) ?? [], content, row.version);
  if (earlier) {
    return { ...current, action: "set-latest", to_version: earlier.version, diff, hash, repair_body: body };
  }
  return { ...current, action: "update", to_version: input.nextVersion?.get(id) ?? null, diff, hash, body };
}

/**
 * The newest earlier version whose content equals the file. Versions are
 * compared in full, not by their hash key alone: metadata is merged on every
 * PATCH, so a hand edit in Studio keeps the previous version's hash key.
 */
function earlierIdenticalVersion(
  versions: readonly LiveVersion[],
  content: AssistantContent,
  currentVersion: number,
): LiveVersion | null {
  let best: LiveVersion | null = null;
  for (const version of versions) {
    if (version.version === currentVersion) continue;
    if (!contentEquals(contentOfLive(version), content)) continue;
    if (!best || version.version > best.version) best = version;
  }
  return best;
}

function planDelete(row: LiveAssistant, prune: boolean): DeleteChange {
  return {
    action: "delete",
    name: row.name,
    graph: row.graph_id,
    assistant_id: row.assistant_id,
    file: null,
    from_version: row.version,
    to_version: null,
    from_updated_at: row.updated_at,
    diff: [],
    prune,
  };
}

/** The tool's keys: ownership, content hash, and provenance. */
function toolMetadata(desired: DesiredAssistant, hash: string, owner: string, provenance: Provenance | undefined): JsonObject {
  const stamp: JsonObject = { [META.owner]: owner, [META.hash]: hash, [META.file]: desired.source.file };
  if (provenance?.commit) stamp[META.commit] = provenance.commit;
  if (provenance?.run_url) stamp[META.runUrl] = provenance.run_url;
  if (provenance?.pr) stamp[META.pr] = provenance.pr;
  return stamp;
}

function createBody(
  id: string,
  desired: DesiredAssistant,
  content: AssistantContent,
  hash: string,
  owner: string,
  provenance: Provenance | undefined,
): CreateBody {
  const body: CreateBody = {
    assistant_id: id,
    graph_id: content.graph_id,
    name: content.name,
    config: content.config,
    context: content.context,
    metadata: { ...content.metadata, ...toolMetadata(desired, hash, owner, provenance) },
    if_exists: "do_nothing",
  };
  // The server rejects `description: null`; an absent one is "no description".
  if (content.description !== null) body.description = content.description;
  return body;
}

function updateBody(
  desired: DesiredAssistant,
  content: AssistantContent,
  hash: string,
  row: LiveAssistant,
  owner: string,
  provenance: Provenance | undefined,
): UpdateBody {
  const metadata: JsonObject = {};
  // Metadata is merged by the server: a key removed from the file must be sent
  // as null, and so must stale provenance that this run does not know.
  for (const [key, value] of Object.entries(row.metadata)) {
    if (value !== null && key !== "created_by") metadata[key] = null;
  }
  Object.assign(metadata, content.metadata, toolMetadata(desired, hash, owner, provenance));
  return {
    graph_id: content.graph_id,
    name: content.name,
    description: content.description ?? "",
    config: content.config,
    context: content.context,
    metadata,
  };
}

export function summarise(changes: readonly Change[]): PlanSummary {
  const summary: PlanSummary = { create: 0, update: 0, set_latest: 0, delete: 0, noop: 0, unpruned: 0 };
  for (const change of changes) {
    switch (change.action) {
      case "create":
        summary.create++;
        break;
      case "update":
        summary.update++;
        break;
      case "set-latest":
        summary.set_latest++;
        break;
      case "delete":
        if (change.prune) summary.delete++;
        else summary.unpruned++;
        break;
      case "noop":
        summary.noop++;
        break;
    }
  }
  return summary;
}

/** Changes that this run would execute (reported-only deletes excluded). */
export function pendingChanges(plan: Plan): Change[] {
  return plan.changes.filter((c) => c.action !== "noop" && !(c.action === "delete" && !c.prune));
}
