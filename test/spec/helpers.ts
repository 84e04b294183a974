// Shared by the spec tests: fixture paths, temporary repositories, and
// issues as the "file:line:col message" lines a user would read.
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import { formatIssue, SpecError, type SpecIssue } from "../../src/errors.js";
import type { SourceLocation } from "../../src/model.js";
import { type IncludeReader, parseAssistantDocument } from "../../src/spec/index.js";

export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/spec/${name}`, import.meta.url));
}

export function lines(issues: readonly SpecIssue[]): string[] {
  return issues.map(formatIssue);
}

/** The formatted issues of a SpecError the promise must reject with. */
export async function rejectedLines(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SpecError) return lines(error.issues);
    throw error;
  }
  throw new Error("expected a SpecError, but the promise resolved");
}

/** An include reader over in-memory files, keyed by repository-relative path. */
export function memoryReader(files: Record<string, string> = {}): IncludeReader {
  return (path: string, location: SourceLocation) =>
    Object.hasOwn(files, path)
      ? (files[path] as string)
      : { location, message: `!file ${JSON.stringify(path)} does not exist`, severity: "error" };
}

/** Parses an assistant held in memory as assistants/test.yaml. */
export function parse(text: string, files: Record<string, string> = {}, file = "assistants/test.yaml") {
  return parseAssistantDocument(text, file, memoryReader(files));
}

/** The formatted issues of an in-memory assistant file. */
export function issuesOf(text: string, files: Record<string, string> = {}): string[] {
  return lines(parse(text, files).issues);
}

const temporaryFolders: string[] = [];

afterEach(async () => {
  await Promise.all(temporaryFolders.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A fresh folder under the OS temp dir, removed after the test. */
export async function temporaryFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "assistantctl-spec-"));
  temporaryFolders.push(folder);
  return folder;
}

/** Writes `files` (relative path -> content) under `root`, creating folders. */
export async function writeFiles(root: string, files: Record<string, string | Uint8Array>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}
