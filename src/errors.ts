// A few named errors. Anything else that reaches the top level is a bug in
// assistantctl and is reported as such (with its stack under --debug).
import type { SourceLocation } from "./model.js";

/** Exit codes, everywhere: see the README. */
export const EXIT = {
  ok: 0,
  failure: 1,
  changesPending: 2,
} as const;

/** A mistake the user can fix: bad flags, missing URL, refused plan. */
export class UserError extends Error {
  override name = "UserError";
  readonly exitCode = EXIT.failure;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** One problem in an input file, with the place it points at. */
export interface SpecIssue {
  location: SourceLocation;
  message: string;
  /** "error" stops everything; "warning" is printed and the run goes on. */
  severity: "error" | "warning";
}

export function formatIssue(issue: SpecIssue): string {
  const { file, line, col } = issue.location;
  const prefix = issue.severity === "warning" ? "warning: " : "";
  return `${file}:${line}:${col} ${prefix}${issue.message}`;
}

/** Every problem found in the input files; raised before anything is written. */
export class SpecError extends Error {
  override name = "SpecError";
  readonly exitCode = EXIT.failure;
  constructor(readonly issues: SpecIssue[]) {
    super(issues.filter((i) => i.severity === "error").map(formatIssue).join("\n"));
  }
}

/** The deployment answered with an error, or could not be reached. */
export class RemoteError extends Error {
  override name = "RemoteError";
  readonly exitCode = EXIT.failure;
  constructor(
    message: string,
    readonly details: {
      method: string;
      path: string;
      /** HTTP status, or null when no response arrived. */
      status: number | null;
      /** The request reached the server and may have taken effect. */
      mayHaveLanded: boolean;
    },
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isKnownError(error: unknown): error is UserError | SpecError | RemoteError {
  return error instanceof UserError || error instanceof SpecError || error instanceof RemoteError;
}
