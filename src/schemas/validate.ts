// Assistants checked against their graph's committed JSON Schemas, offline:
// `context` against the context schema, `config.configurable` against the
// config schema. Every Ajv error becomes a SpecIssue at the YAML node it is
// about ("assistants/blog.yaml:7:16 context.temperature: must be <= 2").
//
// What is checked is what the file has (see /work/shared/contract.md): the JS
// server reports one schema, with `required`, for both context and config, so
// an assistant that puts everything in `context` must not fail for an absent
// or empty `configurable`.
import { Ajv, type ErrorObject, type Options as AjvOptions, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import type { SpecIssue } from "../errors.js";
import type { DesiredAssistant, Json, JsonObject } from "../model.js";
import { locate, type PathSegment } from "../spec/index.js";
import { describeValue, didYouMean } from "../spec/issues.js";
import { readStoredSchema, schemaFilePath, type StoredGraphSchema } from "./files.js";

// ajv-formats is CommonJS: its default export is the module object under NodeNext typing.
const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule.default }).default;

type SchemaKind = "context" | "config";

/** Where each kind of schema applies inside an assistant file. */
const TARGET: Record<SchemaKind, { path: PathSegment[]; schemaKey: "context_schema" | "config_schema" }> = {
  context: { path: ["context"], schemaKey: "context_schema" },
  config: { path: ["config", "configurable"], schemaKey: "config_schema" },
};

/**
 * Pure: checks each assistant whose graph has an entry in `schemas` (others
 * are the caller's concern). Issues are sorted by file and position.
 */
export function validateAgainstSchemas(
  assistants: readonly DesiredAssistant[],
  schemas: ReadonlyMap<string, StoredGraphSchema>,
): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const unusable = new Set<string>();
  for (const assistant of assistants) {
    const stored = schemas.get(assistant.graph);
    if (!stored) continue;
    for (const kind of ["context", "config"] as const) {
      const value = valueToCheck(assistant, kind);
      const schema = stored[TARGET[kind].schemaKey];
      if (value === null || schema === null) continue;
      const compiled = compileSchema(schema);
      if ("error" in compiled) {
        const key = `${stored.graph_id}\0${kind}`;
        if (!unusable.has(key)) {
          unusable.add(key);
          issues.push({
            location: { file: schemaFilePath(stored.graph_id), line: 1, col: 1 },
            message: `the ${kind} schema of graph "${stored.graph_id}" cannot be used, so ${describeTarget(kind)} is not checked: ${compiled.error}`,
            severity: "warning",
          });
        }
        continue;
      }
      if (compiled.validate(value)) continue;
      issues.push(...explainErrors(compiled.validate.errors ?? [], assistant, kind));
    }
  }
  return sortIssues(dedupe(issues));
}

/**
 * Reads the committed schema of every graph the assistants use and checks
 * them. A used graph without a committed schema is one warning (at the
 * `graph:` of its first assistant), never a silent pass; a broken schema file
 * is an error in that file.
 */
export async function validateRepoAssistants(dir: string, assistants: readonly DesiredAssistant[]): Promise<SpecIssue[]> {
  const firstUse = new Map<string, DesiredAssistant>();
  for (const assistant of [...assistants].sort(byFile)) {
    if (!firstUse.has(assistant.graph)) firstUse.set(assistant.graph, assistant);
  }
  const issues: SpecIssue[] = [];
  const schemas = new Map<string, StoredGraphSchema>();
  for (const [graph, assistant] of [...firstUse].sort(([a], [b]) => compareText(a, b))) {
    const parsed = await readStoredSchema(dir, graph);
    if (parsed === null) {
      const users = assistants.filter((a) => a.graph === graph).length;
      issues.push({
        location: locate(assistant.source, ["graph"]),
        message: `graph "${graph}" has no committed schema (${schemaFilePath(graph)}), so ${users === 1 ? "its assistant is" : `its ${users} assistants are`} not checked against it; run \`assistantctl schemas pull\``,
        severity: "warning",
      });
    } else if ("issue" in parsed) {
      issues.push(parsed.issue);
    } else {
      schemas.set(graph, parsed.schema);
    }
  }
  return sortIssues([...issues, ...validateAgainstSchemas(assistants, schemas)]);
}

