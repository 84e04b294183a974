// The team flow end to end, in temporary git repositories against the real
// server: provenance in every version, `history`, the Markdown plan of a PR,
// saved plans that refuse to apply once the deployment moved, and the
// dirty-tree check.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { META } from "../../src/plan/content.js";
import type { SavedPlan } from "../../src/plan/saved.js";
import type { JsonReport } from "../../src/render/json.js";
import { LangGraphClient } from "../../src/remote/index.js";
import type { HistoryEntry } from "../../src/cli/commands/history.js";
import { initGit } from "../support/git.js";
import { cli, tempRepo, type TempRepo } from "../support/repo.js";
import { serverUrl } from "../support/server.js";

const WRITER = `name: writer-bot
graph: writer
description: Writes posts
context:
  model_name: echo
  system_prompt: !file ../prompts/writer.md
`;

const ADA = { name: "Ada Lovelace", email: "ada@example.com" };

async function writerRepo(): Promise<TempRepo> {
  return tempRepo({ "assistants/writer.yaml": WRITER, "prompts/writer.md": "You write posts.\nBe brief.\n" });
}

function client(): LangGraphClient {
  return new LangGraphClient({ url: serverUrl() });
}

async function reconcile(repo: TempRepo, flags: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const run = await cli(["reconcile", "--dir", repo.dir, "--url", serverUrl(), "--output", "json", ...flags], env);
  return { ...run, report: run.stdout ? (JSON.parse(run.stdout) as JsonReport) : null };
}

async function writerRow(repo: TempRepo) {
  const [row] = (await client().listOwned(repo.owner)).filter((r) => r.name === "writer-bot");
  if (!row) throw new Error("writer-bot is not on the server");
  return row;
}

interface HistoryJson {
  name: string;
  latest_version: number;
  versions: HistoryEntry[];
}

