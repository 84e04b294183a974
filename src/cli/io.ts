// The streams and environment a command runs with: the real process in the
// binary, captured buffers in tests.
import { SpecError, formatIssue, isKnownError, type SpecIssue } from "../errors.js";
import { styleFor, type Style } from "../render/style.js";

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

export function stdoutStyle(io: CliIo): Style {
  return styleFor(io.stdout, io.env);
}

export function stderrStyle(io: CliIo): Style {
  return styleFor(io.stderr, io.env);
}

/** Problems in files: one line each, file:line:col first, as compilers print them. */
export function printIssues(io: CliIo, issues: readonly SpecIssue[], machineOutput = false): void {
  const style = stderrStyle(io);
  for (const issue of issues) {
    const line = formatIssue(issue);
    io.stderr.write((issue.severity === "error" ? style.red(line) : style.yellow(line)) + "\n");
  }
  if (io.env["GITHUB_ACTIONS"] === "true") {
    // Workflow commands are read from either stream; keep stdout clean for JSON and Markdown.
    const stream = machineOutput ? io.stderr : io.stdout;
    for (const issue of issues) stream.write(githubAnnotation(issue) + "\n");
  }
}

/** An issue in `--output json`: `{file, line, col, severity, message}`. */
export function issueJson(issue: SpecIssue): { file: string; line: number; col: number; severity: string; message: string } {
  return { ...issue.location, severity: issue.severity, message: issue.message };
}

/** A GitHub Actions workflow command that marks the line in the PR's diff. */
export function githubAnnotation(issue: SpecIssue): string {
  const escapeData = (s: string) => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
  const escapeProperty = (s: string) => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
  const { file, line, col } = issue.location;
  const kind = issue.severity === "error" ? "error" : "warning";
  return `::${kind} file=${escapeProperty(file)},line=${line},col=${col}::${escapeData(issue.message)}`;
}

/**
 * Report an error in one line (a stack only with --debug) and return the exit
 * code. Unknown errors are bugs in assistantctl and say so.
 */
export function reportError(io: CliIo, error: unknown, debug: boolean, output: string): number {
  const style = stderrStyle(io);
  const json = output === "json";
  if (error instanceof SpecError) {
    // Annotations stay off stdout whenever stdout carries a document (JSON, Markdown).
    printIssues(io, error.issues, output !== "text");
    const errors = error.issues.filter((i) => i.severity === "error").length;
    io.stderr.write(style.red(`${errors} error${errors === 1 ? "" : "s"} in the input files; nothing was written.`) + "\n");
    if (json) {
      const report = {
        format_version: 1,
        errors: error.issues.map(issueJson),
      };
      io.stdout.write(JSON.stringify(report, null, 2) + "\n");
    }
  } else if (isKnownError(error)) {
    io.stderr.write(style.red(`error: ${error.message}`) + "\n");
  } else {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(style.red(`internal error: ${message}`) + "\n");
    if (!debug) io.stderr.write("This is a bug in assistantctl; run again with --debug for the stack trace.\n");
  }
  if (debug && error instanceof Error && error.stack) io.stderr.write(error.stack + "\n");
  return 1;
}
