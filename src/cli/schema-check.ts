// The graph-schema check that validate and reconcile make right after loading
// the files, offline, from the committed schemas/<graph>.json.
import { SpecError, type SpecIssue } from "../errors.js";
import type { DesiredAssistant } from "../model.js";
import { validateRepoAssistants } from "../schemas/index.js";
import { printIssues, type CliIo } from "./io.js";

/**
 * Each assistant against its graph's committed schemas. Errors stop the run
 * (SpecError: exit 1, nothing written); warnings (a graph with no committed
 * schema) are printed and the run goes on. Returns the warnings.
 */
export async function checkGraphSchemas(dir: string, assistants: readonly DesiredAssistant[], io: CliIo, json: boolean): Promise<SpecIssue[]> {
  const issues = await validateRepoAssistants(dir, assistants);
  if (issues.some((issue) => issue.severity === "error")) throw new SpecError(issues);
  if (issues.length > 0) printIssues(io, issues, json);
  return issues;
}
