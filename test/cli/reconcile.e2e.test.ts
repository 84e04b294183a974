// The core issue's "Done when", end to end, against the real LangGraph server.
import { describe, expect, it } from "vitest";
import { LangGraphClient } from "../../src/remote/index.js";
import { META } from "../../src/plan/content.js";
import type { JsonReport } from "../../src/render/json.js";
import { cli, tempRepo, type TempRepo } from "../support/repo.js";
import { runWait, serverUrl } from "../support/server.js";

const WRITER = `name: writer-bot
graph: writer
description: Writes posts
context:
  model_name: echo
  system_prompt: !file prompts/writer.md
  temperature: 0.5
metadata:
  team: content
`;

const SUPPORT = `name: support-bot
graph: support
config:
  configurable:
    model: m1
    system_prompt: !file ../prompts/support.md
    tools: [search]
`;

async function demoRepo(): Promise<TempRepo> {
  return tempRepo({
    "assistants/writer.yaml": WRITER,
    "assistants/team/support.yaml": SUPPORT,
    "assistants/prompts/writer.md": "You write posts.\nBe brief.\n",
    "assistants/prompts/support.md": "You answer questions.\n",
  });
}

async function reconcileJson(repo: TempRepo, ...flags: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const run = await cli(["reconcile", "--dir", repo.dir, "--url", serverUrl(), "--output", "json", ...flags]);
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
}

function client(): LangGraphClient {
  return new LangGraphClient({ url: serverUrl() });
}

async function versionCounts(repo: TempRepo): Promise<Record<string, number>> {
  const api = client();
  const rows = await api.listOwned(repo.owner);
  const counts: Record<string, number> = {};
  for (const row of rows) counts[row.name] = (await api.allVersions(row.assistant_id)).length;
  return counts;
}

