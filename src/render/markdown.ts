// The plan as a pull-request comment (`--output markdown`): a summary table,
// then one collapsible section per changed assistant, prompts as fenced
// `diff` blocks. PURE: returns a string.
import type { ApplyResult, Change, ChangeOutcome, FieldDiff, Json, Plan } from "../model.js";
import { inline } from "./text.js";

export interface MarkdownOptions {
  /** Where the plan is for: the deployment URL, or "environment (URL)". */
  target: string;
  /** After an apply: each change's outcome. Null or absent for a plan. */
  applied?: ApplyResult | null;
  /** Diff lines shown per assistant before the rest is cut (default 200). */
  maxDiffLines?: number;
  /**
   * Characters of the whole comment before later sections lose their diffs
   * (default 60,000: GitHub refuses comments over 65,536).
   */
  maxChars?: number;
}

/** The first line of every plan comment: sticky-comment actions and people can find it. */
export const MARKDOWN_MARKER = "<!-- assistantctl plan -->";

const DEFAULT_MAX_DIFF_LINES = 200;
const DEFAULT_MAX_CHARS = 60_000;

const HEADING: Record<Change["action"], string> = {
  create: "➕ create",
  update: "✏️ update",
  "set-latest": "⏪ set-latest",
  delete: "🗑️ delete",
  noop: "noop",
};

export function renderPlanMarkdown(plan: Plan, options: MarkdownOptions): string {
  const applied = options.applied ?? null;
  const outcomes = new Map<Change, ChangeOutcome>();
  for (const result of applied?.results ?? []) outcomes.set(result.change, result.outcome);
  const maxDiffLines = Math.max(1, options.maxDiffLines ?? DEFAULT_MAX_DIFF_LINES);
  const maxChars = options.maxChars ?? DEFAULT_MAX_CHARS;

  const out: string[] = [MARKDOWN_MARKER];
  out.push(`### ${applied ? "assistantctl applied" : "assistantctl plan"} for ${code(options.target)} (owner ${code(plan.owner)})`, "");
  const { summary } = plan;
  out.push("| create | update | set-latest | delete | noop |", "| ---: | ---: | ---: | ---: | ---: |");
  out.push(`| ${summary.create} | ${summary.update} | ${summary.set_latest} | ${summary.delete} | ${summary.noop} |`, "");
  if (summary.unpruned > 0) {
    const s = summary.unpruned === 1 ? "" : "s";
    out.push(`${summary.unpruned} assistant${s} without a file any more: kept (deleted only with ${code("--prune")}).`, "");
  }
  if (applied) {
    const count = (status: string) => applied.results.filter((r) => r.outcome.status === status).length;
    const failed = count("failed");
    out.push(`**Applied ${count("applied")}${failed ? `, failed ${failed}` : ""}.**`, "");
  }

  const shown = plan.changes.filter((change) => change.action !== "noop");
  if (shown.length === 0) out.push("Every assistant is in sync with its file: nothing to do.", "");

  let used = out.join("\n").length;
  let omitted = 0;
  for (const change of shown) {
    const full = section(change, outcomes.get(change), maxDiffLines, true);
    if (used + full.length <= maxChars) {
      out.push(full);
      used += full.length + 1;
      continue;
    }
    // Too long for one comment: later assistants keep their headline only.
    const short = section(change, outcomes.get(change), maxDiffLines, false);
    out.push(short);
    used += short.length + 1;
    omitted++;
  }
  if (omitted > 0) {
    out.push(`_The comment is too long: the diffs of ${omitted} assistant${omitted === 1 ? "" : "s"} are left out; run ${code("assistantctl plan")} for the whole plan._`, "");
  }
  return out.join("\n").replace(/\n+$/, "") + "\n";
}

