// Assistants against their graph's committed schemas: every kind of violation
// is caught offline, at the YAML node it is about.
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { formatIssue } from "../../src/errors.js";
import type { JsonObject } from "../../src/model.js";
import { readAllStoredSchemas, validateAgainstSchemas, validateRepoAssistants, type StoredGraphSchema } from "../../src/schemas/index.js";
import { loadAssistants } from "../../src/spec/index.js";
import { desired } from "../support/builders.js";
import { cli } from "../support/repo.js";

const FIXTURES = resolve(import.meta.dirname, "..", "fixtures", "schemas");

async function fixtureIssues(name: string): Promise<string[]> {
  const dir = join(FIXTURES, name);
  const assistants = await loadAssistants(dir);
  return (await validateRepoAssistants(dir, assistants)).map(formatIssue);
}

describe("validateRepoAssistants on fixture repositories", () => {
  it("reports every kind of violation with its file:line:col, and passes the valid files", async () => {
    expect(await fixtureIssues("violations")).toEqual([
      'assistants/bad-enum.yaml:4:15 context.model_name: must be one of "anthropic", "openai", "echo", got a string ("gpt")',
      "assistants/bad-enum.yaml:6:14 context.max_words: must be > 0",
      "assistants/configurable.yaml:7:21 config.configurable.tools.1: must be a string, got the number 42",
      'assistants/missing-required.yaml:4:3 context: missing required key "system_prompt"',
      "assistants/out-of-range.yaml:7:16 context.temperature: must be <= 2",
      `assistants/unknown-key.yaml:4:15 context.model_nmae: unknown key (not in the graph's context schema); did you mean "model_name"?`,
      'assistants/wrong-type.yaml:6:16 context.temperature: must be a number, got a string ("hot")',
    ]);
  });

  it("warns once per graph that has no committed schema, at the first assistant's graph:", async () => {
    const dir = join(FIXTURES, "missing-schema");
    const issues = await validateRepoAssistants(dir, await loadAssistants(dir));
    expect(issues).toEqual([
      {
        location: { file: "assistants/a.yaml", line: 2, col: 8 },
        message:
          'graph "other" has no committed schema (schemas/other.json), so its 2 assistants are not checked against it; run `assistantctl schemas pull`',
        severity: "warning",
      },
    ]);
  });

  it("reports a broken schema file as an error in that file", async () => {
    const issues = await fixtureIssues("broken-schema");
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^schemas\/writer\.json:3:1 not valid JSON: /);
  });

  it("reads every committed schema of the fixture, by graph id", async () => {
    const { schemas, issues } = await readAllStoredSchemas(join(FIXTURES, "violations"));
    expect(issues).toEqual([]);
    expect([...schemas.keys()]).toEqual(["support", "writer"]);
    expect(schemas.get("writer")?.context_schema?.["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schemas.get("support")?.context_schema?.["$schema"]).toBe("http://json-schema.org/draft-07/schema#");
  });
});

describe("assistantctl validate with graph schemas", () => {
  it("exits 1 and prints each violation with its location", async () => {
    const run = await cli(["validate", "--dir", join(FIXTURES, "violations")]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("assistants/out-of-range.yaml:7:16 context.temperature: must be <= 2\n");
    expect(run.stderr).toContain('assistants/missing-required.yaml:4:3 context: missing required key "system_prompt"\n');
    expect(run.stderr).toContain("7 errors in the input files; nothing was written.");
    expect(run.stdout).toBe("");
  });

  it("exits 1 with the issues in JSON under --output json", async () => {
    const run = await cli(["validate", "--dir", join(FIXTURES, "violations"), "--output", "json"]);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { errors: Array<{ file: string; line: number; col: number; message: string }> };
    expect(report.errors).toContainEqual({
      file: "assistants/wrong-type.yaml",
      line: 6,
      col: 16,
      severity: "error",
      message: 'context.temperature: must be a number, got a string ("hot")',
    });
  });

  it("warns but passes when a graph has no committed schema", async () => {
    const run = await cli(["validate", "--dir", join(FIXTURES, "missing-schema")]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('assistants/a.yaml:2:8 warning: graph "other" has no committed schema');
    expect(run.stdout).toContain("2 assistants valid");
  });

  it("runs clean on the repository itself (its committed demo schemas)", async () => {
    const run = await cli(["validate", "--dir", resolve(import.meta.dirname, "..", "..")]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
  });
});

describe("validateAgainstSchemas (pure)", () => {
  const positions = {
    "": { line: 1, col: 1 },
    graph: { line: 2, col: 8 },
    context: { line: 4, col: 3 },
    "context.a": { line: 4, col: 6 },
    "context.nested": { line: 5, col: 5 },
    "context.nested.deep": { line: 5, col: 11 },
    config: { line: 7, col: 3 },
    "config.configurable": { line: 8, col: 5 },
    "config.configurable.k": { line: 8, col: 8 },
  };
  const assistant = (graph: string, context: JsonObject | null, configurable?: JsonObject) =>
    desired({
      name: "x",
      graph,
      context,
      config: configurable === undefined ? null : { configurable },
      source: { file: "assistants/x.yaml", positions, includes: [] },
    });
  const graph = (graph_id: string, context_schema: JsonObject | null, config_schema: JsonObject | null = context_schema): StoredGraphSchema => ({
    graph_id,
    context_schema,
    config_schema,
  });
  const run = (assistants: ReturnType<typeof assistant>[], ...schemas: StoredGraphSchema[]) =>
    validateAgainstSchemas(assistants, new Map(schemas.map((s) => [s.graph_id, s]))).map(formatIssue);

  const draft7 = {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties: {
      a: { type: "string" },
      nested: { type: "object", properties: { deep: { type: ["string", "null"] } }, additionalProperties: false, required: ["deep"] },
    },
    additionalProperties: false,
  };

  it("checks nested objects, unknown keys and required keys under draft-07", () => {
    expect(run([assistant("g", { a: "ok", nested: { deep: 1, extra: true } })], graph("g", draft7))).toEqual([
      "assistants/x.yaml:5:5 context.nested.extra: unknown key (not in the graph's context schema)",
      "assistants/x.yaml:5:11 context.nested.deep: must be a string or null, got the number 1",
    ]);
    expect(run([assistant("g", { nested: {} })], graph("g", draft7))).toEqual(['assistants/x.yaml:5:5 context.nested: missing required key "deep"']);
  });

  it("names the config schema for config.configurable, and skips an absent or empty configurable", () => {
    const strict = { type: "object", properties: { k: { type: "integer" } }, required: ["k"], additionalProperties: false };
    expect(run([assistant("g", null, { k: "no" })], graph("g", null, strict))).toEqual([
      'assistants/x.yaml:8:8 config.configurable.k: must be an integer, got a string ("no")',
    ]);
    expect(run([assistant("g", null, { k: 1, other: 2 })], graph("g", null, strict))).toEqual([
      "assistants/x.yaml:8:5 config.configurable.other: unknown key (not in the graph's config schema)",
    ]);
    expect(run([assistant("g", { k: 1 }, {})], graph("g", strict))).toEqual([]);
    expect(run([assistant("g", { k: 1 })], graph("g", strict))).toEqual([]);
  });

  it("skips what the graph declares no schema for, and graphs not in the map", () => {
    expect(run([assistant("g", { anything: 1 }, { k: 1 })], graph("g", null, null))).toEqual([]);
    expect(run([assistant("unknown", { anything: 1 })], graph("g", draft7))).toEqual([]);
  });

  it("uses the right draft: 2020-12 prefixItems, 2019-09 and schemas without $schema", () => {
    const tuple2020 = {
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: { a: { type: "array", prefixItems: [{ type: "string" }], items: false } },
    };
    expect(run([assistant("g", { a: ["x", "y"] })], graph("g", tuple2020))).toEqual(["assistants/x.yaml:4:6 context.a: must NOT have more than 1 items"]);
    const unevaluated = {
      $schema: "https://json-schema.org/draft/2019-09/schema",
      type: "object",
      properties: { a: { type: "string" } },
      unevaluatedProperties: false,
    };
    expect(run([assistant("g", { a: "x", b: 1 })], graph("g", unevaluated))).toEqual([
      "assistants/x.yaml:4:3 context.b: unknown key (not in the graph's context schema); did you mean \"a\"?",
    ]);
    expect(run([assistant("g", { a: 1 })], graph("g", { properties: { a: { type: "string", format: "email" } } }))).toEqual([
      "assistants/x.yaml:4:6 context.a: must be a string, got the number 1",
    ]);
    expect(run([assistant("g", { a: "not an email" })], graph("g", { properties: { a: { type: "string", format: "email" } } }))).toEqual([
      'assistants/x.yaml:4:6 context.a: must match format "email"',
    ]);
  });

  it("turns a schema that cannot be compiled into one warning at the schema file, not a crash or a silent pass", () => {
    const broken = { type: "object", properties: { a: { $ref: "#/definitions/missing" } } };
    const issues = validateAgainstSchemas(
      [assistant("g", { a: 1 }), { ...assistant("g", { a: 2 }), name: "y" }],
      new Map([["g", graph("g", broken, null)]]),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: "warning", location: { file: "schemas/g.json", line: 1, col: 1 } });
    expect(issues[0]?.message).toMatch(/^the context schema of graph "g" cannot be used, so context is not checked: /);
  });

  it("accepts an unknown keyword and a definitions key that is not a valid identifier", () => {
    const schema = {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { nested: { $ref: "#/definitions/{[x:string]:{};}" } },
      definitions: { "{[x:string]:{};}": { type: "object" } },
      "x-custom": true,
    };
    expect(run([assistant("g", { nested: { deep: "x" } })], graph("g", schema))).toEqual([]);
    expect(run([assistant("g", { nested: "no" })], graph("g", schema))).toEqual([
      'assistants/x.yaml:5:5 context.nested: must be a mapping, got a string ("no")',
    ]);
  });
});
