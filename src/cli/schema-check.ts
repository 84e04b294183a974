// How validate and reconcile read the repository: loaded, checked against the
// committed graph schemas, warnings printed.
import { loadValidatedRepo, type ValidatedRepo } from "../validated-repo.js";
import { printIssues, type CliIo } from "./io.js";

/**
 * Errors stop the run (SpecError: exit 1, nothing written); warnings (a graph
 * with no committed schema) are printed and the run goes on.
 */
export async function loadCheckedRepo(dir: string, io: CliIo, machineOutput: boolean): Promise<ValidatedRepo> {
  const repo = await loadValidatedRepo(dir);
  if (repo.warnings.length > 0) printIssues(io, repo.warnings, machineOutput);
  return repo;
}