function section(change: Change, outcome: ChangeOutcome | undefined, maxDiffLines: number, withDiff: boolean): string {
  const lines: string[] = [];
  // The summary line is HTML: Markdown is not rendered inside it.
  const summary = [`<b>${HEADING[change.action]}</b> <code>${escapeHtml(change.name)}</code>`, escapeHtml(becomes(change))];
  if (change.file) summary.push(`<code>${escapeHtml(change.file)}</code>`);
  if (outcome) summary.push(outcomeText(outcome));
  lines.push("<details>", `<summary>${summary.join(" · ")}</summary>`, "");

  const notes: string[] = [`Graph ${code(change.graph)}, assistant ${code(change.assistant_id)}.`];
  if (change.action === "update" && change.reason === "adopt") notes.push("Adopts a hand-made assistant (marks it as managed).");
  if (change.action === "set-latest") {
    notes.push(`The file's content is version ${change.to_version}: the latest pointer moves back to it instead of making a duplicate.`);
  }
  if (change.action === "delete") {
    notes.push(change.prune ? "Its file is gone: it is deleted with all its versions (after a backup)." : `Its file is gone: kept, deleted only with ${code("--prune")}.`);
  }
  lines.push(notes.join(" "), "");
  if (outcome?.status === "failed") lines.push(`> **Failed:** ${escapeText(outcome.error)}`, "");

  if (withDiff && change.diff.length > 0) lines.push(...diffBlocks(change.diff, maxDiffLines));
  else if (change.diff.length > 0) lines.push(`_${change.diff.length} changed field${change.diff.length === 1 ? "" : "s"}; diff left out._`, "");
  lines.push("</details>", "");
  return lines.join("\n");
}

/** "v7", "back to v4", "v1 (new)", "a new version". */
export function becomes(change: Change): string {
  const from = change.from_version === null ? "" : `v${change.from_version} → `;
  switch (change.action) {
    case "create":
      return change.to_version === null ? "new assistant" : `v${change.to_version} (new assistant)`;
    case "update":
      return `${from}${change.to_version === null ? "a new version" : `v${change.to_version}`}`;
    case "set-latest":
      return `${from}back to v${change.to_version}`;
    case "delete":
      return change.from_version === null ? "deleted" : `v${change.from_version}, deleted`;
    case "noop":
      return from ? `v${change.from_version}` : "";
  }
}

function outcomeText(outcome: ChangeOutcome): string {
  switch (outcome.status) {
    case "applied":
      return `✅ applied${outcome.version === null ? "" : ` (v${outcome.version})`}${outcome.repaired ? ", repaired" : ""}`;
    case "skipped":
      return "⏭️ skipped";
    case "failed":
      return "❌ failed";
  }
}

/**
 * Prompts (multi-line strings) as one `diff` block each, under their path;
 * every other field in one more block, as "- path: before" / "+ path: after".
 * At most `maxLines` diff lines in all; the rest is cut with a note.
 */
function diffBlocks(diffs: readonly FieldDiff[], maxLines: number): string[] {
  const out: string[] = [];
  let budget = maxLines;
  let cut = 0;
  const take = (lines: string[]): string[] => {
    const kept = lines.slice(0, Math.max(0, budget));
    cut += lines.length - kept.length;
    budget -= kept.length;
    return kept;
  };

  for (const diff of diffs.filter((d) => d.lines)) {
    const kept = take(diff.lines as string[]);
    if (kept.length === 0) continue;
    out.push(`**${code(diff.path)}** (${diff.kind})`, "", ...fenced("diff", kept), "");
  }
  const fields = diffs.filter((d) => !d.lines).flatMap(fieldLines);
  const kept = take(fields);
  if (kept.length > 0) out.push(...fenced("diff", kept), "");
  if (cut > 0) {
    out.push(`_… ${cut} more diff line${cut === 1 ? "" : "s"} not shown; run ${code("assistantctl plan")} for the full diff._`, "");
  }
  return out;
}

function fieldLines(diff: FieldDiff): string[] {
  switch (diff.kind) {
    case "added":
      return [`+ ${diff.path}: ${inlineValue(diff.after)}`];
    case "removed":
      return [`- ${diff.path}: ${inlineValue(diff.before)}`];
    case "changed":
      return [`- ${diff.path}: ${inlineValue(diff.before)}`, `+ ${diff.path}: ${inlineValue(diff.after)}`];
  }
}

/** Longest value shown on one line of a field diff. */
const INLINE_LIMIT = 200;

function inlineValue(value: Json | undefined): string {
  return inline(value, INLINE_LIMIT, "…");
}

/** A fenced block whose fence is longer than any run of backticks inside it. */
function fenced(language: string, lines: readonly string[]): string[] {
  const longest = Math.max(0, ...lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [fence + language, ...lines, fence];
}

/** An inline code span that survives backticks in its text. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${ticks}${pad}${text}${pad}${ticks}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Plain text in a Markdown paragraph: no HTML, no accidental formatting. */
function escapeText(text: string): string {
  return text.replace(/[\\`*_{}[\]<>#|]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");
}
