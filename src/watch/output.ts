// What watch mode prints, made to stay readable over hours in a terminal:
// the full plan once, then one time-stamped line per change, per error, or a
// dim "in sync" for a save that changed nothing. With `--output json`: one
// JSON document per line per cycle (NDJSON) on stdout, the lines for people
// on stderr.
import { RemoteError, SpecError, formatIssue, isKnownError, type SpecIssue } from "../errors.js";
import type { ChangeResult, Plan } from "../model.js";
import { buildJsonReport, JSON_FORMAT_VERSION } from "../render/json.js";
import type { Style } from "../render/style.js";
import { formatMs, renderApplySummary, renderPlanText, renderResultLine } from "../render/text.js";
import type { ReconcileResult } from "../reconcile.js";
import type { OutputStream } from "../cli/io.js";
import type { Batch } from "./scheduler.js";

export interface WatchReporterOptions {
  /** Lines for people (stdout in text mode). */
  out: OutputStream;
  outStyle: Style;
  /** Errors, and everything for people in JSON mode. */
  err: OutputStream;
  errStyle: Style;
  json: boolean;
  verbose: boolean;
  debug: boolean;
  /** The deployment, as shown in the plan. */
  url: string;
  /** Injectable for tests. */
  clock?: () => Date;
}

/** "12:03:04", local time. */
export function clockTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** An unreachable server is worth its own words: it says nothing about the files. */
export function isUnreachable(error: unknown): error is RemoteError {
  return error instanceof RemoteError && error.details.status === null;
}

/** One line for a finished change: "✓ updated blog-writer v5 (84 ms)". */
export function watchResultLine(result: ChangeResult, elapsedMs: number, style: Style): string {
  // The same words as a one-shot reconcile, timed from the start of the cycle.
  return renderResultLine({ ...result, elapsed_ms: elapsedMs }, style).trimStart();
}

/** Prints the cycles of one watch session. */
export class WatchReporter {
  /** The full plan is printed for the first cycle that gets that far; then one line per change. */
  private fullPlanShown = false;
  private cycleIsFull = false;
  private linesThisCycle = 0;
  /** Assistants whose file is gone, kept without --prune: said once, not on every cycle. */
  private unpruned = new Set<string>();
  private unprunedThisCycle = new Set<string>();
  private warningsShown = "";
  private readonly clock: () => Date;

