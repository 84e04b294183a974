// A repository folder -> its settings and assistants, or one SpecError
// listing every issue in every file, so a user fixes them all in one pass.
import { SpecError, type SpecIssue } from "../errors.js";
import type { DesiredAssistant } from "../model.js";
import { readRepoConfig, type RepoConfig } from "./config.js";
import { assistantFromYaml, internalError } from "./document.js";
import { findAssistantFiles, openRepository, readIncludes, readRepoFile, type Repository } from "./files.js";
import { locate } from "./paths.js";
import { listIncludePaths, parseYaml } from "./yaml.js";

/** Files read at once: enough for speed, far below the usual descriptor limit. */
const MAX_OPEN_FILES = 32;

/** Every assistant under DIR/assistants, sorted by name. Throws SpecError. */
export async function loadAssistants(dir: string): Promise<DesiredAssistant[]> {
  const { assistants, issues } = await readAssistants(await openRepository(dir));
  throwIfErrors(issues);
  return assistants;
}

/** Settings and assistants together; one SpecError carries the issues of both. */
export async function loadRepo(dir: string): Promise<{ config: RepoConfig; assistants: DesiredAssistant[] }> {
  const repo = await openRepository(dir);
  const [config, assistants] = await Promise.all([readRepoConfig(repo), readAssistants(repo)]);
  throwIfErrors([...config.issues, ...assistants.issues]);
  if (!config.config) throw new SpecError(config.issues); // unreachable: no config means issues
  return { config: config.config, assistants: assistants.assistants };
}

/** The assistants and all issues found, without throwing. */
export async function readAssistants(repo: Repository): Promise<{ assistants: DesiredAssistant[]; issues: SpecIssue[] }> {
  const { files, issues } = await findAssistantFiles(repo);
  const results = await mapWithLimit(files, MAX_OPEN_FILES, (file) => readAssistantFile(repo, file));
  const assistants: DesiredAssistant[] = [];
  for (const result of results) {
    issues.push(...result.issues);
    if (result.assistant) assistants.push(result.assistant);
  }
  issues.push(...crossFileIssues(assistants));
  assistants.sort((a, b) => compareText(a.name, b.name));
  return { assistants, issues: sortIssues(issues) };
}

async function readAssistantFile(repo: Repository, file: string): Promise<{ assistant?: DesiredAssistant; issues: SpecIssue[] }> {
  try {
    const outcome = await readRepoFile(repo, file, { keepBom: false });
    if ("problem" in outcome) return { issues: [{ location: { file, line: 1, col: 1 }, message: outcome.problem, severity: "error" }] };
    const parsed = parseYaml(outcome.text, file);
    const readInclude = await readIncludes(repo, listIncludePaths(parsed));
    return assistantFromYaml(parsed, readInclude);
  } catch (error) {
    return { issues: [internalError(file, error)] };
  }
}

/**
 * Names and explicit ids must be unique across the repository. `assistants`
 * is in file order, so the issue always lands on the later file.
 */
function crossFileIssues(assistants: readonly DesiredAssistant[]): SpecIssue[] {
  const issues: SpecIssue[] = [];
  const fileByName = new Map<string, string>();
  const fileById = new Map<string, string>();
  for (const assistant of assistants) {
    const { file } = assistant.source;
    const nameOwner = fileByName.get(assistant.name);
    if (nameOwner === undefined) fileByName.set(assistant.name, file);
    else issues.push(duplicateIssue(assistant, "name", `duplicate name "${assistant.name}": ${nameOwner} already declares it`));
    if (assistant.id === null) continue;
    const idOwner = fileById.get(assistant.id);
    if (idOwner === undefined) fileById.set(assistant.id, file);
    else issues.push(duplicateIssue(assistant, "id", `duplicate id ${assistant.id}: ${idOwner} already adopts it`));
  }
  return issues;
}

function duplicateIssue(assistant: DesiredAssistant, key: "name" | "id", message: string): SpecIssue {
  return { location: locate(assistant.source, [key]), message, severity: "error" };
}

function throwIfErrors(issues: SpecIssue[]): void {
  if (issues.some((issue) => issue.severity === "error")) throw new SpecError(sortIssues(issues));
}

/** By file, then position: the order a user reads and fixes them in. */
function sortIssues(issues: readonly SpecIssue[]): SpecIssue[] {
  return [...issues].sort(
    (a, b) => compareText(a.location.file, b.location.file) || a.location.line - b.location.line || a.location.col - b.location.col,
  );
}

/** Like Promise.all over `items.map(run)`, with at most `limit` runs at a time; keeps order. */
async function mapWithLimit<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) results[index] = await run(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
