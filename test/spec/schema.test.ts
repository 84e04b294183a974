// The assistant file format: keys, types, names, ids, metadata, and the
// normalisation into DesiredAssistant.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { assistantFileSchema } from "../../src/spec/index.js";
import { issuesOf, parse } from "./helpers.js";

const FILE = "assistants/test.yaml";
const NAME_RULE =
  "must be 1 to 128 characters: letters, digits, '.', '_' or '-', starting with a letter or digit (pattern ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$)";

describe("unknown keys", () => {
  it("reports an unknown top-level key at the key, with a suggestion", () => {
    expect(issuesOf("name: a\ngraph: g\ndescripton: x\n")).toEqual([`${FILE}:3:1 unknown key "descripton" (did you mean "description"?)`]);
  });

  it("suggests a key for a swap of two letters", () => {
    expect(issuesOf("name: a\ngrpah: g\n")).toEqual([
      `${FILE}:1:1 missing required key "graph"`,
      `${FILE}:2:1 unknown key "grpah" (did you mean "graph"?)`,
    ]);
  });

  it("suggests snake_case keys for other spellings and truncated keys", () => {
    expect(issuesOf("name: a\ngraph: g\nconfig:\n  recursionLimit: 5\n  Run-Name: x\n  max: 2\n")).toEqual([
      `${FILE}:4:3 config: unknown key "recursionLimit" (did you mean "recursion_limit"?)`,
      `${FILE}:5:3 config: unknown key "Run-Name" (did you mean "run_name"?)`,
      `${FILE}:6:3 config: unknown key "max" (did you mean "max_concurrency"?)`,
    ]);
  });

  it("reports unknown keys inside config, and no suggestion for a stranger", () => {
    expect(issuesOf("name: a\ngraph: g\nprompt: hi\nconfig:\n  tag: [x]\n")).toEqual([
      `${FILE}:3:1 unknown key "prompt"`,
      `${FILE}:5:3 config: unknown key "tag" (did you mean "tags"?)`,
    ]);
  });

  it("accepts any key inside the free-form mappings", () => {
    const text = "name: a\ngraph: g\ncontext: { anything: 1 }\nconfig:\n  configurable: { whatever: [1] }\nmetadata: { team: x }\n";
    expect(parse(text).issues).toEqual([]);
  });
});

describe("types", () => {
  it("reports a wrong type at the value node", () => {
    expect(issuesOf("name: a\ngraph: g\ncontext: [1, 2]\n")).toEqual([`${FILE}:3:10 context: expected a mapping, got a list`]);
    expect(issuesOf("name: a\ngraph: g\ncontext:\n    - model\n")).toEqual([`${FILE}:4:5 context: expected a mapping, got a list`]);
  });

  it("describes what was found instead", () => {
    const text = [
      "name: 123",
      "graph: g",
      "description:",
      "metadata: text",
      "config:",
      "  tags: blog",
      "  recursion_limit: 2.5",
      "  max_concurrency: 0",
      "  run_name: false",
      "  configurable: [1]",
      "",
    ].join("\n");
    expect(issuesOf(text)).toEqual([
      `${FILE}:1:7 name: expected a string, got the number 123`,
      `${FILE}:3:13 description: expected a string, got an empty value`,
      `${FILE}:4:11 metadata: expected a mapping, got a string ("text")`,
      `${FILE}:6:9 config.tags: expected a list, got a string ("blog")`,
      `${FILE}:7:20 config.recursion_limit: expected an integer, got the number 2.5`,
      `${FILE}:8:20 config.max_concurrency: must be greater than 0`,
      `${FILE}:9:13 config.run_name: expected a string, got false`,
      `${FILE}:10:17 config.configurable: expected a mapping, got a list`,
    ]);
  });

  it("points into lists", () => {
    expect(issuesOf("name: a\ngraph: g\nconfig:\n  tags:\n    - ok\n    - 42\n")).toEqual([
      `${FILE}:6:7 config.tags.1: expected a string, got the number 42`,
    ]);
  });

  it("rejects an empty graph", () => {
    expect(issuesOf('name: a\ngraph: ""\n')).toEqual([`${FILE}:2:8 graph: must not be empty`]);
  });
});

