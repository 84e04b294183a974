// The graphs' schemas, fetched from the deployment. `GET /assistants/{id}/schemas`
// wants an assistant id (a real UUID on the Python server), so each graph is
// reached through its system assistant (metadata created_by=system), found by
// search: a graph name is never used as an id.
import { createTwoFilesPatch } from "diff";
import pLimit from "p-limit";
import { SpecError } from "../errors.js";
import type { DesiredAssistant, LiveAssistant } from "../model.js";
import { unknownGraphIssues } from "../graphs.js";
import type { GraphSchemas } from "../remote/index.js";
import { editorFiles } from "./editor.js";
import { schemaFilePath, serializeStoredSchema, type GeneratedFile, type StoredGraphSchema } from "./files.js";

/** What pulling needs from the deployment (LangGraphClient fits it). */
export interface SchemasApi {
  systemAssistants(): Promise<LiveAssistant[]>;
  schemas(assistantId: string): Promise<GraphSchemas>;
}

export interface PullOptions {
  /** The repository's assistants: their graphs are pulled. */
  assistants: readonly DesiredAssistant[];
  /** Also every other graph the deployment serves. */
  all: boolean;
  /** Schema requests in flight at once (default 4). */
  concurrency?: number;
}

/**
 * Fetches the schemas of every graph the assistants use (and, with `all`,
 * of every graph of the deployment), sorted by graph id. One search finds
 * every graph's system assistant; then one `/schemas` call per graph.
 * A graph the deployment does not serve is a SpecError at each `graph:` that
 * names it, before anything is fetched.
 */
export async function pullSchemas(api: SchemasApi, options: PullOptions): Promise<StoredGraphSchema[]> {
  const systemRows = await api.systemAssistants();
  const systemIdOf = new Map<string, string>();
  for (const row of [...systemRows].sort(preferCanonical)) {
    if (!systemIdOf.has(row.graph_id)) systemIdOf.set(row.graph_id, row.assistant_id);
  }

  const missing = unknownGraphIssues(options.assistants, new Set(systemIdOf.keys()), ", so its schema cannot be pulled");
  if (missing.length > 0) throw new SpecError(missing);

  const graphs = new Set(options.assistants.map((a) => a.graph));
  if (options.all) for (const graph of systemIdOf.keys()) graphs.add(graph);

  const limit = pLimit(Math.max(1, options.concurrency ?? 4));
  const pulled = await Promise.all(
    [...graphs].sort().map((graph) =>
      limit(async (): Promise<StoredGraphSchema> => {
        const answer = await api.schemas(systemIdOf.get(graph) as string);
        return { graph_id: graph, config_schema: answer.config_schema, context_schema: answer.context_schema };
      }),
    ),
  );
  return pulled;
}

/**
 * The system assistant to ask when a graph has several: the one named after
 * its graph, then the oldest, then by id, so every run picks the same one.
 */
function preferCanonical(a: LiveAssistant, b: LiveAssistant): number {
  const named = Number(b.name === b.graph_id) - Number(a.name === a.graph_id);
  if (named !== 0) return named;
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? -1 : 1;
  return a.assistant_id < b.assistant_id ? -1 : a.assistant_id > b.assistant_id ? 1 : 0;
}

/** Every file `schemas pull` writes for these graphs: `schemas/<graph>.json` and the editor schemas. */
export function schemaFiles(schemas: readonly StoredGraphSchema[]): Array<{ path: string; text: string }> {
  return [
    ...schemas.map((schema) => ({ path: schemaFilePath(schema.graph_id), text: serializeStoredSchema(schema) })),
    ...editorFiles(schemas),
  ];
}

/** A unified diff of a generated file against what is committed. */
export function fileDiff(file: GeneratedFile): string {
  const before = file.before ?? "";
  const patch = createTwoFilesPatch(
    file.before === null ? "/dev/null" : `a/${file.path}`,
    `b/${file.path}`,
    before,
    file.text,
    undefined,
    undefined,
    { context: 3 },
  );
  // The library's "Index:"/"===" preamble is noise next to git's format.
  return patch.replace(/^Index:.*\n=+\n/, "");
}
