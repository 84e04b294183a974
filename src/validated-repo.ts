// The repository as every command reads it: the files loaded (src/spec) and
// each assistant checked against its graph's committed schema (src/schemas).
// Errors throw before anything talks to a deployment; warnings are returned
// for the caller to show in its own way.
import { SpecError, type SpecIssue } from "./errors.js";
import type { DesiredAssistant } from "./model.js";
import { validateRepoAssistants } from "./schemas/index.js";
import { loadRepo, type RepoConfig } from "./spec/index.js";

export interface ValidatedRepo {
  config: RepoConfig;
  assistants: DesiredAssistant[];
  /** Graphs with no committed schema: their assistants were not checked. */
  warnings: SpecIssue[];
}

export async function loadValidatedRepo(dir: string): Promise<ValidatedRepo> {
  const repo = await loadRepo(dir);
  const issues = await validateRepoAssistants(dir, repo.assistants);
  if (issues.some((issue) => issue.severity === "error")) throw new SpecError(issues);
  return { ...repo, warnings: issues };
}