describe("required keys", () => {
  it("reports missing keys at the start of the mapping (its first key)", () => {
    expect(issuesOf("# an assistant\n\ndescription: x\n")).toEqual([
      `${FILE}:3:1 missing required key "name"`,
      `${FILE}:3:1 missing required key "graph"`,
    ]);
    expect(issuesOf("{ name: a }\n")).toEqual([`${FILE}:1:3 missing required key "graph"`]);
  });

  it("reports at the document when the mapping is empty", () => {
    expect(issuesOf("{}\n")).toEqual([`${FILE}:1:1 missing required key "name"`, `${FILE}:1:1 missing required key "graph"`]);
  });
});

describe("names", () => {
  it.each(["-writer", "has space", "x/y", "a".repeat(129), "émoji"])("rejects %j with the rule", (name) => {
    expect(issuesOf(`name: ${JSON.stringify(name)}\ngraph: g\n`)).toEqual([`${FILE}:1:7 name: ${NAME_RULE}`]);
  });

  it.each(["a", "Blog_Writer-2.0", "0", "a".repeat(128)])("accepts %j", (name) => {
    expect(parse(`name: ${JSON.stringify(name)}\ngraph: g\n`).assistant?.name).toBe(name);
  });
});

describe("metadata", () => {
  it("rejects keys in the tool's namespace, at the key", () => {
    expect(issuesOf("name: a\ngraph: g\nmetadata:\n  team: a\n  assistantctl/owner: me\n  assistantctl: fine\n")).toEqual([
      `${FILE}:5:3 metadata: key "assistantctl/owner" is reserved: keys starting with "assistantctl/" belong to assistantctl`,
    ]);
  });
});

describe("id", () => {
  it("normalises a UUID to lowercase", () => {
    expect(parse("name: a\ngraph: g\nid: 4F0C2D44-5E6A-4B7C-8D9E-0A1B2C3D4E5F\n").assistant?.id).toBe("4f0c2d44-5e6a-4b7c-8d9e-0a1b2c3d4e5f");
  });

  it("rejects anything else", () => {
    expect(issuesOf("name: a\ngraph: g\nid: blog-writer\n")).toEqual([
      `${FILE}:3:5 id: must be a UUID such as 4f0c2d44-5e6a-4b7c-8d9e-0a1b2c3d4e5f`,
    ]);
    expect(issuesOf("name: a\ngraph: g\nid: 42\n")).toEqual([`${FILE}:3:5 id: expected a string, got the number 42`]);
  });
});

describe("normalisation", () => {
  it("fills absent fields with null or {}", () => {
    expect(parse("name: a\ngraph: g\n").assistant).toEqual({
      name: "a",
      graph: "g",
      description: null,
      context: null,
      config: null,
      metadata: {},
      id: null,
      source: { file: FILE, positions: { "": { line: 1, col: 1 }, name: { line: 1, col: 7 }, graph: { line: 2, col: 8 } }, includes: [] },
    });
  });

  it("keeps every declared field as written", () => {
    const text = [
      "name: blog-writer",
      "graph: writer",
      "description: Long-form blog posts",
      "context: { model_name: anthropic, temperature: 0.2, tools: [search], nested: { deep: null } }",
      "config:",
      "  configurable: { max_words: 800 }",
      "  tags: [blog]",
      "  recursion_limit: 25",
      "  run_name: blog",
      "  max_concurrency: 4",
      "metadata: { team: content }",
      "",
    ].join("\n");
    const { assistant, issues } = parse(text);
    expect(issues).toEqual([]);
    expect(assistant).toMatchObject({
      description: "Long-form blog posts",
      context: { model_name: "anthropic", temperature: 0.2, tools: ["search"], nested: { deep: null } },
      config: { configurable: { max_words: 800 }, tags: ["blog"], recursion_limit: 25, run_name: "blog", max_concurrency: 4 },
      metadata: { team: "content" },
    });
  });

  it("returns no assistant when there is any issue, and every issue in file order", () => {
    const result = parse("grpah: g\nname: -x\ncontext: 1\nmetadata: { assistantctl/x: 1 }\nid: x\n");
    expect(result.assistant).toBeUndefined();
    expect(result.issues.map((issue) => `${issue.location.line}:${issue.location.col}`)).toEqual(["1:1", "1:1", "2:7", "3:10", "4:13", "5:5"]);
  });
});

describe("assistantFileSchema", () => {
  it("converts to a JSON Schema for editors", () => {
    const schema = z.toJSONSchema(assistantFileSchema) as Record<string, unknown>;
    expect(schema).toMatchObject({ type: "object", required: ["name", "graph"], additionalProperties: false });
    expect(Object.keys(schema["properties"] as object)).toEqual(["name", "graph", "description", "context", "config", "metadata", "id"]);
  });
});
