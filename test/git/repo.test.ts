// Provenance and the dirty-tree check, in temporary git repositories.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GitRepo, ciProvenance, computeProvenance, refuseDirty, uncommittedInputs } from "../../src/git/index.js";
import { loadAssistants } from "../../src/spec/index.js";
import { initGit } from "../support/git.js";
import { tempRepo } from "../support/repo.js";

const FILES = {
  "assistants/writer.yaml": "name: writer\ngraph: writer\ncontext:\n  system_prompt: !file ../prompts/writer.md\n",
  "prompts/writer.md": "You write.\n",
  "README.md": "not an assistant file\n",
};

describe("GitRepo", () => {
  it("knows HEAD, and which assistant inputs have uncommitted changes", async () => {
    const repo = await tempRepo(FILES);
    const { commit, git } = await initGit(repo);
    const sha = await commit("first");
    const opened = await GitRepo.open(repo.dir);
    expect(opened).not.toBeNull();
    expect(await opened!.head()).toBe(sha);
    const desired = await loadAssistants(repo.dir);
    expect(await uncommittedInputs(opened, desired)).toEqual([]);

    // Untracked, modified (an include outside assistants/), staged, and files that do not count.
    await repo.write("assistants/new.yaml", "name: new\ngraph: writer\n");
    await repo.write("prompts/writer.md", "You write well.\n");
    await repo.write("assistantctl.yaml", `owner: ${repo.owner}\n# edited\n`);
    await repo.write("README.md", "edited, but not an input\n");
    await repo.write("prompts/unused.md", "untracked, but not an input\n");
    expect(await uncommittedInputs(opened, desired)).toEqual(["assistantctl.yaml", "assistants/new.yaml", "prompts/writer.md"]);

    await git.add(["-A", "."]);
    await git.mv("assistants/writer.yaml", "assistants/renamed.yaml");
    expect(await uncommittedInputs(opened, desired)).toEqual([
      "assistantctl.yaml",
      "assistants/new.yaml",
      "assistants/renamed.yaml",
      "assistants/writer.yaml",
      "prompts/writer.md",
    ]);
    expect(() => refuseDirty(["assistants/new.yaml"])).toThrow(/uncommitted changes[\s\S]*assistants\/new\.yaml[\s\S]*--allow-dirty/);
    expect(() => refuseDirty([])).not.toThrow();
  });

  it("reads the author, date and subject of a commit it has, and nothing for one it lacks", async () => {
    const repo = await tempRepo(FILES);
    const { commit } = await initGit(repo);
    const sha = await commit("Add the writer\n\nlong body", { name: "Ada Lovelace", email: "ada@example.com" });
    const opened = (await GitRepo.open(repo.dir))!;
    const info = await opened.commit(sha);
    expect(info).toMatchObject({ sha, author: "Ada Lovelace", email: "ada@example.com", subject: "Add the writer" });
    expect(info!.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    expect(await opened.commit(sha.slice(0, 10))).toMatchObject({ sha });
    expect(await opened.commit("0".repeat(40))).toBeNull();
    expect(await opened.commit("--all")).toBeNull();
  });

  it("a folder outside any git work tree is fine: no repo, no commit, nothing dirty", async () => {
    const dir = await mkdtemp(join(tmpdir(), "assistantctl-nogit-"));
    try {
      await writeFile(join(dir, "x.txt"), "x");
      expect(await GitRepo.open(dir)).toBeNull();
      expect(await computeProvenance(null, {})).toEqual({});
      expect(await uncommittedInputs(null, [])).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("a repository without a commit yet has no HEAD", async () => {
    const repo = await tempRepo(FILES);
    await initGit(repo);
    const opened = (await GitRepo.open(repo.dir))!;
    expect(await opened.head()).toBeNull();
    expect(await computeProvenance(opened, {})).toEqual({});
  });
});

describe("ciProvenance", () => {
  it("builds the run URL and reads the PR number from GITHUB_REF", async () => {
    const env = {
      GITHUB_SERVER_URL: "https://github.example.com/",
      GITHUB_REPOSITORY: "acme/prompts",
      GITHUB_RUN_ID: "123456",
      GITHUB_REF: "refs/pull/42/merge",
    };
    expect(await ciProvenance(env)).toEqual({ run_url: "https://github.example.com/acme/prompts/actions/runs/123456", pr: "42" });
  });

  it("reads the PR number from the event payload when the ref is not a PR's", async () => {
    const dir = await mkdtemp(join(tmpdir(), "assistantctl-event-"));
    try {
      const event = join(dir, "event.json");
      await writeFile(event, JSON.stringify({ action: "opened", pull_request: { number: 7 } }));
      expect(await ciProvenance({ GITHUB_REF: "refs/heads/feature", GITHUB_EVENT_PATH: event })).toEqual({ pr: "7" });
      await writeFile(event, JSON.stringify({ ref: "refs/heads/main", head_commit: {} }));
      expect(await ciProvenance({ GITHUB_REF: "refs/heads/main", GITHUB_EVENT_PATH: event })).toEqual({});
      expect(await ciProvenance({ GITHUB_EVENT_PATH: join(dir, "missing.json") })).toEqual({});
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("is empty outside GitHub Actions; the server URL defaults to github.com", async () => {
    expect(await ciProvenance({})).toEqual({});
    expect(await ciProvenance({ GITHUB_REPOSITORY: "a/b", GITHUB_RUN_ID: "1" })).toEqual({ run_url: "https://github.com/a/b/actions/runs/1" });
  });

  it("computeProvenance combines HEAD with the CI run", async () => {
    const repo = await tempRepo(FILES);
    const { commit } = await initGit(repo);
    const sha = await commit("first");
    const provenance = await computeProvenance(await GitRepo.open(repo.dir), { GITHUB_REF: "refs/pull/3/merge" });
    expect(provenance).toEqual({ commit: sha, pr: "3" });
  });
});