/** The part of the file a schema applies to, or null when there is nothing to check. */
function valueToCheck(assistant: DesiredAssistant, kind: SchemaKind): JsonObject | null {
  if (kind === "context") return assistant.context;
  const configurable = assistant.config?.["configurable"];
  if (configurable === undefined || configurable === null || typeof configurable !== "object" || Array.isArray(configurable)) return null;
  return Object.keys(configurable).length > 0 ? configurable : null;
}

function describeTarget(kind: SchemaKind): string {
  return kind === "context" ? "context" : "config.configurable";
}

// ---------------------------------------------------------------- Ajv

type Compiled = { validate: ValidateFunction } | { error: string };

/** Compiled validators, per schema object: the same stored schema compiles once. */
const compiledCache = new WeakMap<JsonObject, Compiled>();

const AJV_OPTIONS: AjvOptions = {
  allErrors: true,
  // Graph schemas come from zod, TypeScript analysis or pydantic: unknown
  // keywords and formats must not stop validation.
  strict: false,
  // parentSchema and data on each error: for "did you mean" and "got ...".
  verbose: true,
  logger: false,
};

/**
 * Ajv for the schema's draft: 2020-12 (zod graphs) and 2019-09 have their own
 * classes; draft-07 (TypeScript-analysed graphs), older drafts and schemas
 * without `$schema` use the default one.
 */
function ajvFor(schema: JsonObject): Ajv {
  const draft = typeof schema["$schema"] === "string" ? schema["$schema"] : "";
  const ajv = draft.includes("2020-12") ? new Ajv2020(AJV_OPTIONS) : draft.includes("2019-09") ? new Ajv2019(AJV_OPTIONS) : new Ajv(AJV_OPTIONS);
  addFormats(ajv);
  return ajv;
}

function compileSchema(schema: JsonObject): Compiled {
  const cached = compiledCache.get(schema);
  if (cached) return cached;
  let compiled: Compiled;
  try {
    // A fresh instance per schema: two graphs may declare the same `$id`.
    const ajv = ajvFor(schema);
    // The class already knows its draft; an unfamiliar `$schema` URI (draft-04/06) must not fail the compile.
    const { $schema: _draft, ...rest } = schema;
    compiled = { validate: ajv.compile(rest) };
  } catch (error) {
    compiled = { error: error instanceof Error ? error.message : String(error) };
  }
  compiledCache.set(schema, compiled);
  return compiled;
}

// ------------------------------------------------------- Ajv -> SpecIssue

