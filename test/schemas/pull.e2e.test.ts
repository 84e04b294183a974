// `assistantctl schemas pull` against the real LangGraph server with the demo
// graphs, and schema validation stopping validate/reconcile before any write.
import { cp, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { LangGraphClient } from "../../src/remote/index.js";
import { cli, tempRepo, type TempRepo } from "../support/repo.js";
import { serverUrl } from "../support/server.js";

const ROOT = resolve(import.meta.dirname, "..", "..");

const WRITER = `name: blog
graph: writer
description: Blog posts
context:
  model_name: anthropic
  system_prompt: Write.
  temperature: 0.7
`;

const SUPPORT = `name: support-bot
graph: support
config:
  configurable:
    model: m1
    system_prompt: Help.
    tools: [search]
`;

async function demoRepo(files: Record<string, string> = {}): Promise<TempRepo> {
  return tempRepo({ "assistants/blog.yaml": WRITER, "assistants/team/support.yaml": SUPPORT, ...files });
}

const pull = (repo: TempRepo, ...flags: string[]) => cli(["schemas", "pull", "--dir", repo.dir, "--url", serverUrl(), ...flags]);

describe("assistantctl schemas pull against the real server", () => {
  it("writes both graphs' schemas (2020-12 and draft-07) and the editor schemas; a second pull changes nothing", async () => {
    const repo = await demoRepo();
    const first = await pull(repo);
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("wrote     schemas/writer.json\n");
    expect(first.stdout).toContain("wrote     schemas/support.json\n");
    expect(first.stdout).toContain("Pulled the schemas of 2 graphs (support, writer)");

    const writer = JSON.parse(await repo.read("schemas/writer.json")) as Record<string, Record<string, unknown>>;
    const support = JSON.parse(await repo.read("schemas/support.json")) as Record<string, Record<string, unknown>>;
    expect(writer["graph_id"]).toBe("writer");
    expect(writer["context_schema"]?.["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(writer["context_schema"]?.["additionalProperties"]).toBe(false);
    expect(support["config_schema"]?.["$schema"]).toBe("http://json-schema.org/draft-07/schema#");
    // The same bytes as the demo schemas committed in this repository.
    for (const file of ["schemas/writer.json", "schemas/support.json", "schemas/editor/writer.assistant.schema.json"]) {
      expect(await repo.read(file)).toBe(await readFile(join(ROOT, file), "utf8"));
    }
    expect(JSON.parse(await repo.read("schemas/editor/assistant.schema.json"))).toMatchObject({ title: "assistantctl assistant file" });

    const mtime = (await stat(join(repo.dir, "schemas/writer.json"))).mtimeMs;
    const second = await pull(repo);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("nothing changed.");
    expect(second.stdout).not.toContain("wrote");
    expect((await stat(join(repo.dir, "schemas/writer.json"))).mtimeMs).toBe(mtime);

    const check = await pull(repo, "--check");
    expect(check.code).toBe(0);
    expect(check.stdout).toContain("match");
  });

  it("--check exits 1 with a diff when a committed schema is out of date, and writes nothing", async () => {
    const repo = await demoRepo();
    expect((await pull(repo)).code).toBe(0);
    const edited = (await repo.read("schemas/writer.json")).replace('"maximum": 2,', '"maximum": 5,');
    await repo.write("schemas/writer.json", edited);

    const check = await pull(repo, "--check");
    expect(check.code).toBe(1);
    expect(check.stdout).toContain("--- a/schemas/writer.json\n+++ b/schemas/writer.json\n");
    expect(check.stdout).toContain('-        "maximum": 5,\n+        "maximum": 2,');
    expect(check.stderr).toContain("The committed schemas are out of date: 1 file differ");
    expect(check.stderr).toContain("schemas/writer.json");
    expect(await repo.read("schemas/writer.json")).toBe(edited);

    // An editor schema that is missing is out of date too.
    await repo.remove("schemas/editor/support.assistant.schema.json");
    await repo.write("schemas/writer.json", await readFile(join(ROOT, "schemas/writer.json"), "utf8"));
    const missing = await pull(repo, "--check");
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain("--- /dev/null\n+++ b/schemas/editor/support.assistant.schema.json");
  });

  it("reports the assistants that the newly pulled schemas make invalid", async () => {
    const hot = `name: hot\ngraph: writer\ncontext:\n  model_name: echo\n  system_prompt: Hi.\n  temperature: 3\n`;
    const repo = await demoRepo({ "assistants/hot.yaml": hot });
    // The committed schema allowed up to 5; the graph now says 2.
    const loose = (await readFile(join(ROOT, "schemas/writer.json"), "utf8")).replaceAll('"maximum": 2,', '"maximum": 5,');
    await repo.write("schemas/writer.json", loose);
    expect((await cli(["validate", "--dir", repo.dir])).code).toBe(0);

    const run = await pull(repo);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("assistants/hot.yaml:6:16 warning: context.temperature: must be <= 2\n");
    expect(run.stderr).toContain("The pulled schemas make 1 assistant invalid: hot (assistants/hot.yaml).");
    expect(run.stdout).toContain("wrote     schemas/writer.json");

    const validate = await cli(["validate", "--dir", repo.dir]);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain("assistants/hot.yaml:6:16 context.temperature: must be <= 2");
  });

  it("pulls only the graphs the assistants use, and every graph with --all", async () => {
    const repo = await tempRepo({ "assistants/support.yaml": SUPPORT });
    expect((await pull(repo)).code).toBe(0);
    await expect(repo.read("schemas/writer.json")).rejects.toThrow();
    expect(await repo.read("schemas/support.json")).toContain('"graph_id": "support"');

    const all = await pull(repo, "--all");
    expect(all.code).toBe(0);
    expect(all.stdout).toContain("wrote     schemas/writer.json");
    expect(all.stdout).toContain("unchanged schemas/support.json");
  });

  it("refuses a graph the deployment does not have, at its graph: node, writing nothing", async () => {
    const repo = await demoRepo({ "assistants/ghost.yaml": "name: ghost\ngraph: no-such-graph\n" });
    const run = await pull(repo);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('assistants/ghost.yaml:2:8 graph "no-such-graph" does not exist on the deployment (its graphs: support, writer)');
    await expect(repo.read("schemas/writer.json")).rejects.toThrow();
  });

  it("`schemas pull && codegen && validate` runs clean and generates the committed module", async () => {
    const repo = await demoRepo();
    expect((await pull(repo)).code).toBe(0);
    const codegen = await cli(["codegen", "--dir", repo.dir]);
    expect(codegen.code).toBe(0);
    expect(await repo.read("schemas/index.ts")).toBe(await readFile(join(ROOT, "schemas/index.ts"), "utf8"));
    const validate = await cli(["validate", "--dir", repo.dir]);
    expect(validate.stderr).toBe("");
    expect(validate.code).toBe(0);
  });
});

describe("reconcile with the committed schemas", () => {
  const violations = join(ROOT, "test", "fixtures", "schemas", "violations");

  it("fails with exit 1 and each violation's location, and writes nothing", async () => {
    const repo = await tempRepo();
    await cp(join(violations, "assistants"), join(repo.dir, "assistants"), { recursive: true });
    await cp(join(violations, "schemas"), join(repo.dir, "schemas"), { recursive: true });

    for (const command of ["reconcile", "plan"]) {
      const run = await cli([command, "--dir", repo.dir, "--url", serverUrl()]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain("assistants/out-of-range.yaml:7:16 context.temperature: must be <= 2\n");
      expect(run.stderr).toContain('assistants/wrong-type.yaml:6:16 context.temperature: must be a number, got a string ("hot")\n');
      expect(run.stderr).toContain(
        `assistants/unknown-key.yaml:4:15 context.model_nmae: unknown key (not in the graph's context schema); did you mean "model_name"?\n`,
      );
      expect(run.stderr).toContain('assistants/missing-required.yaml:4:3 context: missing required key "system_prompt"\n');
      expect(run.stderr).toContain("7 errors in the input files; nothing was written.");
    }
    expect(await new LangGraphClient({ url: serverUrl() }).listOwned(repo.owner)).toEqual([]);
  });

  it("goes ahead with a warning when a used graph has no committed schema", async () => {
    const repo = await demoRepo();
    const run = await cli(["reconcile", "--dir", repo.dir, "--url", serverUrl()]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('assistants/blog.yaml:2:8 warning: graph "writer" has no committed schema (schemas/writer.json)');
    expect((await new LangGraphClient({ url: serverUrl() }).listOwned(repo.owner)).map((r) => r.name).sort()).toEqual(["blog", "support-bot"]);
  });
});
