// The shapes the deployment answers with, checked once at the border. A row
// that does not fit becomes a RemoteError naming the field, instead of an
// `undefined` that crashes a later stage far from its cause.
import { z } from "zod";
import type { JsonObject, LiveAssistant, LiveVersion } from "../model.js";

const jsonObject = z.record(z.string(), z.json()) as z.ZodType<JsonObject>;

/**
 * Fields that older servers (or the Python server) may leave out are filled
 * with the value the JS server reports for "nothing", so later stages compare
 * like with like: description -> null, config/context/metadata -> {}.
 */
const optionalObject = jsonObject.nullish().transform((value): JsonObject => value ?? {});
const optionalDescription = z
  .string()
  .nullish()
  .transform((value) => value ?? null);

export const liveAssistantSchema = z.object({
  assistant_id: z.string().min(1),
  graph_id: z.string().min(1),
  name: z.string(),
  description: optionalDescription,
  config: optionalObject,
  context: optionalObject,
  metadata: optionalObject,
  version: z.number().int(),
  created_at: z.string(),
  updated_at: z.string(),
}) satisfies z.ZodType<LiveAssistant, unknown>;

/** A version is a row without `updated_at` (versions never change). */
export const liveVersionSchema = liveAssistantSchema.omit({ updated_at: true }) satisfies z.ZodType<LiveVersion, unknown>;

/** `GET /assistants/{id}/schemas`: JSON Schemas of the assistant's graph. */
export interface GraphSchemas {
  graph_id: string;
  config_schema: JsonObject | null;
  context_schema: JsonObject | null;
  input_schema?: JsonObject | null;
  output_schema?: JsonObject | null;
  state_schema?: JsonObject | null;
}

const optionalSchema = jsonObject.nullish().transform((value) => value ?? null);

export const graphSchemasSchema = z.object({
  graph_id: z.string().min(1),
  config_schema: optionalSchema,
  context_schema: optionalSchema,
  input_schema: jsonObject.nullish(),
  output_schema: jsonObject.nullish(),
  state_schema: jsonObject.nullish(),
}) satisfies z.ZodType<GraphSchemas, unknown>;

export const assistantListSchema = z.array(liveAssistantSchema);
export const versionListSchema = z.array(liveVersionSchema);
/** `POST /assistants/count` answers a bare number. */
export const countSchema = z.number().int().nonnegative();
/** `DELETE /assistants/{id}` answers the list of deleted ids. */
export const deletedIdsSchema = z.array(z.string());

/** "[3].metadata: expected record, received string" — the first few issues, one line. */
export function describeIssues(error: z.ZodError, limit = 3): string {
  const parts = error.issues.slice(0, limit).map((issue) => {
    const where = formatPath(issue.path);
    const what = issue.message.replace(/^Invalid input: /, "");
    return where ? `${where}: ${what}` : what;
  });
  const more = error.issues.length > limit ? ` (and ${error.issues.length - limit} more)` : "";
  return parts.join("; ") + more;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}
