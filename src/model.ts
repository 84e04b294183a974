// The domain types shared by every stage of the pipeline:
//   spec (files) -> Desired, remote (server) -> Live, plan -> Plan, apply -> ApplyResult.
// Types only: no behaviour lives here, so any module may import it.

export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

/** A place in a file, 1-based, as editors and GitHub annotations count. */
export interface SourceLocation {
  /** Path relative to the repository root, with forward slashes. */
  file: string;
  line: number;
  col: number;
}

/**
 * An assistant as its YAML file declares it, with `!file` references resolved.
 * Absent optional fields are normalised here once (description -> null,
 * context/config -> null, metadata -> {}), so later stages never guess.
 */
export interface DesiredAssistant {
  name: string;
  graph: string;
  description: string | null;
  context: JsonObject | null;
  config: JsonObject | null;
  /** User metadata only: keys in the tool's namespace are rejected by the loader. */
  metadata: JsonObject;
  /** An explicit `id:` adopts an existing assistant instead of the derived one. */
  id: string | null;
  source: AssistantSource;
}

export interface AssistantSource {
  /** The YAML file, relative to the repository root. */
  file: string;
  /**
   * Location of every YAML node, keyed by its dotted path inside the document
   * ("" is the document itself, "context.system_prompt", "config.tags.0").
   */
  positions: Record<string, { line: number; col: number }>;
  /** Files pulled in with `!file`, relative to the repository root. */
  includes: string[];
}

/** An assistant row as the deployment reports it, validated at the border. */
export interface LiveAssistant {
  assistant_id: string;
  graph_id: string;
  name: string;
  description: string | null;
  config: JsonObject;
  context: JsonObject;
  metadata: JsonObject;
  version: number;
  created_at: string;
  updated_at: string;
}

/** One saved version of an assistant (`POST /assistants/{id}/versions`). */
export interface LiveVersion {
  assistant_id: string;
  version: number;
  graph_id: string;
  name: string;
  description: string | null;
  config: JsonObject;
  context: JsonObject;
  metadata: JsonObject;
  created_at: string;
}

/**
 * The part of an assistant that the tool manages and compares: what a file
 * declares, normalised so that a file and a live row can be compared with
 * plain deep equality. `metadata` holds user keys only, without null values
 * (the server can never remove a metadata key, only set it to null).
 */
export interface AssistantContent {
  graph_id: string;
  name: string;
  description: string | null;
  context: JsonObject;
  config: JsonObject;
  metadata: JsonObject;
}

/** The body of `POST /assistants` (create). */
export interface CreateBody {
  assistant_id: string;
  graph_id: string;
  name: string;
  description?: string;
  config: JsonObject;
  context: JsonObject;
  metadata: JsonObject;
  if_exists: "do_nothing";
}

/** The body of `PATCH /assistants/{id}`: always the full desired content. */
export interface UpdateBody {
  graph_id: string;
  name: string;
  description: string;
  config: JsonObject;
  context: JsonObject;
  metadata: JsonObject;
}

/** One field that differs between live and desired. */
export interface FieldDiff {
  /** Dotted path: "context.system_prompt", "description", "metadata.team". */
  path: string;
  kind: "added" | "removed" | "changed";
  /** Absent when kind is "added". */
  before?: Json;
  /** Absent when kind is "removed". */
  after?: Json;
  /**
   * For multi-line strings (prompts): a unified line diff, each line starting
   * with "+", "-" or " ", hunks separated by "@@ ... @@" headers.
   */
  lines?: string[];
}

export type ChangeAction = "create" | "update" | "set-latest" | "delete" | "noop";

interface ChangeBase {
  action: ChangeAction;
  name: string;
  graph: string;
  assistant_id: string;
  /** The YAML file (null for a delete: the file is gone). */
  file: string | null;
  /** The live version the change was computed against; null for a create. */
  from_version: number | null;
  /**
   * create/update: the version the change creates (the server's next number,
   * or null when unknown before apply); set-latest: the version the pointer
   * moves to; delete/noop: null.
   */
  to_version: number | null;
  /** The live row's updated_at when planned; a saved plan refuses to apply if it moved. */
  from_updated_at: string | null;
  diff: FieldDiff[];
}

/** A new assistant. */
export interface CreateChange extends ChangeBase {
  action: "create";
  hash: string;
  body: CreateBody;
}

/** A full-content PATCH: the server creates a new version. */
export interface UpdateChange extends ChangeBase {
  action: "update";
  hash: string;
  body: UpdateBody;
  /** Why an update with no field diff is needed (adopting a hand-made assistant). */
  reason?: "adopt";
}

/**
 * The desired content already exists as an earlier version: move the latest
 * pointer back to it instead of creating a duplicate version.
 */
export interface SetLatestChange extends ChangeBase {
  action: "set-latest";
  hash: string;
  /**
   * Sent only when the server restored the version partially (the JS server
   * keeps the newer context, description and graph_id): one PATCH with the
   * version's full content so the row ends exactly as the file says.
   */
  repair_body: UpdateBody;
}

/** An owned assistant whose file is gone. */
export interface DeleteChange extends ChangeBase {
  action: "delete";
  /** False without --prune: reported, never executed. */
  prune: boolean;
}

/** In sync: nothing is sent. */
export interface NoopChange extends ChangeBase {
  action: "noop";
}

export type Change = CreateChange | UpdateChange | SetLatestChange | DeleteChange | NoopChange;

export interface PlanSummary {
  create: number;
  update: number;
  set_latest: number;
  delete: number;
  noop: number;
  /** Deletes reported but not executed because --prune was not given. */
  unpruned: number;
}

export interface Plan {
  owner: string;
  changes: Change[];
  summary: PlanSummary;
}

export type ChangeOutcome =
  | { status: "applied"; version: number | null; repaired: boolean; backup?: string }
  | { status: "skipped"; reason: string }
  | { status: "failed"; error: string };

export interface ChangeResult {
  change: Change;
  outcome: ChangeOutcome;
  /** Wall time of this change's requests, in milliseconds. */
  elapsed_ms: number;
}

export interface ApplyResult {
  results: ChangeResult[];
  ok: boolean;
}
