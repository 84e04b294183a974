// Loading a repository folder: discovery, ordering, cross-file rules, and
// every issue of every file in one SpecError.
import { cp, mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SpecError, UserError } from "../../src/errors.js";
import { findAssistantFiles, loadAssistants, loadRepo, openRepository } from "../../src/spec/index.js";
import { fixture, rejectedLines, temporaryFolder, writeFiles } from "./helpers.js";

describe("loadAssistants", () => {
  it("loads every assistant, sorted by name in code-unit order", async () => {
    const assistants = await loadAssistants(fixture("valid"));
    expect(assistants.map((assistant) => [assistant.name, assistant.source.file])).toEqual([
      ["Zeta.v2", "assistants/zeta.yaml"],
      ["a-triage", "assistants/support/triage.yml"],
      ["blog-writer", "assistants/blog-writer.yaml"],
    ]);
  });

  it("resolves and normalises a full assistant", async () => {
    const blog = (await loadAssistants(fixture("valid"))).find((assistant) => assistant.name === "blog-writer");
    expect(blog).toEqual({
      name: "blog-writer",
      graph: "writer",
      description: "Long-form blog posts",
      context: { model_name: "anthropic", system_prompt: "You write blog posts.\n\nKeep them under {max_words} words.\n" },
      config: { configurable: { max_words: 800 }, tags: ["blog", "long-form"], recursion_limit: 25 },
      metadata: { team: "content" },
      id: null,
      source: {
        file: "assistants/blog-writer.yaml",
        positions: expect.objectContaining({ "": { line: 1, col: 1 }, "context.system_prompt": { line: 6, col: 24 }, "config.tags.1": { line: 9, col: 16 } }),
        includes: ["prompts/blog.md"],
      },
    });
  });

  it("lowercases ids and keeps YAML 1.2 strings", async () => {
    const assistants = await loadAssistants(fixture("valid"));
    expect(assistants[0]?.context).toEqual({ enabled: "yes" });
    expect(assistants[1]?.id).toBe("4f0c2d44-5e6a-4b7c-8d9e-0a1b2c3d4e5f");
  });

  it("is deterministic", async () => {
    const first = await loadAssistants(fixture("valid"));
    const second = await loadAssistants(fixture("valid"));
    expect(JSON.stringify(second)).toBe(JSON.stringify(first));
  });

  it("treats a missing assistants/ folder as no assistants", async () => {
    expect(await loadAssistants(fixture("config-only"))).toEqual([]);
  });

  it("refuses a repository folder that does not exist", async () => {
    await expect(loadAssistants(fixture("no-such-folder"))).rejects.toBeInstanceOf(UserError);
  });
});

describe("discovery", () => {
  it("lists .yaml and .yml files sorted, skipping dot files, dot folders and other extensions", async () => {
    const { files, issues } = await findAssistantFiles(await openRepository(fixture("valid")));
    expect(issues).toEqual([]);
    expect(files).toEqual(["assistants/blog-writer.yaml", "assistants/support/triage.yml", "assistants/zeta.yaml"]);
  });

  it("skips node_modules and does not follow symlinked folders", async () => {
    const base = await temporaryFolder();
    const root = join(base, "repo");
    await writeFiles(base, { "elsewhere/x.yaml": "not: [valid" });
    await writeFiles(root, {
      "assistants/a.yaml": "name: a\ngraph: g\n",
      "assistants/node_modules/pkg/x.yaml": "not: [valid",
      "assistants/deep/node_modules/y.yml": "not: [valid",
      "assistants/B.YML": "name: b\ngraph: g\n",
    });
    await symlink(join(base, "elsewhere"), join(root, "assistants/linked"));
    const { files } = await findAssistantFiles(await openRepository(root));
    expect(files).toEqual(["assistants/B.YML", "assistants/a.yaml"]);
    expect((await loadAssistants(root)).map((assistant) => assistant.name)).toEqual(["a", "b"]);
  });

  it("refuses a symlinked assistant file that leads outside the repository", async () => {
    const base = await temporaryFolder();
    const root = join(base, "repo");
    await writeFiles(base, { "outside.yaml": "name: stolen\ngraph: g\n" });
    await mkdir(join(root, "assistants"), { recursive: true });
    await symlink(join(base, "outside.yaml"), join(root, "assistants/link.yaml"));
    expect(await rejectedLines(loadAssistants(root))).toEqual([
      'assistants/link.yaml:1:1 "assistants/link.yaml" leads outside the repository through a symbolic link',
    ]);
  });
});

describe("cross-file rules", () => {
  it("reports a duplicate name and a duplicate id at the later file's node, naming the earlier file", async () => {
    expect(await rejectedLines(loadAssistants(fixture("duplicates")))).toEqual([
      'assistants/b.yaml:2:7 duplicate name "writer": assistants/a.yaml already declares it',
      "assistants/c.yaml:4:5 duplicate id 4f0c2d44-5e6a-4b7c-8d9e-0a1b2c3d4e5f: assistants/a.yaml already adopts it",
    ]);
  });
});

describe("all issues together", () => {
  const expected = [
    // The wording after "YAML syntax error:" is the yaml library's.
    expect.stringMatching(/^assistants\/one\.yaml:3:1 YAML syntax error: /),
    'assistants/three.yaml:4:24 !file "assistants/missing.md" does not exist',
    'assistants/two.yaml:3:1 unknown key "desciption" (did you mean "description"?)',
  ];

  it("loadAssistants reports every broken file in one SpecError", async () => {
    expect(await rejectedLines(loadAssistants(fixture("many-broken")))).toEqual(expected);
  });

  it("loadRepo adds the config's issues, config first", async () => {
    expect(await rejectedLines(loadRepo(fixture("many-broken")))).toEqual([
      'assistantctl.yaml:2:1 unknown key "enviroments" (did you mean "environments"?)',
      ...expected,
    ]);
  });

  it("keeps the issues as data on the error", async () => {
    const error = await loadRepo(fixture("many-broken")).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SpecError);
    expect((error as SpecError).issues.every((issue) => issue.severity === "error")).toBe(true);
    expect((error as SpecError).message.split("\n")).toHaveLength(4);
  });

  it("loadRepo returns config and assistants when all is well", async () => {
    const { config, assistants } = await loadRepo(fixture("valid"));
    expect(config.owner).toBe("content-team");
    expect(assistants).toHaveLength(3);
  });

  it("does not depend on where the repository lives", async () => {
    const root = join(await temporaryFolder(), "copy");
    await cp(fixture("valid"), root, { recursive: true });
    expect(JSON.stringify(await loadRepo(root))).toBe(JSON.stringify(await loadRepo(fixture("valid"))));
  });
});
