// The machine-readable report (`--output json`). Its shape is a contract:
// add fields, never rename or remove them, and bump format_version if you must.
import type { ApplyResult, Change, ChangeOutcome, FieldDiff, Plan, PlanSummary } from "../model.js";

export const JSON_FORMAT_VERSION = 1;

export interface JsonChange {
  action: Change["action"];
  name: string;
  graph: string;
  assistant_id: string;
  file: string | null;
  from_version: number | null;
  to_version: number | null;
  /** Only on deletes: false when the delete is reported but not executed (no --prune). */
  prune?: boolean;
  /** Only on adopting updates. */
  reason?: string;
  diff: FieldDiff[];
  /** After an apply: what happened. */
  result?: ChangeOutcome;
}

export interface JsonReport {
  format_version: number;
  url: string;
  owner: string;
  dry_run: boolean;
  changes: JsonChange[];
  summary: PlanSummary & { applied?: number; failed?: number };
}

export function buildJsonReport(plan: Plan, url: string, applied: ApplyResult | null): JsonReport {
  const outcomes = new Map<Change, ChangeOutcome>();
  for (const result of applied?.results ?? []) outcomes.set(result.change, result.outcome);

  const changes = plan.changes.map((change): JsonChange => {
    const entry: JsonChange = {
      action: change.action,
      name: change.name,
      graph: change.graph,
      assistant_id: change.assistant_id,
      file: change.file,
      from_version: change.from_version,
      to_version: change.to_version,
      diff: change.diff,
    };
    if (change.action === "delete") entry.prune = change.prune;
    if (change.action === "update" && change.reason) entry.reason = change.reason;
    const outcome = outcomes.get(change);
    if (outcome) {
      entry.result = outcome;
      // After an apply, a create's or update's to_version is the version it
      // really produced; a set-latest's stays the version the pointer went to.
      if (outcome.status === "applied" && outcome.version !== null && (change.action === "create" || change.action === "update")) {
        entry.to_version = outcome.version;
      }
    }
    return entry;
  });

  const summary: JsonReport["summary"] = { ...plan.summary };
  if (applied) {
    summary.applied = applied.results.filter((r) => r.outcome.status === "applied").length;
    summary.failed = applied.results.filter((r) => r.outcome.status === "failed").length;
  }
  return { format_version: JSON_FORMAT_VERSION, url, owner: plan.owner, dry_run: applied === null, changes, summary };
}

export function renderJson(plan: Plan, url: string, applied: ApplyResult | null): string {
  return JSON.stringify(buildJsonReport(plan, url, applied), null, 2) + "\n";
}
