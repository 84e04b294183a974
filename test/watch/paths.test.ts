// What watch mode looks at, and which saves start a reconcile.
import { describe, expect, it } from "vitest";
import { collectIncludePaths, isEditorTempFile, WatchSet } from "../../src/watch/paths.js";
import { tempRepo } from "../support/repo.js";

const DIR = "/repo";
const at = (path: string) => `${DIR}/${path}`;

describe("WatchSet", () => {
  it("walks only into assistants/, schemas/, assistantctl.yaml and the folders of included files", () => {
    const set = new WatchSet(DIR);
    set.setIncludes(["prompts/shared/tone.md", "assistants/prompts/a.md"]);
    for (const path of ["", "assistants", "assistants/team/a.yaml", "schemas", "schemas/writer.json", "assistantctl.yaml", "prompts", "prompts/shared", "prompts/shared/tone.md"]) {
      expect(set.ignores(at(path).replace(/\/$/, "")), path).toBe(false);
    }
    for (const path of ["node_modules", ".git", ".git/index", "src", "prompts/other.md", "schemas/editor", "schemas/editor/x.json", "schemas/index.ts", "assistants/node_modules", "assistants/.hidden/a.yaml", "README.md"]) {
      expect(set.ignores(at(path)), path).toBe(true);
    }
    expect(set.ignores("/elsewhere/file")).toBe(true);
  });

  it("ignores editor temporary and backup files", () => {
    for (const name of [".a.yaml.swp", ".a.yaml.swx", "a.yaml~", "4913", "a.yaml___jb_tmp___", "a.yaml___jb_old___", "#a.yaml#", ".#a.yaml", "a.yaml.tmp", ".goutputstream-X1"]) {
      expect(isEditorTempFile(name), name).toBe(true);
    }
    for (const name of ["a.yaml", "blog.md", "4913.md", "notes.swpx"]) expect(isEditorTempFile(name), name).toBe(false);
    const set = new WatchSet(DIR);
    expect(set.triggers("add", at("assistants/4913"))).toBe(false);
    expect(set.triggers("change", at("assistants/.a.yaml.swp"))).toBe(false);
  });

  it("starts a reconcile for assistant files, included files, schemas and assistantctl.yaml only", () => {
    const set = new WatchSet(DIR);
    set.setIncludes(["assistants/prompts/a.md", "prompts/b.md"]);
    expect(set.triggers("change", at("assistants/a.yaml"))).toBe(true);
    expect(set.triggers("add", at("assistants/team/b.YML"))).toBe(true);
    expect(set.triggers("unlink", at("assistants/a.yaml"))).toBe(true);
    expect(set.triggers("change", at("assistants/prompts/a.md"))).toBe(true);
    expect(set.triggers("change", at("prompts/b.md"))).toBe(true);
    expect(set.triggers("change", at("schemas/writer.json"))).toBe(true);
    expect(set.triggers("change", at("assistantctl.yaml"))).toBe(true);
    expect(set.triggers("unlinkDir", at("assistants/team"))).toBe(true);

    expect(set.triggers("change", at("assistants/README.md"))).toBe(false);
    expect(set.triggers("change", at("assistants/prompts/unused.md"))).toBe(false);
    expect(set.triggers("addDir", at("assistants/team"))).toBe(false);
    expect(set.triggers("change", at("prompts/c.md"))).toBe(false);
  });

  it("follows includes as they change and reports the new ones", () => {
    const set = new WatchSet(DIR);
    expect(set.setIncludes(["a.md", "p/b.md"])).toEqual(["a.md", "p/b.md"]);
    expect(set.setIncludes(["p/b.md", "q/c.md"])).toEqual(["q/c.md"]);
    expect(set.triggers("change", at("a.md"))).toBe(false);
    expect(set.ignores(at("a.md"))).toBe(true);
    expect(set.ignores(at("p"))).toBe(false);
    expect(set.triggers("change", at("q/c.md"))).toBe(true);
  });
});

describe("collectIncludePaths", () => {
  it("lists the !file paths of every assistant file that parses, even one that is otherwise invalid", async () => {
    const repo = await tempRepo({
      "assistants/a.yaml": "name: a\ngraph: writer\ncontext:\n  system_prompt: !file prompts/a.md\n",
      "assistants/b.yaml": "name: b\nunknown_key: 1\nconfig:\n  configurable:\n    p: !file ../shared/missing.md\n",
      "assistants/broken.yaml": "name: [\n",
    });
    expect(await collectIncludePaths(repo.dir)).toEqual(["assistants/prompts/a.md", "shared/missing.md"]);
  });
});
