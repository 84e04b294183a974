// One assistant file -> a DesiredAssistant, without a filesystem: the text
// and an include reader go in, an assistant or issues come out, never an
// exception. Checks that need several files (duplicate names) are load.ts's.
import type { SpecIssue } from "../errors.js";
import type { DesiredAssistant, JsonObject } from "../model.js";
import { sortByPosition, validateTree } from "./issues.js";
import { assistantFileSchema, type AssistantFile } from "./schema.js";
import { type IncludeReader, type JsonTree, yamlToJson } from "./walk.js";
import { issueAt, type ParsedYaml, parseYaml } from "./yaml.js";

export interface AssistantParseResult {
  /** Present only when the file has no issue at all. */
  assistant?: DesiredAssistant;
  issues: SpecIssue[];
}

/**
 * Parses the text of one assistant file. `file` is its path relative to the
 * repository root (forward slashes): it names the file in issues and anchors
 * `!file` paths. `readInclude` receives repository-relative paths that are
 * already known not to climb out of the repository.
 */
export function parseAssistantDocument(text: string, file: string, readInclude: IncludeReader): AssistantParseResult {
  let parsed: ParsedYaml;
  try {
    parsed = parseYaml(text, file);
  } catch (error) {
    return { issues: [internalError(file, error)] };
  }
  return assistantFromYaml(parsed, readInclude);
}

/** The second half of parseAssistantDocument, for callers that parsed already. */
export function assistantFromYaml(parsed: ParsedYaml, readInclude: IncludeReader): AssistantParseResult {
  try {
    if (parsed.empty) {
      return { issues: [issueAt(parsed.file, parsed.lineCounter, 0, "the file is empty: an assistant needs at least `name` and `graph`")] };
    }
    if (!parsed.document) return { issues: sortByPosition(parsed.issues) };
    const tree = yamlToJson(parsed.document, { file: parsed.file, lineCounter: parsed.lineCounter, readInclude });
    const { data, issues } = validateTree(assistantFileSchema, tree, parsed.file);
    // A second document's issue belongs with the first document's findings.
    const allIssues = sortByPosition([...parsed.issues, ...issues]);
    if (!data || allIssues.length > 0) return { issues: allIssues };
    return { assistant: toDesired(data, tree, parsed.file), issues: [] };
  } catch (error) {
    return { issues: [internalError(parsed.file, error)] };
  }
}

/** A bug of ours must not hide the other files' issues behind a stack trace. */
export function internalError(file: string, error: unknown): SpecIssue {
  const message = error instanceof Error ? error.message : String(error);
  return { location: { file, line: 1, col: 1 }, message: `internal error while reading this file: ${message}`, severity: "error" };
}

/** Applies the normalisation DesiredAssistant promises: absent means null or {}. */
function toDesired(data: AssistantFile, tree: JsonTree, file: string): DesiredAssistant {
  return {
    name: data.name,
    graph: data.graph,
    description: data.description ?? null,
    context: data.context ?? null,
    // Validated JSON: the strict object holds only JSON values it was given.
    config: (data.config as JsonObject | undefined) ?? null,
    metadata: data.metadata ?? {},
    id: data.id?.toLowerCase() ?? null,
    source: { file, positions: tree.positions, includes: tree.includes },
  };
}
