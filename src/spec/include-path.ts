// Where a `!file` reference points, decided without touching the disk, so the
// pure parser and the filesystem loader reject the same paths the same way.
// Symbolic links can only be judged on disk: see files.ts.
import { posix, win32 } from "node:path";

export type IncludePathResult = { path: string } | { problem: string };

/**
 * Resolves `written` (as it appears after `!file`, relative to the YAML file)
 * to a path relative to the repository root, with forward slashes.
 * `yamlFile` is itself relative to the root.
 */
export function resolveIncludePath(yamlFile: string, written: string): IncludePathResult {
  if (written.trim() === "") {
    return { problem: "!file needs a path to a file, relative to this YAML file" };
  }
  if (written.includes("\0")) {
    return { problem: "!file path contains a NUL character" };
  }
  // Both flavours: a Windows path such as C:\x is absolute on Windows, and a
  // repository must load the same way on every machine.
  if (posix.isAbsolute(written) || win32.isAbsolute(written)) {
    return { problem: `!file path "${written}" is absolute; write it relative to this YAML file` };
  }
  const path = posix.normalize(posix.join(posix.dirname(yamlFile), written));
  if (escapesRoot(path)) {
    return { problem: `!file path "${written}" leads outside the repository` };
  }
  return { path };
}

/** True for a normalised relative path that climbs above its base. */
export function escapesRoot(normalisedPath: string): boolean {
  return normalisedPath === ".." || normalisedPath.startsWith("../");
}
