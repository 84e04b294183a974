// Editor schemas: the file format from zod, and one per graph with the
// graph's context schema embedded, usable by any draft-07 validator.
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { DesiredAssistant, JsonObject } from "../../src/model.js";
import { editorFiles, fileFormatSchema, graphEditorSchema, readAllStoredSchemas, type StoredGraphSchema } from "../../src/schemas/index.js";
import { assistantFileSchema, loadAssistants } from "../../src/spec/index.js";

const addFormats = (addFormatsModule as unknown as { default: typeof addFormatsModule.default }).default;
const ROOT = resolve(import.meta.dirname, "..", "..");

function draft7(schema: JsonObject) {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

/** An assistant back in the shape of its file, as an editor sees it. */
function fileShape(a: DesiredAssistant): JsonObject {
  const out: JsonObject = { name: a.name, graph: a.graph };
  if (a.description !== null) out["description"] = a.description;
  if (a.context !== null) out["context"] = a.context;
  if (a.config !== null) out["config"] = a.config;
  if (Object.keys(a.metadata).length > 0) out["metadata"] = a.metadata;
  return out;
}

async function committed(): Promise<Map<string, StoredGraphSchema>> {
  const { schemas, issues } = await readAllStoredSchemas(ROOT);
  expect(issues).toEqual([]);
  return schemas;
}

describe("editor schemas", () => {
  it("describe the file format exactly as zod generates it (not written by hand)", () => {
    const { title, $comment, ...rest } = fileFormatSchema();
    expect(rest).toEqual(z.toJSONSchema(assistantFileSchema, { target: "draft-7" }));
    expect(title).toBe("assistantctl assistant file");
    expect($comment).toMatch(/assistantctl schemas pull/);
  });

  it("are committed for the demo graphs and up to date with the committed schemas", async () => {
    const files = editorFiles([...(await committed()).values()]);
    expect(files.map((f) => f.path).sort()).toEqual([
      "schemas/editor/assistant.schema.json",
      "schemas/editor/support.assistant.schema.json",
      "schemas/editor/writer.assistant.schema.json",
    ]);
    for (const file of files) expect(await readFile(join(ROOT, file.path), "utf8")).toBe(file.text);
  });

  it("accept the repository's assistants and catch a context violation, an unknown key and the wrong graph", async () => {
    const schemas = await committed();
    const writer = draft7(graphEditorSchema(schemas.get("writer") as StoredGraphSchema));
    const support = draft7(graphEditorSchema(schemas.get("support") as StoredGraphSchema));
    const format = draft7(fileFormatSchema());
    for (const assistant of await loadAssistants(ROOT)) {
      const validate = assistant.graph === "writer" ? writer : support;
      expect(validate(fileShape(assistant)), JSON.stringify(validate.errors)).toBe(true);
      expect(format(fileShape(assistant))).toBe(true);
    }
    const base = { name: "blog", graph: "writer", context: { model_name: "openai", system_prompt: "x" } };
    expect(writer({ ...base, context: { ...base.context, temperature: 3 } })).toBe(false);
    expect(writer.errors?.[0]).toMatchObject({ instancePath: "/context/temperature", keyword: "maximum" });
    expect(writer({ ...base, context: { ...base.context, model_nmae: "openai" } })).toBe(false);
    expect(writer({ ...base, graph: "support" })).toBe(false);
    expect(writer({ ...base, config: { configurable: { model_name: "nope", system_prompt: "x" } } })).toBe(false);
    expect(support({ name: "bot", graph: "support", config: { configurable: { tools: "one" } } })).toBe(false);
    expect(format({ ...base, contxt: {} })).toBe(false);
  });

  it("move an embedded schema's definitions into the document and rewrite its $refs", () => {
    const context: JsonObject = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: {
        item: { $ref: "#/$defs/Item" },
        weird: { $ref: "#/$defs/{[x:string]:{};}" },
        self: { $ref: "#" },
        pair: { type: "array", prefixItems: [{ type: "string" }, { type: "number" }], items: false },
      },
      $defs: { Item: { type: "object", properties: { id: { type: "string" } }, required: ["id"] }, "{[x:string]:{};}": { type: "object" } },
    };
    const schema = graphEditorSchema({ graph_id: "g", context_schema: context, config_schema: null });
    const text = JSON.stringify(schema);
    expect(text).not.toContain("$defs");
    expect(text).not.toContain("prefixItems");
    const validate = draft7(schema);
    const ok = { name: "a", graph: "g", context: { item: { id: "1" }, weird: {}, self: { item: { id: "2" } }, pair: ["a", 1] } };
    expect(validate(ok), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...ok, context: { item: {} } })).toBe(false);
    expect(validate({ ...ok, context: { self: { item: { id: 2 } } } })).toBe(false);
    expect(validate({ ...ok, context: { pair: ["a", 1, "extra"] } })).toBe(false);
  });
});
