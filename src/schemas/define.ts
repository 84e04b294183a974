// Assistants authored (or checked) in TypeScript. The generated module
// (`assistantctl codegen`, schemas/index.ts) exports a `defineAssistant`
// already typed by the repository's graphs; this is the same helper for a map
// of graph types written or generated elsewhere:
//
//   import { defineAssistant } from "assistantctl";
//   import type { GraphContexts, GraphConfigs } from "./schemas/index.js";
//   const define = defineAssistant<GraphContexts, GraphConfigs>();
//   export const blog = define({ name: "blog", graph: "writer", context: { model_name: "openai", system_prompt: "..." } });
//
// `desiredFromDefinitions` turns definitions into the DesiredAssistant[] that
// plan/reconcile take, through the same checks as a YAML file.
import { SpecError, type SpecIssue } from "../errors.js";
import type { DesiredAssistant, JsonObject } from "../model.js";
import { parseAssistantDocument } from "../spec/index.js";

/** The `config` of an assistant (legacy; prefer `context`). */
export interface AssistantConfigDefinition<Configurable extends object = JsonObject> {
  configurable?: Configurable;
  tags?: string[];
  recursion_limit?: number;
  run_name?: string;
  max_concurrency?: number;
}

/** What an assistant file holds, with `context` and `config.configurable` typed by the graph. */
export interface AssistantDefinition<G extends string = string, Context extends object = JsonObject, Configurable extends object = JsonObject> {
  /** Key of this assistant in the repository and its name on the deployment. */
  name: string;
  /** The graph_id the assistant runs. */
  graph: G;
  description?: string;
  context?: Context;
  config?: AssistantConfigDefinition<Configurable>;
  metadata?: Record<string, unknown>;
  /** Adopt an existing assistant by its assistant_id. */
  id?: string;
}

type TypeAt<Map, G> = G extends keyof Map ? (Map[G] extends object ? Map[G] : JsonObject) : JsonObject;

/** A definition for graph `G` of the maps `Contexts` (graph id -> context type) and `Configs`. */
export type TypedAssistantDefinition<Contexts extends object, Configs extends object, G extends keyof Contexts & string> = AssistantDefinition<
  G,
  TypeAt<Contexts, G>,
  TypeAt<Configs, G>
>;

/** The typed identity function `defineAssistant<Contexts, Configs>()` returns. */
export type DefineAssistant<Contexts extends object, Configs extends object> = <G extends keyof Contexts & string>(
  assistant: TypedAssistantDefinition<Contexts, Configs, G>,
) => TypedAssistantDefinition<Contexts, Configs, G>;

/**
 * With the maps of a repository's graph types (as `assistantctl codegen`
 * generates them), returns an identity function that type-checks each
 * assistant's `context` (and `config.configurable`) against its graph:
 * `defineAssistant<GraphContexts, GraphConfigs>()`.
 */
export function defineAssistant<Contexts extends object, Configs extends object = Record<never, never>>(): DefineAssistant<Contexts, Configs>;
/** Without maps: checks the shape of the file only (any JSON context). */
export function defineAssistant<const A extends AssistantDefinition>(assistant: A): A;
export function defineAssistant(assistant?: AssistantDefinition): unknown {
  return assistant === undefined ? (definition: AssistantDefinition) => definition : assistant;
}

/**
 * Definitions -> DesiredAssistant[] for plan/reconcile, checked exactly as an
 * assistant file is (the definition is read as a JSON document, which is
 * YAML). Issues point into that JSON text under the name `file` (default
 * `<code>/NAME.json`). Throws one SpecError listing every issue.
 */
export function desiredFromDefinitions(
  definitions: readonly AssistantDefinition<string, object, object>[],
  options: { file?: (definition: AssistantDefinition<string, object, object>, index: number) => string } = {},
): DesiredAssistant[] {
  const issues: SpecIssue[] = [];
  const desired: DesiredAssistant[] = [];
  const names = new Set<string>();
  definitions.forEach((definition, index) => {
    const file = options.file?.(definition, index) ?? `<code>/${typeof definition.name === "string" ? definition.name : index}.json`;
    let text: string;
    try {
      text = JSON.stringify(definition, null, 2) ?? "";
    } catch (error) {
      issues.push({ location: { file, line: 1, col: 1 }, message: `not JSON: ${String(error)}`, severity: "error" });
      return;
    }
    const result = parseAssistantDocument(text, file, (_path, location) => ({
      location,
      message: "!file is not available in code",
      severity: "error",
    }));
    issues.push(...result.issues);
    if (!result.assistant) return;
    if (names.has(result.assistant.name)) {
      issues.push({ location: { file, line: 1, col: 1 }, message: `duplicate name "${result.assistant.name}"`, severity: "error" });
      return;
    }
    names.add(result.assistant.name);
    desired.push(result.assistant);
  });
  if (issues.some((issue) => issue.severity === "error")) throw new SpecError(issues);
  return desired.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
