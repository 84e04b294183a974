// Which files watch mode looks at, and which of their changes start a
// reconcile: the assistant files, every file they pull in with `!file`
// (which may live anywhere inside the repository), the committed graph
// schemas and assistantctl.yaml. Editor droppings never start one.
import { readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { ASSISTANTS_FOLDER, findAssistantFiles, openRepository } from "../spec/files.js";
import { REPO_CONFIG_FILE } from "../spec/config.js";
import { listIncludePaths, parseYaml } from "../spec/yaml.js";
import { SCHEMAS_FOLDER } from "../schemas/files.js";

/** The chokidar events watch mode listens to. */
export type WatchEvent = "add" | "addDir" | "change" | "unlink" | "unlinkDir";

/**
 * Temporary and backup files of editors, which save by writing a temporary
 * file and renaming it over the original: vim (`4913`, `file~`, `.file.swp`),
 * JetBrains (`file___jb_tmp___`, `file___jb_old___`), emacs (`#file#`,
 * `.#file`), gedit (`.goutputstream-*`), and plain `*.tmp` / `*.bak`.
 */
export function isEditorTempFile(name: string): boolean {
  return (
    name.startsWith(".") ||
    name.endsWith("~") ||
    name === "4913" ||
    /___jb_(?:tmp|old|bak)___$/.test(name) ||
    (name.startsWith("#") && name.endsWith("#")) ||
    /\.(?:sw[a-p]|tmp|bak|crswap)$/i.test(name)
  );
}

/**
 * The set of watched paths, which changes as assistant files gain or lose
 * `!file` references. Paths inside are relative to the repository root, with
 * forward slashes.
 */
export class WatchSet {
  private includes = new Set<string>();
  /** Every folder on the way to an include ("a", "a/b" for "a/b/c.md"). */
  private includeFolders = new Set<string>();

  /** `dir` must be absolute. */
  constructor(readonly dir: string) {}

  /** The include paths now watched. */
  includePaths(): string[] {
    return [...this.includes].sort();
  }

  /** Replace the include paths; returns those not watched before (the watcher must add them). */
  setIncludes(paths: Iterable<string>): string[] {
    const next = new Set(paths);
    const added = [...next].filter((path) => !this.includes.has(path));
    this.includes = next;
    this.includeFolders = new Set();
    for (const path of next) {
      for (let slash = path.indexOf("/"); slash !== -1; slash = path.indexOf("/", slash + 1)) {
        this.includeFolders.add(path.slice(0, slash));
      }
    }
    return added;
  }

  /** The repository-relative path of an absolute one; null when outside the repository. */
  relative(absolute: string): string | null {
    const path = relative(this.dir, absolute).split(sep).join("/");
    if (path === ".." || path.startsWith("../") || /^[a-zA-Z]:/.test(path) || path.startsWith("/")) return null;
    return path;
  }

  /**
   * For chokidar's `ignored`: true for anything watch mode never needs to
   * see, so the walk never enters node_modules, .git or unrelated folders.
   */
  ignores(absolute: string): boolean {
    const path = this.relative(absolute);
    if (path === null) return true;
    if (path === "" || this.includes.has(path) || this.includeFolders.has(path)) return false;
    const segments = path.split("/");
    if (segments.some((segment) => isEditorTempFile(segment) || segment === "node_modules")) return true;
    const [top] = segments;
    if (top === ASSISTANTS_FOLDER) return false;
    if (top === SCHEMAS_FOLDER) return !(segments.length === 1 || (segments.length === 2 && path.endsWith(".json")));
    return path !== REPO_CONFIG_FILE;
  }

  /** Whether this event can change what a reconcile would do. */
  triggers(event: WatchEvent, absolute: string): boolean {
    if (this.ignores(absolute)) return false;
    const path = this.relative(absolute);
    if (path === null || path === "") return false;
    // A new folder's files announce themselves; a removed one takes its files with it.
    if (event === "addDir") return false;
    if (event === "unlinkDir") return path === ASSISTANTS_FOLDER || path.startsWith(`${ASSISTANTS_FOLDER}/`) || this.includeFolders.has(path);
    if (this.includes.has(path)) return true;
    if (path === REPO_CONFIG_FILE) return true;
    if (path.startsWith(`${SCHEMAS_FOLDER}/`)) return path.endsWith(".json");
    return path.startsWith(`${ASSISTANTS_FOLDER}/`) && /\.ya?ml$/i.test(path);
  }
}

/**
 * Every `!file` path of every assistant file that parses, valid or not (a
 * file whose prompt is missing must be watched for that prompt to appear).
 * Never throws: an unreadable file just contributes nothing.
 */
export async function collectIncludePaths(dir: string): Promise<string[]> {
  try {
    const repo = await openRepository(dir);
    const { files } = await findAssistantFiles(repo);
    const lists = await Promise.all(
      files.map(async (file) => {
        try {
          return listIncludePaths(parseYaml(await readFile(join(repo.dir, file), "utf8"), file));
        } catch {
          return [];
        }
      }),
    );
    return [...new Set(lists.flat())].sort();
  } catch {
    return [];
  }
}
