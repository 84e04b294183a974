// Field-level differences between two contents, in the words of the YAML file
// (graph, context.system_prompt, metadata.team), with prompts diffed as lines.
import { structuredPatch } from "diff";
import type { AssistantContent, FieldDiff, Json, JsonObject } from "../model.js";
import { canonicalJson } from "../json.js";

/** Lines of unchanged text kept around each change in a prompt diff. */
const CONTEXT_LINES = 3;

/**
 * The differences from `before` (null: nothing exists yet) to `after`, in a
 * fixed order: graph, name, description, context.*, config.*, metadata.*,
 * keys sorted inside each.
 */
export function diffContent(before: AssistantContent | null, after: AssistantContent | null): FieldDiff[] {
  const diffs: FieldDiff[] = [];
  diffValue(diffs, "graph", before?.graph_id, after?.graph_id);
  diffValue(diffs, "name", before?.name, after?.name);
  diffValue(diffs, "description", before?.description ?? undefined, after?.description ?? undefined);
  diffObject(diffs, "context", before?.context ?? {}, after?.context ?? {});
  diffObject(diffs, "config", before?.config ?? {}, after?.config ?? {});
  diffObject(diffs, "metadata", before?.metadata ?? {}, after?.metadata ?? {});
  return diffs;
}

function diffObject(diffs: FieldDiff[], path: string, before: JsonObject, after: JsonObject): void {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  for (const key of keys) {
    diffValue(diffs, `${path}.${key}`, before[key], after[key]);
  }
}

function isPlainObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function diffValue(diffs: FieldDiff[], path: string, before: Json | undefined, after: Json | undefined): void {
  if (before === undefined && after === undefined) return;
  if (before !== undefined && after !== undefined && canonicalJson(before) === canonicalJson(after)) return;
  // Descend into objects so that one changed key in a large context shows as
  // that key, and a prompt inside an added object still diffs as lines. An
  // empty object added or removed has no keys to show, so it stays whole.
  const descend = (v: Json | undefined) => v === undefined || (isPlainObject(v) && Object.keys(v).length > 0);
  if (descend(before) && descend(after) && (isPlainObject(before) || isPlainObject(after))) {
    diffObject(diffs, path, (before as JsonObject | undefined) ?? {}, (after as JsonObject | undefined) ?? {});
    return;
  }
  const entry: FieldDiff =
    before === undefined
      ? { path, kind: "added", after: after as Json }
      : after === undefined
        ? { path, kind: "removed", before }
        : { path, kind: "changed", before, after };
  const lines = lineDiff(before, after);
  if (lines) entry.lines = lines;
  diffs.push(entry);
}

/** Unified diff convention (as GNU diff and git print it): an empty range starts at the line before. */
function rangeStart(start: number, count: number): number {
  return count === 0 ? start - 1 : start;
}

/** A unified line diff when either side is a multi-line string (a prompt). */
export function lineDiff(before: Json | undefined, after: Json | undefined): string[] | undefined {
  const isText = (v: Json | undefined): v is string => typeof v === "string";
  const multiLine = (isText(before) && before.includes("\n")) || (isText(after) && after.includes("\n"));
  if (!multiLine) return undefined;
  const oldText = isText(before) ? before : "";
  const newText = isText(after) ? after : "";
  const patch = structuredPatch("", "", oldText, newText, undefined, undefined, { context: CONTEXT_LINES });
  const lines: string[] = [];
  for (const hunk of patch.hunks) {
    lines.push(`@@ -${rangeStart(hunk.oldStart, hunk.oldLines)},${hunk.oldLines} +${rangeStart(hunk.newStart, hunk.newLines)},${hunk.newLines} @@`);
    for (const line of hunk.lines) {
      // jsdiff marks a missing final newline with a "\ No newline" line; keep it: it is a real change.
      lines.push(line);
    }
  }
  return lines;
}
