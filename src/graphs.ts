// Which graphs a deployment serves, and the error for a file whose graph it
// does not. The server stores an assistant for any graph_id without checking,
// so the tool checks: reconcile before writing, schemas pull before fetching.
import type { SpecIssue } from "./errors.js";
import type { DesiredAssistant } from "./model.js";
import { locate } from "./spec/index.js";

/** One issue at the `graph:` of each assistant whose graph is not in `graphs`. */
export function unknownGraphIssues(assistants: readonly DesiredAssistant[], graphs: ReadonlySet<string>, consequence = ""): SpecIssue[] {
  const known = [...graphs].sort().join(", ") || "none";
  return assistants
    .filter((assistant) => !graphs.has(assistant.graph))
    .map((assistant) => ({
      location: locate(assistant.source, ["graph"]),
      message: `graph "${assistant.graph}" does not exist on the deployment (its graphs: ${known})${consequence}`,
      severity: "error" as const,
    }));
}
