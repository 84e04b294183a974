// Git in the temporary repositories of tests: init, commit, and nothing else.
import { simpleGit, type SimpleGit } from "simple-git";
import type { TempRepo } from "./repo.js";

export interface GitTempRepo {
  git: SimpleGit;
  /** Stage everything and commit; returns the new commit's full SHA. */
  commit(message: string, author?: { name: string; email: string }): Promise<string>;
}

/** `git init` in the repo's folder, with a fixed identity and no signing. */
export async function initGit(repo: TempRepo): Promise<GitTempRepo> {
  const git = simpleGit({ baseDir: repo.dir });
  await git.init();
  await git.addConfig("user.name", "Test Author");
  await git.addConfig("user.email", "author@example.com");
  await git.addConfig("commit.gpgsign", "false");
  return {
    git,
    async commit(message, author) {
      await git.add(["-A", "."]);
      const options: Record<string, string> = author ? { "--author": `${author.name} <${author.email}>` } : {};
      await git.commit(message, undefined, options);
      return (await git.revparse(["HEAD"])).trim();
    },
  };
}