  constructor(private readonly options: WatchReporterOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  /** The people-facing stream and its style. */
  private get human(): { stream: OutputStream; style: Style } {
    return this.options.json ? { stream: this.options.err, style: this.options.errStyle } : { stream: this.options.out, style: this.options.outStyle };
  }

  private stamp(style: Style): string {
    return style.dim(clockTime(this.clock()));
  }

  /** A time-stamped line for people: an outcome of this cycle unless `aside`. */
  line(text: string, where: { toErr?: boolean; aside?: boolean } = {}): void {
    const { stream, style } = where.toErr ? { stream: this.options.err, style: this.options.errStyle } : this.human;
    stream.write(`${this.stamp(style)} ${text}\n`);
    if (!where.aside) this.linesThisCycle++;
  }

  note(text: string): void {
    const { stream, style } = this.human;
    stream.write(style.dim(text) + "\n");
  }

  cycleStart(batch: Batch): void {
    this.cycleIsFull = false;
    this.linesThisCycle = 0;
    this.unprunedThisCycle = new Set();
    if (this.options.verbose && batch.reasons.length > 0) {
      const { style } = this.human;
      const shown = batch.reasons.slice(0, 5).join(", ") + (batch.reasons.length > 5 ? `, +${batch.reasons.length - 5} more` : "");
      this.line(style.dim(`changed: ${shown}`), { aside: true });
    }
  }

  /** Graph-schema warnings (a graph without committed schema): printed when they change, not on every save. */
  warnings(issues: readonly SpecIssue[]): void {
    const text = issues.map(formatIssue).join("\n");
    if (text === this.warningsShown) return;
    this.warningsShown = text;
    const style = this.options.errStyle;
    for (const issue of issues) this.options.err.write(style.yellow(formatIssue(issue)) + "\n");
  }

  plan(plan: Plan): void {
    if (this.fullPlanShown) return;
    this.fullPlanShown = true;
    this.cycleIsFull = true;
    if (!this.options.json) {
      const { out, outStyle } = this.options;
      out.write(renderPlanText(plan, this.options.url, { style: outStyle, verbose: this.options.verbose }));
    }
  }

  result(result: ChangeResult, elapsedMs: number): void {
    const { change, outcome } = result;
    if (change.action === "delete" && !change.prune) {
      // Reported in the plan (first cycle) or once when the file goes.
      this.unprunedThisCycle.add(change.name);
      if (this.cycleIsFull || this.unpruned.has(change.name)) return;
      const { style } = this.human;
      this.line(`${style.dim("·")} ${change.name}: its file is gone; kept (run with --prune to delete it)`);
      return;
    }
    if (outcome.status === "skipped") return;
    const { style, stream } = this.human;
    if (this.cycleIsFull) {
      // The first cycle reads like a one-shot reconcile.
      stream.write(`${renderResultLine({ ...result, elapsed_ms: elapsedMs }, style)}\n`);
      return;
    }
    this.line(watchResultLine(result, elapsedMs, style));
  }

  cycleEnd(batch: Batch, result: ReconcileResult, elapsedMs: number): void {
    this.unpruned = this.unprunedThisCycle;
    if (this.options.json) {
      const report = buildJsonReport(result.plan, this.options.url, result.applied);
      this.options.out.write(JSON.stringify({ ...report, watch: this.watchFields(batch, elapsedMs) }) + "\n");
    }
    const { style } = this.human;
    if (this.cycleIsFull) {
      if (!this.options.json && result.applied) this.options.out.write(renderApplySummary(result.applied, elapsedMs, style) + "\n");
      return;
    }
    const failed = result.applied?.results.some((r) => r.outcome.status === "failed") ?? false;
    if (failed) this.line(style.yellow("not everything was applied; will retry on the next change"));
    else if (this.linesThisCycle === 0) this.line(style.dim(`in sync (${formatMs(elapsedMs)})`));
  }

  /** Nothing was applied: bad input, an unreachable server, or a bug. */
  failure(batch: Batch, error: unknown, elapsedMs: number): void {
    const style = this.options.errStyle;
    const red = (text: string) => style.red(text);
    if (error instanceof SpecError) {
      const errors = error.issues.filter((i) => i.severity === "error");
      this.line(red(`✗ ${errors.length} error${errors.length === 1 ? "" : "s"} in the input files; nothing applied (the deployment keeps its last good state):`), { toErr: true });
      for (const issue of error.issues) {
        const text = `    ${formatIssue(issue)}`;
        this.options.err.write((issue.severity === "error" ? red(text) : style.yellow(text)) + "\n");
      }
    } else if (isUnreachable(error)) {
      this.line(red(`✗ server unreachable (${error.message}); will retry on the next change`), { toErr: true });
    } else if (isKnownError(error)) {
      this.line(red(`✗ error: ${error.message}; will retry on the next change`), { toErr: true });
    } else {
      const message = error instanceof Error ? error.message : String(error);
      this.line(red(`✗ internal error: ${message} (a bug in assistantctl; --debug shows the stack); will retry on the next change`), { toErr: true });
    }
    if (this.options.debug && error instanceof Error && error.stack) this.options.err.write(error.stack + "\n");

    if (this.options.json) {
      const doc: Record<string, unknown> = { format_version: JSON_FORMAT_VERSION };
      if (error instanceof SpecError) {
        doc["errors"] = error.issues.map((i) => ({ ...i.location, severity: i.severity, message: i.message }));
      } else {
        doc["error"] = { message: error instanceof Error ? error.message : String(error), unreachable: isUnreachable(error) };
      }
      doc["watch"] = this.watchFields(batch, elapsedMs);
      this.options.out.write(JSON.stringify(doc) + "\n");
    }
  }

  private watchFields(batch: Batch, elapsedMs: number): Record<string, unknown> {
    return { cycle: batch.index, time: this.clock().toISOString(), elapsed_ms: Math.round(elapsedMs), changed: batch.reasons };
  }
}
