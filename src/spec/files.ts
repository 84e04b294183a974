// The only part of src/spec that touches the disk: finding assistant files and
// reading files without ever leaving the repository, even through symlinks.
import type { Dirent } from "node:fs";
import { readdir, readFile, realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { UserError, type SpecIssue } from "../errors.js";
import type { IncludeReader } from "./walk.js";

export const ASSISTANTS_FOLDER = "assistants";

export interface Repository {
  /** The repository root as given, made absolute. */
  dir: string;
  /** The same with symlinks resolved: the boundary no file may cross. */
  realDir: string;
}

/** The text of a file, or a sentence (starting with its quoted path) saying why not. */
export type ReadOutcome = { text: string } | { problem: string; missing: boolean };

/**
 * Checks that `dir` is a folder. A missing one is refused loudly: read as
 * "no assistants", it would plan the deletion of everything deployed.
 */
export async function openRepository(dir: string): Promise<Repository> {
  const absolute = resolve(dir);
  try {
    const realDir = await realpath(absolute);
    if (!(await stat(realDir)).isDirectory()) throw new UserError(`not a folder: ${dir}`);
    return { dir: absolute, realDir };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot open the repository folder ${dir}: ${errorCode(error) === "ENOENT" ? "it does not exist" : describeError(error)}`, {
      cause: error,
    });
  }
}

/**
 * Every `*.yaml` / `*.yml` under `assistants/`, relative to the root with
 * forward slashes, sorted by code unit so every machine agrees. Folders named
 * node_modules or starting with a dot are skipped, so are dot files (editor
 * backups). Symlinked folders are not followed (no cycles); symlinked files
 * are listed and must resolve inside the repository when read.
 */
export async function findAssistantFiles(repo: Repository): Promise<{ files: string[]; issues: SpecIssue[] }> {
  const files: string[] = [];
  const issues: SpecIssue[] = [];
  const pending = [ASSISTANTS_FOLDER];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    let entries: Dirent[];
    try {
      entries = await readdir(join(repo.dir, folder), { withFileTypes: true });
    } catch (error) {
      // No assistants/ folder simply means no assistants.
      if (folder === ASSISTANTS_FOLDER && errorCode(error) === "ENOENT") continue;
      issues.push(fileIssue(folder, `cannot list this folder: ${describeError(error)}`));
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = `${folder}/${entry.name}`;
      if (entry.isDirectory()) pending.push(path);
      else if ((entry.isFile() || entry.isSymbolicLink()) && /\.ya?ml$/i.test(entry.name)) files.push(path);
    }
  }
  return { files: files.sort(), issues };
}

/**
 * Reads `path` (relative to the root) as UTF-8 text, refusing anything whose
 * real location is outside the repository, folders and other non-files.
 * `keepBom` keeps a leading byte-order mark: included text stays exact.
 */
export async function readRepoFile(repo: Repository, path: string, options: { keepBom: boolean }): Promise<ReadOutcome> {
  const quoted = JSON.stringify(path);
  try {
    const real = await realpath(join(repo.dir, path));
    if (!isInside(repo.realDir, real)) return failed(`${quoted} leads outside the repository through a symbolic link`);
    const info = await stat(real);
    if (info.isDirectory()) return failed(`${quoted} is a folder, not a file`);
    if (!info.isFile()) return failed(`${quoted} is not a regular file`);
    const bytes = await readFile(real);
    try {
      return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: options.keepBom }).decode(bytes) };
    } catch {
      return failed(`${quoted} is not UTF-8 text`);
    }
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") return { problem: `${quoted} does not exist`, missing: true };
    if (code === "ELOOP") return failed(`${quoted} is a loop of symbolic links`);
    return failed(`${quoted} cannot be read: ${describeError(error)}`);
  }
}

/**
 * Reads every path up front, so the document walk can stay synchronous and
 * pure; returns the reader the walk consults.
 */
export async function readIncludes(repo: Repository, paths: readonly string[]): Promise<IncludeReader> {
  const outcomes = new Map<string, ReadOutcome>();
  await Promise.all(
    paths.map(async (path) => {
      outcomes.set(path, await readRepoFile(repo, path, { keepBom: true }));
    }),
  );
  return (path, location) => {
    const outcome = outcomes.get(path) ?? failed(`${JSON.stringify(path)} was not read`);
    if ("text" in outcome) return outcome.text;
    return { location, message: `!file ${outcome.problem}`, severity: "error" };
  };
}

function failed(problem: string): ReadOutcome {
  return { problem, missing: false };
}

function isInside(root: string, candidate: string): boolean {
  const path = relative(root, candidate);
  return path !== ".." && !path.startsWith(`..${sep}`) && !isAbsolute(path);
}

export function fileIssue(file: string, message: string): SpecIssue {
  return { location: { file, line: 1, col: 1 }, message, severity: "error" };
}

function errorCode(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
