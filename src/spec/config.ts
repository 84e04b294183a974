// `assistantctl.yaml`: the optional repository settings, with defaults.
import { posix } from "node:path";
import { SpecError, type SpecIssue } from "../errors.js";
import type { Json, JsonObject } from "../model.js";
import { internalError } from "./document.js";
import { escapesRoot } from "./include-path.js";
import { sortByPosition, validateTree } from "./issues.js";
import { nearestPosition } from "./paths.js";
import { type RepoConfigFile, repoConfigFileSchema } from "./schema.js";
import { fileIssue, openRepository, readRepoFile, type Repository } from "./files.js";
import { yamlToJson } from "./walk.js";
import { parseYaml } from "./yaml.js";

export const REPO_CONFIG_FILE = "assistantctl.yaml";

export interface RepoConfig {
  /** Marks the assistants this repository manages on a shared deployment. */
  owner: string;
  environments: Record<string, { url: string; api_key_env: string | null }>;
  codegen: { output: string };
  /** The config file relative to the root, or null when there is none. */
  file: string | null;
}

export const DEFAULT_OWNER = "default";
export const DEFAULT_CODEGEN_OUTPUT = "schemas/index.ts";

export interface RepoConfigParseResult {
  config?: RepoConfig;
  issues: SpecIssue[];
}

/** Pure: the text of `assistantctl.yaml` -> settings with defaults, or issues. */
export function parseRepoConfigDocument(text: string, file: string = REPO_CONFIG_FILE): RepoConfigParseResult {
  try {
    const parsed = parseYaml(text, file);
    // An empty (or all-comments) file is a valid way to say "defaults".
    if (parsed.empty) return { config: withDefaults({}, file), issues: [] };
    if (!parsed.document) return { issues: sortByPosition(parsed.issues) };
    const tree = yamlToJson(parsed.document, { file, lineCounter: parsed.lineCounter });
    const { data, issues } = validateTree(repoConfigFileSchema, tree, file);
    const allIssues = [...parsed.issues, ...issues];
    // Checked on the raw tree so it is reported alongside any other issue.
    const output = codegenOutputOf(tree.value);
    const outputProblem = output === undefined ? undefined : codegenOutputProblem(output);
    if (outputProblem) {
      const position = nearestPosition(tree.positions, "codegen.output") ?? { line: 1, col: 1 };
      allIssues.push({ location: { file, ...position }, message: `codegen.output: ${outputProblem}`, severity: "error" });
    }
    if (!data || allIssues.length > 0) return { issues: sortByPosition(allIssues) };
    return { config: withDefaults(data, file), issues: [] };
  } catch (error) {
    return { issues: [internalError(file, error)] };
  }
}

/** Loads DIR/assistantctl.yaml; a missing file means every default. Throws SpecError. */
export async function loadRepoConfig(dir: string): Promise<RepoConfig> {
  const { config, issues } = await readRepoConfig(await openRepository(dir));
  if (!config) throw new SpecError(issues);
  return config;
}

/** loadRepoConfig without the throw, for loadRepo to gather every issue first. */
export async function readRepoConfig(repo: Repository): Promise<RepoConfigParseResult> {
  const outcome = await readRepoFile(repo, REPO_CONFIG_FILE, { keepBom: false });
  if ("text" in outcome) return parseRepoConfigDocument(outcome.text, REPO_CONFIG_FILE);
  if (outcome.missing) return { config: withDefaults({}, null), issues: [] };
  return { issues: [fileIssue(REPO_CONFIG_FILE, outcome.problem)] };
}

function withDefaults(data: RepoConfigFile, file: string | null): RepoConfig {
  const environments: RepoConfig["environments"] = {};
  for (const [name, environment] of Object.entries(data.environments ?? {})) {
    environments[name] = { url: environment.url, api_key_env: environment.api_key_env ?? null };
  }
  const output = data.codegen?.output;
  return {
    owner: data.owner ?? DEFAULT_OWNER,
    environments,
    codegen: { output: output === undefined ? DEFAULT_CODEGEN_OUTPUT : posix.normalize(output) },
    file,
  };
}

function codegenOutputOf(root: Json | undefined): string | undefined {
  const codegen = isObject(root) ? root["codegen"] : undefined;
  const output = isObject(codegen) ? codegen["output"] : undefined;
  return typeof output === "string" && output !== "" ? output : undefined;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The generated file must land inside the repository. */
function codegenOutputProblem(output: string): string | undefined {
  if (posix.isAbsolute(output) || /^[A-Za-z]:[\\/]/.test(output)) return `"${output}" is absolute; write it relative to the repository root`;
  const normalised = posix.normalize(output);
  if (escapesRoot(normalised)) return `"${output}" leads outside the repository`;
  if (normalised === "." || output.endsWith("/")) return `"${output}" names a folder; name the file to write, such as ${DEFAULT_CODEGEN_OUTPUT}`;
  return undefined;
}
