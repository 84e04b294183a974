// Assistants authored in TypeScript: the helpers' runtime behaviour (the
// types are checked by the tsc fixtures in codegen.test.ts).
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { SpecError, formatIssue } from "../../src/errors.js";
import { defineAssistant, desiredFromDefinitions, readAllStoredSchemas, validateAgainstSchemas } from "../../src/schemas/index.js";
import type { GraphConfigs, GraphContexts } from "../../schemas/index.js";

const ROOT = resolve(import.meta.dirname, "..", "..");

describe("defineAssistant", () => {
  it("returns the definition unchanged, typed or not", () => {
    const define = defineAssistant<GraphContexts, GraphConfigs>();
    const typed = define({ name: "blog", graph: "writer", context: { model_name: "echo", system_prompt: "Hi." } });
    expect(typed).toEqual({ name: "blog", graph: "writer", context: { model_name: "echo", system_prompt: "Hi." } });
    const untyped = defineAssistant({ name: "x", graph: "any", context: { free: 1 } });
    expect(untyped.graph).toBe("any");
  });
});

describe("desiredFromDefinitions", () => {
  it("turns definitions into the assistants plan and reconcile take, checked like files", async () => {
    const define = defineAssistant<GraphContexts, GraphConfigs>();
    const desired = desiredFromDefinitions([
      define({ name: "newsletter", graph: "writer", context: { model_name: "openai", system_prompt: "Weekly.", temperature: 3 } }),
      define({ name: "bot", graph: "support", config: { configurable: { tools: ["search"] } }, metadata: { team: "support" } }),
    ]);
    expect(desired.map((d) => [d.name, d.graph, d.source.file])).toEqual([
      ["bot", "support", "<code>/bot.json"],
      ["newsletter", "writer", "<code>/newsletter.json"],
    ]);
    expect(desired[1]).toMatchObject({ description: null, id: null, metadata: {}, config: null });
    // The committed graph schemas catch what the types cannot (a range).
    const { schemas } = await readAllStoredSchemas(ROOT);
    expect(validateAgainstSchemas(desired, schemas).map(formatIssue)).toEqual([
      "<code>/newsletter.json:7:20 context.temperature: must be <= 2",
    ]);
  });

  it("throws one SpecError for invalid definitions", () => {
    let error: unknown;
    try {
      desiredFromDefinitions([
        { name: "bad name!", graph: "writer" },
        { name: "ok", graph: "writer", metadata: { "assistantctl/owner": "x" } },
      ]);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SpecError);
    const lines = (error as SpecError).issues.map(formatIssue);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^<code>\/bad name!\.json:2:11 name: must be 1 to 128 characters/);
    expect(lines[1]).toMatch(/^<code>\/ok\.json:5:5 metadata: key "assistantctl\/owner" is reserved/);
  });
});
