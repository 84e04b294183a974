// The file formats as zod schemas. They check the JSON that walk.ts builds;
// positions and `!file` are handled before, so `!file` values are plain
// strings here and `z.toJSONSchema(assistantFileSchema)` describes exactly
// what an editor should accept.
//
// Messages given here are written to follow a path prefix or a key, as
// issues.ts prints them: "name: must be ...", `metadata: key "x" is ...`.
import { z } from "zod";

export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const NAME_RULE =
  "must be 1 to 128 characters: letters, digits, '.', '_' or '-', starting with a letter or digit (pattern ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$)";

/** Metadata keys under this prefix belong to assistantctl (ownership, hashes). */
export const RESERVED_METADATA_PREFIX = "assistantctl/";

// One shared instance, so a generated JSON Schema defines it once.
const jsonValue = z.json();
const jsonMapping = z.record(z.string(), jsonValue);

const metadataKey = z
  .string()
  .regex(/^(?!assistantctl\/)/, `is reserved: keys starting with "${RESERVED_METADATA_PREFIX}" belong to assistantctl`);

const positiveInt = z.int().positive();

/** The legacy `config` of an assistant; strict, as the server's RunnableConfig. */
export const assistantConfigSchema = z
  .strictObject({
    configurable: jsonMapping.optional().describe("Values passed to the graph as config.configurable"),
    tags: z.array(z.string()).optional(),
    recursion_limit: positiveInt.optional(),
    run_name: z.string().optional(),
    max_concurrency: positiveInt.optional(),
  })
  .describe("Legacy config; prefer `context`");

export const assistantFileSchema = z
  .strictObject({
    name: z
      .string()
      .regex(NAME_PATTERN, NAME_RULE)
      .describe("Key of this assistant in the repository and its name on the deployment"),
    graph: z.string().min(1).describe("The graph_id the assistant runs"),
    description: z.string().optional(),
    context: jsonMapping.optional().describe("Runtime context; `!file path` inserts a file's text"),
    config: assistantConfigSchema.optional(),
    metadata: z.record(metadataKey, jsonValue).optional().describe("User metadata"),
    id: z
      .guid("must be a UUID such as 4f0c2d44-5e6a-4b7c-8d9e-0a1b2c3d4e5f")
      .optional()
      .describe("Adopt an existing assistant by its assistant_id"),
  })
  .describe("One LangGraph assistant, managed by assistantctl");

export type AssistantFile = z.infer<typeof assistantFileSchema>;

const ENV_VAR_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

const environmentSchema = z.strictObject({
  url: z.url({
    protocol: /^https?$/,
    error: "must be an http or https URL, such as https://my-deployment.example.com",
  }),
  api_key_env: z
    .string()
    .regex(ENV_VAR_PATTERN, "must be the name of an environment variable (letters, digits and '_'), not the key itself")
    // A LangSmith key also matches the variable pattern: catch the likely paste.
    .refine((value) => !/^lsv2_/i.test(value), "looks like an API key; store it in an environment variable and name that variable here")
    .optional(),
});

/** `assistantctl.yaml` at the repository root, before defaults are applied. */
export const repoConfigFileSchema = z.strictObject({
  owner: z.string().regex(NAME_PATTERN, NAME_RULE).optional(),
  environments: z
    .record(z.string().regex(NAME_PATTERN, `is not a valid environment name: it ${NAME_RULE}`), environmentSchema)
    .optional(),
  codegen: z
    .strictObject({
      output: z.string().min(1).optional(),
    })
    .optional(),
});

export type RepoConfigFile = z.infer<typeof repoConfigFileSchema>;

/**
 * The keys a strict object at `path` accepts, for "did you mean" hints.
 * Follows objects, records (any key), arrays (numeric segments) and optionals.
 */
export function knownKeysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = schema;
  for (const segment of path) {
    current = current && childSchema(current, segment);
  }
  current = current && unwrapOptional(current);
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

function childSchema(schema: z.ZodType, segment: PropertyKey): z.ZodType | undefined {
  const inner = unwrapOptional(schema);
  if (inner instanceof z.ZodObject) return (inner.shape as Record<string, z.ZodType>)[String(segment)];
  if (inner instanceof z.ZodRecord) return inner.valueType as z.ZodType;
  if (inner instanceof z.ZodArray) return inner.element as z.ZodType;
  return undefined;
}

function unwrapOptional(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? unwrapOptional(schema.unwrap() as z.ZodType) : schema;
}
