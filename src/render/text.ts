// The plan and the apply result for people. PURE: returns strings.
import type { ApplyResult, Change, ChangeResult, FieldDiff, Json, Plan, PlanSummary } from "../model.js";
import type { Style } from "./style.js";

export interface TextOptions {
  style: Style;
  /** List unchanged assistants one by one too (otherwise only counted). */
  verbose?: boolean;
}

const SYMBOL: Record<Change["action"], string> = {
  create: "+",
  update: "~",
  "set-latest": "<",
  delete: "-",
  noop: "=",
};

/** Longest value shown inline before it is cut; prompts get a line diff instead. */
const INLINE_LIMIT = 120;

export function renderPlanText(plan: Plan, target: string, options: TextOptions): string {
  const { style } = options;
  const out: string[] = [];
  out.push(style.bold(`Plan for ${target} (owner "${plan.owner}")`));
  const shown = plan.changes.filter((c) => c.action !== "noop" || options.verbose);
  if (shown.length === 0) out.push("", "  Every assistant is in sync with its file.");
  for (const change of shown) {
    out.push("", headline(change, style));
    for (const diff of change.diff) out.push(...renderFieldDiff(diff, style));
  }
  out.push("", planSummaryLine(plan.summary, style));
  return out.join("\n") + "\n";
}

function colorFor(action: Change["action"], style: Style): (text: string) => string {
  switch (action) {
    case "create":
      return style.green;
    case "delete":
      return style.red;
    case "update":
    case "set-latest":
      return style.yellow;
    case "noop":
      return style.dim;
  }
}

function headline(change: Change, style: Style): string {
  const paint = colorFor(change.action, style);
  const label = `${SYMBOL[change.action]} ${change.action.padEnd(10)} ${change.name}`;
  const details = [`graph ${change.graph}`];
  if (change.file) details.push(change.file);
  details.push(versionStep(change));
  if (change.action === "update" && change.reason === "adopt") details.push("adopts a hand-made assistant");
  if (change.action === "delete" && !change.prune) details.push("file gone; deleted only with --prune");
  return `  ${paint(label)} ${style.dim(`(${details.join(", ")})`)}`;
}

/** "v3 -> v4", "new -> v1", "v5 -> back to v3". */
export function versionStep(change: Change): string {
  const from = change.from_version === null ? "new" : `v${change.from_version}`;
  switch (change.action) {
    case "create":
    case "update":
      return `${from} -> ${change.to_version === null ? "new version" : `v${change.to_version}`}`;
    case "set-latest":
      return `${from} -> back to v${change.to_version}`;
    case "delete":
      return `${from}, all versions`;
    case "noop":
      return from;
  }
}

export function renderFieldDiff(diff: FieldDiff, style: Style): string[] {
  const indent = "      ";
  if (diff.lines) {
    const head = `${indent}${diff.kind === "added" ? "+" : diff.kind === "removed" ? "-" : "~"} ${diff.path}:`;
    return [head, ...diff.lines.map((line) => `${indent}    ${paintLine(line, style)}`)];
  }
  switch (diff.kind) {
    case "added":
      return [style.green(`${indent}+ ${diff.path}: ${inline(diff.after)}`)];
    case "removed":
      return [style.red(`${indent}- ${diff.path}: ${inline(diff.before)}`)];
    case "changed":
      return [style.yellow(`${indent}~ ${diff.path}: ${inline(diff.before)} -> ${inline(diff.after)}`)];
  }
}

function paintLine(line: string, style: Style): string {
  if (line.startsWith("@@")) return style.cyan(line);
  if (line.startsWith("+")) return style.green(line);
  if (line.startsWith("-")) return style.red(line);
  return line;
}

/** A value as JSON on one line, cut to `limit` characters (ending in `ellipsis`). */
export function inline(value: Json | undefined, limit = INLINE_LIMIT, ellipsis = "..."): string {
  const text = JSON.stringify(value ?? null);
  return text.length > limit ? `${text.slice(0, limit - ellipsis.length)}${ellipsis}` : text;
}

export function planSummaryLine(summary: PlanSummary, style: Style): string {
  const parts = [
    `${summary.create} to create`,
    `${summary.update} to update`,
    `${summary.set_latest} to set latest`,
    `${summary.delete} to delete`,
    `${summary.noop} unchanged`,
  ];
  if (summary.unpruned > 0) parts.push(`${summary.unpruned} without a file (kept: no --prune)`);
  return style.bold(`Plan: ${parts.join(", ")}.`);
}

/** One line per executed change, written as the apply progresses. */
export function renderResultLine(result: ChangeResult, style: Style): string {
  const { change, outcome } = result;
  const took = style.dim(`(${formatMs(result.elapsed_ms)})`);
  switch (outcome.status) {
    case "applied": {
      const verb = PAST[change.action];
      const version = outcome.version === null ? "" : ` v${outcome.version}`;
      const repair = outcome.repaired ? style.yellow(" (server restored it partially: repaired with one PATCH)") : "";
      const backup = outcome.backup ? style.dim(` backup: ${outcome.backup}`) : "";
      return `  ${style.green("✓")} ${verb} ${change.name}${version}${repair}${backup} ${took}`;
    }
    case "skipped":
      return `  ${style.dim("·")} skipped ${change.name}: ${outcome.reason}`;
    case "failed":
      return `  ${style.red("✗")} ${change.action} ${change.name} failed: ${outcome.error} ${took}`;
  }
}

const PAST: Record<Change["action"], string> = {
  create: "created",
  update: "updated",
  "set-latest": "set latest of",
  delete: "deleted",
  noop: "kept",
};

export function renderApplySummary(result: ApplyResult, elapsedMs: number, style: Style): string {
  const count = (status: string) => result.results.filter((r) => r.outcome.status === status).length;
  if (result.results.length === 0) return style.bold(`Nothing to apply: every assistant is in sync (${formatMs(elapsedMs)}).`);
  const applied = count("applied");
  const failed = count("failed");
  const line = `Applied ${applied} change${applied === 1 ? "" : "s"}${failed ? `, ${failed} failed` : ""} in ${formatMs(elapsedMs)}.`;
  return failed ? style.red(style.bold(line)) : style.bold(line);
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