describe("the git workflow against the real server", () => {
  it("commit, reconcile, change a prompt, commit, reconcile: history shows both versions with their commits", async () => {
    const repo = await writerRepo();
    const { commit } = await initGit(repo);
    const first = await commit("Add the writer");

    const created = await reconcile(repo);
    expect(created.code).toBe(0);
    const v1 = await writerRow(repo);
    expect(v1.metadata[META.commit]).toBe(first);
    expect(v1.metadata[META.file]).toBe("assistants/writer.yaml");

    await repo.write("prompts/writer.md", "You write posts.\nBe thorough.\n");
    const second = await commit("Ask for thorough posts", ADA);

    // The PR's view: the Markdown plan of the change, also on the job summary.
    const summaryFile = join(repo.dir, "step-summary.md");
    const markdown = await cli(["plan", "--dir", repo.dir, "--url", serverUrl(), "--output", "markdown"], { GITHUB_STEP_SUMMARY: summaryFile });
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain("| 0 | 1 | 0 | 0 | 0 |");
    expect(markdown.stdout).toContain("v1 → v2");
    expect(markdown.stdout).toContain(["```diff", "@@ -1,2 +1,2 @@", " You write posts.", "-Be brief.", "+Be thorough.", "```"].join("\n"));
    expect(await readFile(summaryFile, "utf8")).toBe(markdown.stdout + "\n");

    const updated = await reconcile(repo);
    expect(updated.code).toBe(0);
    expect(updated.report!.changes[0]).toMatchObject({ action: "update", to_version: 2 });
    expect((await writerRow(repo)).metadata[META.commit]).toBe(second);

    const history = await cli(["history", "writer-bot", "--dir", repo.dir, "--url", serverUrl(), "--output", "json"]);
    expect(history.code).toBe(0);
    const parsed = JSON.parse(history.stdout) as HistoryJson;
    expect(parsed.latest_version).toBe(2);
    expect(parsed.versions.map((v) => [v.version, v.latest, v.commit, v.author, v.subject, v.file])).toEqual([
      [2, true, second, "Ada Lovelace", "Ask for thorough posts", "assistants/writer.yaml"],
      [1, false, first, "Test Author", "Add the writer", "assistants/writer.yaml"],
    ]);

    const text = await cli(["history", "writer-bot", "--dir", repo.dir, "--url", serverUrl()]);
    expect(text.code).toBe(0);
    const lines = text.stdout.split("\n");
    const v2Line = lines.find((l) => l.includes(" v2 "))!;
    expect(v2Line).toMatch(/^\s+\* v2 /);
    expect(v2Line).toContain(second.slice(0, 12));
    expect(v2Line).toContain("Ada Lovelace");
    expect(lines.indexOf(v2Line)).toBeLessThan(lines.findIndex((l) => l.includes(first.slice(0, 12))));

    const diff = await cli(["history", "writer-bot", "--dir", repo.dir, "--url", serverUrl(), "--diff", "1..2"]);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain(`--- v1  commit ${first.slice(0, 12)}`);
    expect(diff.stdout).toContain(`+++ v2 (latest)  commit ${second.slice(0, 12)}  Ada Lovelace`);
    expect(diff.stdout).toContain("-Be brief.");
    expect(diff.stdout).toContain("+Be thorough.");

    const same = await cli(["history", "writer-bot", "--dir", repo.dir, "--url", serverUrl(), "--diff", "v2..latest"]);
    expect(same.stdout).toContain("v2 and v2 have the same content.");
    const missing = await cli(["history", "writer-bot", "--dir", repo.dir, "--url", serverUrl(), "--diff", "1..9"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('"writer-bot" has no version 9 (it has v1..v2)');
    const unknown = await cli(["history", "nobody", "--dir", repo.dir, "--url", serverUrl()]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`no assistant named "nobody" (owner "${repo.owner}")`);
  });

  it("records the CI run and the PR number from GitHub's variables", async () => {
    const repo = await writerRepo();
    const { commit } = await initGit(repo);
    const sha = await commit("first");
    const env = { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "acme/prompts", GITHUB_RUN_ID: "99", GITHUB_REF: "refs/pull/12/merge" };
    expect((await reconcile(repo, [], env)).code).toBe(0);
    const row = await writerRow(repo);
    expect(row.metadata).toMatchObject({
      [META.commit]: sha,
      [META.runUrl]: "https://github.com/acme/prompts/actions/runs/99",
      [META.pr]: "12",
    });
    // Provenance is never a diff: the same files from another run change nothing.
    const again = await reconcile(repo, [], { GITHUB_REPOSITORY: "acme/prompts", GITHUB_RUN_ID: "100" });
    expect(again.report!.changes.map((c) => c.action)).toEqual(["noop"]);
  });

  it("a saved plan applies exactly, and is refused (writing nothing) once someone else changed the assistant", async () => {
    const repo = await writerRepo();
    const { commit } = await initGit(repo);
    await commit("first");
    await reconcile(repo);
    await repo.write("prompts/writer.md", "You write posts.\nBe thorough.\n");
    const planned = await commit("thorough");

    const planFile = join(repo.dir, "plan.json");
    const made = await cli(["plan", "--dir", repo.dir, "--url", serverUrl(), "--out", planFile], { LANGGRAPH_API_KEY: "sk-never-saved" });
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`Saved the plan to ${planFile}`);
    const savedText = await readFile(planFile, "utf8");
    expect(savedText).not.toContain("sk-never-saved");
    const saved = JSON.parse(savedText) as SavedPlan;
    expect(saved).toMatchObject({ format_version: 1, url: serverUrl(), environment: null, owner: repo.owner, git: { commit: planned, uncommitted: [] } });
    expect(saved.plan.changes[0]).toMatchObject({ action: "update", from_version: 1, to_version: 2 });

    // Someone else changes the assistant (by hand, or another reconcile).
    const api = client();
    const before = await writerRow(repo);
    await api.update(before.assistant_id, {
      graph_id: before.graph_id,
      name: before.name,
      description: "Edited in Studio",
      config: before.config,
      context: before.context,
      metadata: {},
    });
    const moved = await writerRow(repo);
    const versionsBefore = await api.allVersions(moved.assistant_id);

    const refused = await cli(["apply", planFile, "--dir", repo.dir, "--url", serverUrl()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("the deployment changed since the plan was made");
    expect(refused.stderr).toContain("writer-bot");
    expect(refused.stderr).toContain("planned against v1");
    expect(refused.stderr).toContain("Nothing was written.");
    expect(await writerRow(repo)).toEqual(moved);
    expect(await api.allVersions(moved.assistant_id)).toEqual(versionsBefore);

    // A fresh plan applies; files edited after it was saved are ignored.
    const fresh = await cli(["plan", "--dir", repo.dir, "--url", serverUrl(), "--out", planFile, "--output", "json"]);
    expect(fresh.code).toBe(0);
    expect(fresh.stderr).toContain(`Saved the plan to ${planFile}`);
    await repo.write("prompts/writer.md", "Edited after the plan: never applied.\n");
    await commit("later edit");
    const applied = await cli(["apply", planFile, "--dir", repo.dir, "--output", "json"]);
    expect(applied.code).toBe(0);
    const report = JSON.parse(applied.stdout) as JsonReport;
    expect(report.changes[0]).toMatchObject({ action: "update", from_version: 2, to_version: 3, result: { status: "applied", version: 3 } });
    const live = await writerRow(repo);
    expect(live.context["system_prompt"]).toBe("You write posts.\nBe thorough.\n");
    expect(live.description).toBe("Writes posts");
    expect(live.metadata[META.commit]).toBe(planned);

    // Applying the same plan twice: the deployment moved (by the plan itself).
    const twice = await cli(["apply", planFile, "--dir", repo.dir]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain("changed since the plan was made");
    expect((await writerRow(repo)).version).toBe(3);
  });

  it("a saved plan is refused for another deployment, and when a create target appeared meanwhile", async () => {
    const repo = await writerRepo();
    const planFile = join(repo.dir, "plan.json");
    expect((await cli(["plan", "--dir", repo.dir, "--url", serverUrl(), "--out", planFile])).code).toBe(0);

    const otherUrl = await cli(["apply", planFile, "--dir", repo.dir, "--url", "http://127.0.0.1:9"]);
    expect(otherUrl.code).toBe(1);
    expect(otherUrl.stderr).toContain(`refusing to apply: the plan was made for ${serverUrl()}, not http://127.0.0.1:9 (--url)`);
    const otherVariable = await cli(["apply", planFile, "--dir", repo.dir], { LANGGRAPH_API_URL: "http://127.0.0.1:9" });
    expect(otherVariable.code).toBe(1);
    expect(otherVariable.stderr).toContain("($LANGGRAPH_API_URL)");
    const otherEnv = await cli(["apply", planFile, "--dir", repo.dir, "--env", "production"]);
    expect(otherEnv.code).toBe(1);
    expect(otherEnv.stderr).toContain('not environment "production"');

    // Someone else reconciled first: the assistant the plan would create exists now.
    expect((await reconcile(repo)).code).toBe(0);
    const row = await writerRow(repo);
    const refused = await cli(["apply", planFile, "--dir", repo.dir, "--url", serverUrl()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("was created since the plan was made");
    expect(await writerRow(repo)).toEqual(row);

    await writeFile(planFile, "{ not json");
    const broken = await cli(["apply", planFile, "--dir", repo.dir]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("cannot be applied: not JSON");
  });

  it("refuses to apply from a dirty tree unless --allow-dirty; a dry run is always allowed", async () => {
    const repo = await writerRepo();
    const { commit } = await initGit(repo);
    const sha = await commit("first");
    await repo.write("prompts/writer.md", "Uncommitted.\n");
    await repo.write("assistants/extra.yaml", "name: extra-bot\ngraph: writer\n");

    const refused = await cli(["reconcile", "--dir", repo.dir, "--url", serverUrl()]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("uncommitted changes");
    expect(refused.stderr).toContain("  assistants/extra.yaml\n  prompts/writer.md\n");
    expect(refused.stderr).toContain("--allow-dirty");
    expect(await client().listOwned(repo.owner)).toEqual([]);

    expect((await cli(["plan", "--dir", repo.dir, "--url", serverUrl()])).code).toBe(0);
    expect((await cli(["reconcile", "--dry-run", "--dir", repo.dir, "--url", serverUrl()])).code).toBe(0);

    // A plan saved from the dirty tree carries the list, and its apply is refused too.
    const planFile = join(repo.dir, "plan.json");
    expect((await cli(["plan", "--dir", repo.dir, "--url", serverUrl(), "--out", planFile])).code).toBe(0);
    const dirtyApply = await cli(["apply", planFile, "--dir", repo.dir]);
    expect(dirtyApply.code).toBe(1);
    expect(dirtyApply.stderr).toContain("it was made from files with uncommitted changes");
    expect(await client().listOwned(repo.owner)).toEqual([]);
    expect((await cli(["apply", planFile, "--dir", repo.dir, "--allow-dirty"])).code).toBe(0);
    expect(await client().listOwned(repo.owner)).toHaveLength(2);

    const allowed = await reconcile(repo, ["--allow-dirty"]);
    expect(allowed.code).toBe(0);
    expect((await writerRow(repo)).metadata[META.commit]).toBe(sha);
  });

  it("outside a git work tree everything works and provenance keys are left out", async () => {
    const dir = await mkdtemp(join(tmpdir(), "assistantctl-nogit-"));
    try {
      const owner = `t-nogit-${Date.now().toString(36)}`;
      await mkdir(join(dir, "assistants"));
      await mkdir(join(dir, "prompts"));
      await writeFile(join(dir, "assistantctl.yaml"), `owner: ${owner}\n`);
      await writeFile(join(dir, "assistants", "writer.yaml"), WRITER);
      await writeFile(join(dir, "prompts", "writer.md"), "You write posts.\n");
      const repo = { dir, owner } as TempRepo;
      expect((await reconcile(repo)).code).toBe(0);
      const row = await writerRow(repo);
      expect(row.metadata[META.file]).toBe("assistants/writer.yaml");
      expect(row.metadata).not.toHaveProperty(META.commit);
      const history = await cli(["history", "writer-bot", "--dir", dir, "--url", serverUrl()]);
      expect(history.code).toBe(0);
      expect(history.stdout).toMatch(/\* v1 .*\(no commit recorded\)/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
