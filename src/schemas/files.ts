// The committed graph schemas: `schemas/<graph_id>.json`, one per graph.
//
// Stored document (keys sorted at every depth, 2-space indent, one trailing
// newline, so a re-pull with no change rewrites the same bytes):
//
//   {
//     "$comment": "Pulled by `assistantctl schemas pull` ... do not edit by hand.",
//     "config_schema": { ...JSON Schema of config.configurable... } | null,
//     "context_schema": { ...JSON Schema of context... } | null,
//     "graph_id": "writer"
//   }
//
// Only the two schemas that assistants are checked against are kept: the
// graph's input/output/state schemas change with unrelated graph code and
// would only add noise to reviews.
import { readdir, readFile } from "node:fs/promises";
import { writeFileAtomic } from "../fs.js";
import { join } from "node:path";
import { z } from "zod";
import type { SpecIssue } from "../errors.js";
import { stableJson } from "../json.js";
import type { JsonObject } from "../model.js";

/** Folder of the committed schemas, relative to the repository root. */
export const SCHEMAS_FOLDER = "schemas";

export const STORED_SCHEMA_COMMENT =
  "Pulled by `assistantctl schemas pull` from GET /assistants/{id}/schemas of the graph's system assistant; do not edit by hand.";

/** One graph's schemas as committed in the repository. */
export interface StoredGraphSchema {
  graph_id: string;
  /** JSON Schema of `config.configurable`; null when the graph declares none. */
  config_schema: JsonObject | null;
  /** JSON Schema of `context`; null when the graph declares none. */
  context_schema: JsonObject | null;
}

const jsonObject = z.record(z.string(), z.json()) as z.ZodType<JsonObject>;

const storedSchema = z.object({
  $comment: z.string().optional(),
  graph_id: z.string().min(1),
  config_schema: jsonObject.nullable(),
  context_schema: jsonObject.nullable(),
});


/**
 * The file name of a graph's schema. Plain ids ("writer", "my-graph") are
 * used as they are; anything else is percent-encoded, so a graph id can never
 * name a path outside schemas/ (or clash with a plain one: those never hold "%").
 */
export function graphFileStem(graphId: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(graphId) ? graphId : encodeURIComponent(graphId).replace(/\./g, "%2E");
}

/** `schemas/<graph>.json`, relative to the repository root. */
export function schemaFilePath(graphId: string): string {
  return `${SCHEMAS_FOLDER}/${graphFileStem(graphId)}.json`;
}

export function serializeStoredSchema(schema: StoredGraphSchema): string {
  return stableJson({
    $comment: STORED_SCHEMA_COMMENT,
    graph_id: schema.graph_id,
    config_schema: schema.config_schema,
    context_schema: schema.context_schema,
  });
}

export type ParsedStoredSchema = { schema: StoredGraphSchema } | { issue: SpecIssue };

/** Pure: the text of a committed schema file -> the schema, or an issue in that file. */
export function parseStoredSchema(text: string, file: string): ParsedStoredSchema {
  const problem = (message: string, line = 1, col = 1): ParsedStoredSchema => ({
    issue: { location: { file, line, col }, message, severity: "error" },
  });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const at = jsonErrorPosition(text, message);
    return problem(`not valid JSON: ${message}`, at.line, at.col);
  }
  const result = storedSchema.safeParse(json);
  if (!result.success) {
    const first = result.error.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join(".")}: ` : "";
    return problem(
      `not a graph schema file (${where}${first?.message ?? "invalid"}); expected {graph_id, config_schema, context_schema} as \`assistantctl schemas pull\` writes it`,
    );
  }
  const { graph_id, config_schema, context_schema } = result.data;
  const expected = schemaFilePath(graph_id);
  if (expected !== file) return problem(`holds the schemas of graph "${graph_id}", which belong in ${expected}`);
  return { schema: { graph_id, config_schema, context_schema } };
}

function jsonErrorPosition(text: string, message: string): { line: number; col: number } {
  const match = /position (\d+)/.exec(message);
  if (!match) return { line: 1, col: 1 };
  const offset = Math.min(Number(match[1]), text.length);
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, col: (before.at(-1)?.length ?? 0) + 1 };
}

/** The committed schema of one graph; null when there is no file. */
export async function readStoredSchema(dir: string, graphId: string): Promise<ParsedStoredSchema | null> {
  const file = schemaFilePath(graphId);
  const text = await readTextIfExists(join(dir, file));
  return text === null ? null : parseStoredSchema(text, file);
}

/** Every `schemas/*.json` of the repository (not subfolders), by graph id, with the issues of broken files. */
export async function readAllStoredSchemas(dir: string): Promise<{ schemas: Map<string, StoredGraphSchema>; issues: SpecIssue[] }> {
  const schemas = new Map<string, StoredGraphSchema>();
  const issues: SpecIssue[] = [];
  let names: string[];
  try {
    names = (await readdir(join(dir, SCHEMAS_FOLDER), { withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.endsWith(".json") && !entry.name.startsWith("."))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { schemas, issues };
    throw error;
  }
  for (const name of names) {
    const file = `${SCHEMAS_FOLDER}/${name}`;
    const parsed = parseStoredSchema(await readFile(join(dir, file), "utf8"), file);
    if ("issue" in parsed) issues.push(parsed.issue);
    else schemas.set(parsed.schema.graph_id, parsed.schema);
  }
  return { schemas, issues };
}

export async function readTextIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** A file this tool generates, relative to the repository root, and what it holds now. */
export interface GeneratedFile {
  path: string;
  text: string;
  /** The current content on disk; null when the file does not exist. */
  before: string | null;
}

/** Pairs each generated text with what is on disk now. */
export async function compareWithDisk(dir: string, files: ReadonlyArray<{ path: string; text: string }>): Promise<GeneratedFile[]> {
  return Promise.all(files.map(async (file) => ({ ...file, before: await readTextIfExists(join(dir, file.path)) })));
}

export function isChanged(file: GeneratedFile): boolean {
  return file.before !== file.text;
}

/** Writes only the files whose content differs: an unchanged file keeps its mtime. */
export async function writeChanged(dir: string, files: readonly GeneratedFile[]): Promise<GeneratedFile[]> {
  const changed = files.filter(isChanged);
  for (const file of changed) {
    await writeFileAtomic(join(dir, file.path), file.text);
  }
  return changed;
}
