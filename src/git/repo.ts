// The repository's git work tree, through simple-git: the commit HEAD points
// at, the files with uncommitted changes, and who made a commit. A folder
// that is not in a git work tree (or a machine without git) is fine: every
// question then answers "unknown" and the caller leaves provenance out.
import { realpath } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { simpleGit, type SimpleGit } from "simple-git";

export interface CommitInfo {
  sha: string;
  author: string;
  email: string;
  /** Author date, ISO 8601 with the author's offset. */
  date: string;
  subject: string;
}

/** A full or abbreviated commit name; anything else is never passed to git. */
const SHA_PATTERN = /^[0-9a-f]{7,64}$/i;

export class GitRepo {
  private readonly commits = new Map<string, Promise<CommitInfo | null>>();

  private constructor(
    private readonly git: SimpleGit,
    /** The folder the tool works on (--dir), resolved through symlinks. */
    readonly dir: string,
    /** The top of the work tree that holds it. */
    readonly root: string,
  ) {}

  /** The work tree that holds DIR, or null when there is none (or no git). */
  static async open(dir: string): Promise<GitRepo | null> {
    try {
      const real = await realpath(dir);
      const git = simpleGit({ baseDir: real });
      if (!(await git.checkIsRepo())) return null;
      // Inside .git/, or a bare repository: not a work tree.
      if ((await git.revparse(["--is-inside-work-tree"])).trim() !== "true") return null;
      const root = await realpath((await git.revparse(["--show-toplevel"])).trim());
      return new GitRepo(git, real, root);
    } catch {
      return null;
    }
  }

  /** The commit HEAD points at, or null in a repository with no commit yet. */
  async head(): Promise<string | null> {
    try {
      const sha = (await this.git.raw(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"])).trim();
      return SHA_PATTERN.test(sha) ? sha : null;
    } catch {
      return null;
    }
  }

  /**
   * The files under `paths` (relative to DIR) that differ from HEAD: modified,
   * staged, deleted, renamed or untracked (ignored files are not reported).
   * Returned relative to DIR, with forward slashes, sorted.
   */
  async uncommitted(paths: readonly string[]): Promise<string[]> {
    if (paths.length === 0) return [];
    const pathspecs = [...new Set(paths)].map((path) => `:(literal)${path}`);
    const output = await this.git.raw(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ...pathspecs]);
    const files = new Set<string>();
    const entries = output.split("\0");
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i] as string;
      if (entry.length < 4) continue;
      const status = entry.slice(0, 2);
      files.add(this.fromRoot(entry.slice(3)));
      // A rename or copy is followed by the path it came from.
      if (status.includes("R") || status.includes("C")) {
        const from = entries[++i];
        if (from) files.add(this.fromRoot(from));
      }
    }
    return [...files].sort();
  }

  /** Author, date and subject of a commit, or null when this clone does not have it. */
  commit(sha: string): Promise<CommitInfo | null> {
    let info = this.commits.get(sha);
    if (!info) {
      info = this.readCommit(sha);
      this.commits.set(sha, info);
    }
    return info;
  }

  private async readCommit(sha: string): Promise<CommitInfo | null> {
    if (!SHA_PATTERN.test(sha)) return null;
    try {
      const output = await this.git.raw(["log", "-1", "--no-show-signature", "--format=%H%x00%an%x00%ae%x00%aI%x00%s", `${sha}^{commit}`, "--"]);
      const [full, author, email, date, subject] = output.replace(/\n$/, "").split("\0");
      if (!full || author === undefined || email === undefined || !date) return null;
      return { sha: full, author, email, date, subject: subject ?? "" };
    } catch {
      return null;
    }
  }

  /** A path git printed (relative to the work tree's top) -> relative to DIR. */
  private fromRoot(path: string): string {
    const relativePath = relative(this.dir, join(this.root, path));
    return isAbsolute(relativePath) ? path : relativePath.split(sep).join("/");
  }
}