function explainErrors(errors: readonly ErrorObject[], assistant: DesiredAssistant, kind: SchemaKind): SpecIssue[] {
  const base = TARGET[kind].path;
  // Errors inside the branches of an anyOf/oneOf are summarised by the anyOf/oneOf error itself.
  const combinators = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  const insideBranch = (error: ErrorObject) => combinators.some((c) => c !== error && error.schemaPath.startsWith(`${c.schemaPath}/`));
  const issues: SpecIssue[] = [];
  for (const error of errors) {
    if (insideBranch(error)) continue;
    // "must match "then" schema" repeats the errors reported inside `then`.
    if (error.keyword === "if") continue;
    const at = [...base, ...pointerSegments(error.instancePath)];
    const issue = (path: PathSegment[], message: string): SpecIssue => ({
      location: locate(assistant.source, path),
      message: `${path.join(".")}: ${message}`,
      severity: "error",
    });
    switch (error.keyword) {
      case "required": {
        const missing = String((error.params as { missingProperty: string }).missingProperty);
        issues.push(issue(at, `missing required key ${JSON.stringify(missing)}`));
        break;
      }
      case "additionalProperties":
      case "unevaluatedProperties": {
        const params = error.params as { additionalProperty?: string; unevaluatedProperty?: string };
        const key = String(params.additionalProperty ?? params.unevaluatedProperty);
        const known = Object.keys(objectOr(error.parentSchema?.["properties"]));
        const hint = didYouMean(key, known);
        issues.push(
          issue([...at, key], `unknown key (not in the graph's ${kind} schema)${hint ? `; ${hint.trim().replace(/^\(|\)$/g, "")}` : ""}`),
        );
        break;
      }
      case "type": {
        const expected = typePhrase([(error.params as { type: string | string[] }).type].flat());
        issues.push(issue(at, `must be ${expected}, got ${describeValue(error.data as Json)}`));
        break;
      }
      case "enum": {
        const allowed = (error.params as { allowedValues: unknown[] }).allowedValues;
        issues.push(issue(at, `must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}, got ${describeValue(error.data as Json)}`));
        break;
      }
      case "const": {
        const allowed = (error.params as { allowedValue: unknown }).allowedValue;
        issues.push(issue(at, `must be ${JSON.stringify(allowed)}, got ${describeValue(error.data as Json)}`));
        break;
      }
      case "anyOf":
      case "oneOf": {
        issues.push(issue(at, combinatorMessage(error, errors)));
        break;
      }
      default:
        issues.push(issue(at, error.message ?? `fails the schema's "${error.keyword}" rule`));
    }
  }
  return issues;
}

/** "must be string or null, got the number 3" when every branch is a type; else Ajv's sentence. */
function combinatorMessage(error: ErrorObject, all: readonly ErrorObject[]): string {
  const branches = all.filter((e) => e.schemaPath.startsWith(`${error.schemaPath}/`) && e.instancePath === error.instancePath);
  const branchCount = Array.isArray(error.schema) ? error.schema.length : 0;
  const typeErrors = branches.filter((e) => e.keyword === "type");
  if (branchCount > 0 && typeErrors.length === branchCount && branches.length === branchCount) {
    const types = [...new Set(typeErrors.flatMap((e) => [(e.params as { type: string | string[] }).type].flat()))];
    return `must be ${typePhrase(types)}, got ${describeValue(error.data as Json)}`;
  }
  if (error.keyword === "oneOf" && (error.params as { passingSchemas?: unknown }).passingSchemas) {
    return "must match exactly one of the schema's alternatives (oneOf), but matches several";
  }
  return `must match ${error.keyword === "oneOf" ? "exactly one" : "at least one"} of the schema's alternatives (${error.keyword})`;
}

const TYPE_PHRASES: Record<string, string> = {
  string: "a string",
  number: "a number",
  integer: "an integer",
  boolean: "true or false",
  object: "a mapping",
  array: "a list",
  null: "null",
};

/** ["string", "null"] -> "a string or null", in the words the file loader uses. */
function typePhrase(types: readonly string[]): string {
  return types.map((type) => TYPE_PHRASES[type] ?? type).join(" or ");
}

/** "/tools/0" -> ["tools", "0"] (JSON Pointer, as Ajv's instancePath). */
function pointerSegments(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
}

function objectOr(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function dedupe(issues: SpecIssue[]): SpecIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.location.file}:${issue.location.line}:${issue.location.col}:${issue.severity}:${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function sortIssues(issues: SpecIssue[]): SpecIssue[] {
  return [...issues].sort(
    (a, b) =>
      compareText(a.location.file, b.location.file) ||
      a.location.line - b.location.line ||
      a.location.col - b.location.col ||
      compareText(a.message, b.message),
  );
}

function byFile(a: DesiredAssistant, b: DesiredAssistant): number {
  return compareText(a.source.file, b.source.file);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