describe("reconcile against the real server", () => {
  it("creates, then is all noop with zero new versions, and the graph receives the declared context", async () => {
    const repo = await demoRepo();
    const first = await reconcileJson(repo);
    expect(first.code).toBe(0);
    expect(first.report.changes.map((c) => [c.name, c.action, c.to_version])).toEqual([
      ["support-bot", "create", 1],
      ["writer-bot", "create", 1],
    ]);
    expect(first.report.changes.every((c) => c.result?.status === "applied")).toBe(true);

    const second = await reconcileJson(repo);
    expect(second.code).toBe(0);
    expect(second.report.changes.map((c) => c.action)).toEqual(["noop", "noop"]);
    expect(await versionCounts(repo)).toEqual({ "support-bot": 1, "writer-bot": 1 });

    const writer = first.report.changes.find((c) => c.name === "writer-bot")!;
    const output = (await runWait(serverUrl(), writer.assistant_id, { topic: "t" })) as { received_context: unknown };
    expect(output.received_context).toEqual({ model_name: "echo", system_prompt: "You write posts.\nBe brief.\n", temperature: 0.5 });

    const support = first.report.changes.find((c) => c.name === "support-bot")!;
    const supportOutput = (await runWait(serverUrl(), support.assistant_id, { question: "q" })) as { received_config: unknown };
    expect(supportOutput.received_config).toEqual({ model: "m1", system_prompt: "You answer questions.\n", tools: ["search"] });
  });

  it("editing a prompt makes exactly one update and one version; reverting it sets latest back with no new version", async () => {
    const repo = await demoRepo();
    await reconcileJson(repo);

    await repo.write("assistants/prompts/support.md", "You answer questions politely.\n");
    const edit = await reconcileJson(repo);
    const update = edit.report.changes.find((c) => c.name === "support-bot")!;
    expect(update).toMatchObject({ action: "update", from_version: 1, to_version: 2 });
    expect(update.diff).toEqual([
      {
        path: "config.configurable.system_prompt",
        kind: "changed",
        before: "You answer questions.\n",
        after: "You answer questions politely.\n",
        lines: ["@@ -1,1 +1,1 @@", "-You answer questions.", "+You answer questions politely."],
      },
    ]);
    expect(edit.report.changes.find((c) => c.name === "writer-bot")!.action).toBe("noop");
    expect(await versionCounts(repo)).toEqual({ "support-bot": 2, "writer-bot": 1 });

    await repo.write("assistants/prompts/support.md", "You answer questions.\n");
    const revert = await reconcileJson(repo);
    const back = revert.report.changes.find((c) => c.name === "support-bot")!;
    expect(back).toMatchObject({ action: "set-latest", from_version: 2, to_version: 1 });
    expect(back.result).toEqual({ status: "applied", version: 1, repaired: false });
    expect(await versionCounts(repo)).toEqual({ "support-bot": 2, "writer-bot": 1 });
    const live = await client().get(back.assistant_id);
    expect(live?.version).toBe(1);
    expect((await reconcileJson(repo)).report.changes.map((c) => c.action)).toEqual(["noop", "noop"]);
  });

  it("reverting a context prompt on the JS server moves the pointer and repairs with one PATCH", async () => {
    const repo = await demoRepo();
    await reconcileJson(repo);
    await repo.write("assistants/prompts/writer.md", "You write posts.\nBe thorough.\n");
    await reconcileJson(repo);
    await repo.write("assistants/prompts/writer.md", "You write posts.\nBe brief.\n");

    const revert = await reconcileJson(repo);
    const back = revert.report.changes.find((c) => c.name === "writer-bot")!;
    expect(back).toMatchObject({ action: "set-latest", from_version: 2, to_version: 1 });
    expect(back.result).toEqual({ status: "applied", version: 3, repaired: true });
    const live = await client().get(back.assistant_id);
    expect(live?.context).toEqual({ model_name: "echo", system_prompt: "You write posts.\nBe brief.\n", temperature: 0.5 });
    expect((await versionCounts(repo))["writer-bot"]).toBe(3);

    const text = await cli(["reconcile", "--dir", repo.dir, "--url", serverUrl()]);
    expect(text.stdout).toContain("Every assistant is in sync with its file.");
  });

  it("a broken YAML file exits 1 naming file:line:col and writes nothing", async () => {
    const repo = await demoRepo();
    await reconcileJson(repo);
    const before = await client().listOwned(repo.owner);

    await repo.write("assistants/prompts/writer.md", "Changed, but must not be applied.\n");
    await repo.write("assistants/broken.yaml", "name: broken\ngraph: writer\ncontext:\n  model_name: [unclosed\n");
    const run = await cli(["reconcile", "--dir", repo.dir, "--url", serverUrl()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^assistants\/broken\.yaml:\d+:\d+ /m);
    expect(run.stderr).toContain("nothing was written");
    expect(await client().listOwned(repo.owner)).toEqual(before);
  });

  it("--dry-run writes nothing; --detailed-exitcode exits 2 with changes pending and 0 in sync", async () => {
    const repo = await demoRepo();
    const dry = await cli(["reconcile", "--dir", repo.dir, "--url", serverUrl(), "--dry-run", "--detailed-exitcode"]);
    expect(dry.code).toBe(2);
    expect(dry.stdout).toContain("+ create");
    expect(dry.stdout).toMatch(/Plan: 2 to create, 0 to update, 0 to set latest, 0 to delete, 0 unchanged\./);
    expect(await client().listOwned(repo.owner)).toEqual([]);

    const plan = await cli(["plan", "--dir", repo.dir, "--url", serverUrl()]);
    expect(plan.code).toBe(0);
    expect(await client().listOwned(repo.owner)).toEqual([]);

    await reconcileJson(repo);
    const inSync = await cli(["plan", "--dir", repo.dir, "--url", serverUrl(), "--detailed-exitcode"]);
    expect(inSync.code).toBe(0);
  });

  it("reports a file removed without --prune, and with --prune backs it up and deletes it", async () => {
    const repo = await demoRepo();
    await reconcileJson(repo);
    await repo.remove("assistants/team/support.yaml");

    const kept = await reconcileJson(repo);
    expect(kept.code).toBe(0);
    expect(kept.report.changes.find((c) => c.name === "support-bot")).toMatchObject({ action: "delete", prune: false });
    expect(await client().listOwned(repo.owner)).toHaveLength(2);

    const pruned = await reconcileJson(repo, "--prune");
    const deleted = pruned.report.changes.find((c) => c.name === "support-bot")!;
    expect(deleted.result).toMatchObject({ status: "applied" });
    const backup = deleted.result?.status === "applied" ? deleted.result.backup : undefined;
    expect(backup).toContain(".assistantctl/backups/support-bot-");
    expect(await client().get(deleted.assistant_id)).toBeNull();
    const { readFile } = await import("node:fs/promises");
    const saved = JSON.parse(await readFile(backup!, "utf8"));
    expect(saved.versions[0].config.configurable.system_prompt).toBe("You answer questions.\n");
  });

  it("refuses --prune when assistants/ is missing (a wrong --dir), but prunes all for an empty folder", async () => {
    const repo = await demoRepo();
    await reconcileJson(repo);
    await repo.remove("assistants");

    const refused = await cli(["reconcile", "--dir", repo.dir, "--url", serverUrl(), "--prune"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("refusing to --prune");
    expect(await client().listOwned(repo.owner)).toHaveLength(2);

    const { mkdir } = await import("node:fs/promises");
    await mkdir(`${repo.dir}/assistants`);
    const pruned = await reconcileJson(repo, "--prune");
    expect(pruned.code).toBe(0);
    expect(pruned.report.summary.delete).toBe(2);
    expect(await client().listOwned(repo.owner)).toEqual([]);
  });

  it("metadata keys removed from a file are cleared, and the tool's keys never show as a diff", async () => {
    const repo = await demoRepo();
    await reconcileJson(repo);
    await repo.write("assistants/writer.yaml", WRITER.replace("metadata:\n  team: content\n", ""));
    const edit = await reconcileJson(repo);
    const change = edit.report.changes.find((c) => c.name === "writer-bot")!;
    expect(change.diff).toEqual([{ path: "metadata.team", kind: "removed", before: "content" }]);
    const live = await client().get(change.assistant_id);
    expect(live?.metadata["team"]).toBeNull();
    expect(live?.metadata[META.owner]).toBe(repo.owner);
    expect((await reconcileJson(repo)).report.changes.map((c) => c.action)).toEqual(["noop", "noop"]);
  });

  it("without a URL exits 1 with a clear message; never falls back to a local server", async () => {
    const repo = await demoRepo();
    const run = await cli(["reconcile", "--dir", repo.dir], { LANGGRAPH_API_URL: "" });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("no deployment given");
  });

  it("an unreachable server is one clear line without a stack, and never prints the API key", async () => {
    const repo = await demoRepo();
    const run = await cli(["reconcile", "--dir", repo.dir, "--url", "http://127.0.0.1:9"], { LANGGRAPH_API_KEY: "sk-secret-123" });
    expect(run.code).toBe(1);
    // Warnings about uncommitted schemas may come first; the error is one line, no stack.
    expect(run.stderr.trim().split("\n").at(-1)).toBe("error: cannot reach http://127.0.0.1:9: connection refused");
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stderr + run.stdout).not.toContain("sk-secret-123");
  });

  it("a graph the deployment does not have is an error at plan time", async () => {
    const repo = await tempRepo({ "assistants/x.yaml": "name: x\ngraph: no-such-graph\n" });
    const run = await cli(["reconcile", "--dir", repo.dir, "--url", serverUrl()]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('assistants/x.yaml:2:8 graph "no-such-graph" does not exist on the deployment');
    expect(await client().listOwned(repo.owner)).toEqual([]);
  });
});
