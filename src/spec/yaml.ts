// Text -> one YAML document with node positions, or issues saying why not.
// Parsing is pure; turning the document into JSON is walk.ts's job.
import { type Document, LineCounter, parseAllDocuments, visit } from "yaml";
import type { SpecIssue } from "../errors.js";
import type { SourceLocation } from "../model.js";
import { resolveIncludePath } from "./include-path.js";

/** The tag that pulls a file's text in as a string. */
export const FILE_TAG = "!file";

export interface ParsedYaml {
  file: string;
  lineCounter: LineCounter;
  /** Absent when the file holds no document or the YAML is broken. */
  document?: Document.Parsed;
  /** True when the file holds nothing but whitespace and comments. */
  empty: boolean;
  issues: SpecIssue[];
}

/** Builds an error issue in `file` at a character offset of its text. */
export function issueAt(file: string, lineCounter: LineCounter, offset: number, message: string): SpecIssue {
  return { location: locationAt(file, lineCounter, offset), message, severity: "error" };
}

export function locationAt(file: string, lineCounter: LineCounter, offset: number): SourceLocation {
  const { line, col } = lineCounter.linePos(offset);
  return { file, line, col };
}

export function parseYaml(text: string, file: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, {
    lineCounter,
    // YAML 1.2 core schema: `yes`/`no`/`on` stay strings and dates stay
    // strings, whatever a %YAML directive in the file says.
    version: "1.2",
    schema: "core",
    // Duplicate keys are reported by walk.ts, which can name the first one.
    uniqueKeys: false,
    // Plain messages: the location is reported separately.
    prettyErrors: false,
    customTags: [{ tag: FILE_TAG, resolve: (source: string) => source }],
  });
  const parsed: ParsedYaml = { file, lineCounter, empty: false, issues: [] };
  // An empty stream is a plain object without a document array.
  if (!Array.isArray(documents) || documents.length === 0) {
    parsed.empty = true;
    return parsed;
  }
  const [document, second] = documents;
  if (second) {
    parsed.issues.push(
      issueAt(file, lineCounter, second.range[0], "a second YAML document starts here; a file holds exactly one (remove the \"---\")"),
    );
  }
  if (!document) return parsed;
  for (const error of document.errors) {
    parsed.issues.push(issueAt(file, lineCounter, error.pos[0], `YAML syntax error: ${lowerFirst(error.message)}`));
  }
  for (const warning of document.warnings) {
    // Unknown tags are reported by walk.ts, at the tagged node.
    if (warning.code === "TAG_RESOLVE_FAILED") continue;
    parsed.issues.push(issueAt(file, lineCounter, warning.pos[0], `YAML: ${lowerFirst(warning.message)}`));
  }
  // A document with syntax errors is half-guessed by the parser: checking its
  // content would only add confusing follow-up issues.
  if (parsed.issues.length === 0) parsed.document = document;
  return parsed;
}

/**
 * The repository-relative paths of every `!file` reference that resolves to a
 * path inside the repository, in document order, without duplicates. Lets the
 * loader read them all up front so the document walk itself stays pure.
 */
export function listIncludePaths(parsed: ParsedYaml): string[] {
  const paths = new Set<string>();
  if (!parsed.document) return [];
  visit(parsed.document, {
    Scalar(_key, node) {
      if (node.tag !== FILE_TAG || typeof node.value !== "string") return;
      const resolved = resolveIncludePath(parsed.file, node.value);
      if ("path" in resolved) paths.add(resolved.path);
    },
  });
  return [...paths];
}

function lowerFirst(message: string): string {
  return message.charAt(0).toLowerCase() + message.slice(1);
}
