// source.positions and locate(): pointing later findings back at YAML nodes.
import { describe, expect, it } from "vitest";
import type { AssistantSource } from "../../src/model.js";
import { locate } from "../../src/spec/index.js";
import { parse } from "./helpers.js";

const FILE = "assistants/test.yaml";
const TEXT = [
  "# leading comment",
  "name: a",
  "graph: g",
  "context:",
  "  system_prompt: !file ../prompts/p.md",
  "  schema:",
  "    properties: { tone: { enum: [warm, cold] } }",
  "config:",
  "  tags:",
  "    - first",
  "    - second",
  "metadata: { a.b: dotted }",
  "",
].join("\n");

function source(): AssistantSource {
  const { assistant, issues } = parse(TEXT, { "prompts/p.md": "Hello\n" });
  expect(issues).toEqual([]);
  if (!assistant) throw new Error("fixture text must parse");
  return assistant.source;
}

describe("source.positions", () => {
  it("records every value node by dotted path; the document at its first key", () => {
    expect(source().positions).toEqual({
      "": { line: 2, col: 1 },
      name: { line: 2, col: 7 },
      graph: { line: 3, col: 8 },
      context: { line: 5, col: 3 },
      "context.system_prompt": { line: 5, col: 24 },
      "context.schema": { line: 7, col: 5 },
      "context.schema.properties": { line: 7, col: 17 },
      "context.schema.properties.tone": { line: 7, col: 25 },
      "context.schema.properties.tone.enum": { line: 7, col: 33 },
      "context.schema.properties.tone.enum.0": { line: 7, col: 34 },
      "context.schema.properties.tone.enum.1": { line: 7, col: 40 },
      config: { line: 9, col: 3 },
      "config.tags": { line: 10, col: 5 },
      "config.tags.0": { line: 10, col: 7 },
      "config.tags.1": { line: 11, col: 7 },
      metadata: { line: 12, col: 11 },
      "metadata.a.b": { line: 12, col: 18 },
    });
  });

  it("lists the includes relative to the repository root", () => {
    expect(source().includes).toEqual(["prompts/p.md"]);
  });
});

describe("locate", () => {
  it("finds a node by segments or by dotted string", () => {
    expect(locate(source(), ["config", "tags", 1])).toEqual({ file: FILE, line: 11, col: 7 });
    expect(locate(source(), "config.tags.1")).toEqual({ file: FILE, line: 11, col: 7 });
  });

  it("accepts a JSON Pointer, as Ajv reports instancePath", () => {
    expect(locate(source(), "/context/schema/properties/tone/enum/0")).toEqual({ file: FILE, line: 7, col: 34 });
  });

  it("falls back to the deepest existing ancestor", () => {
    expect(locate(source(), ["context", "schema", "properties", "missing", "deeper"])).toEqual({ file: FILE, line: 7, col: 17 });
    expect(locate(source(), "config.tags.7")).toEqual({ file: FILE, line: 10, col: 5 });
    expect(locate(source(), ["nothing", "here"])).toEqual({ file: FILE, line: 2, col: 1 });
  });

  it("returns the document for the empty path", () => {
    expect(locate(source(), [])).toEqual({ file: FILE, line: 2, col: 1 });
    expect(locate(source(), "")).toEqual({ file: FILE, line: 2, col: 1 });
  });

  it("falls back to the top of the file when nothing is recorded", () => {
    expect(locate({ file: "x.yaml", positions: {}, includes: [] }, "a")).toEqual({ file: "x.yaml", line: 1, col: 1 });
  });
});
