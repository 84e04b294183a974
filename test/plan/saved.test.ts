// Saved plans: the file round-trips, a file that does not add up is refused,
// and staleness is judged for every assistant before anything is written.
import { describe, expect, it } from "vitest";
import type { LiveAssistant, Plan } from "../../src/model.js";
import { staleAssistants } from "../../src/apply/saved.js";
import { savedPlanTarget } from "../../src/cli/commands/apply.js";
import { planChanges } from "../../src/plan/plan.js";
import { buildSavedPlan, parseSavedPlan, serializeSavedPlan, type SavedPlan } from "../../src/plan/saved.js";
import { OWNER, desired, liveFor } from "../support/builders.js";

const writer = desired({ name: "writer", context: { system_prompt: "New.\n" } });
const writerLive = liveFor(desired({ name: "writer", context: { system_prompt: "Old.\n" } }), 3);
const same = desired({ name: "same" });
const sameLive = liveFor(same, 1);
const fresh = desired({ name: "fresh" });

function fixture(): Plan {
  return planChanges({ owner: OWNER, desired: [writer, same, fresh], live: [writerLive, sameLive], prune: false }).plan;
}

function saved(plan = fixture(), overrides: Partial<SavedPlan> = {}): SavedPlan {
  return {
    ...buildSavedPlan({
      toolVersion: "0.1.0",
      createdAt: new Date("2026-01-02T03:04:05Z"),
      url: "https://staging.example.com",
      environment: null,
      apiKeyEnv: null,
      git: { commit: "a".repeat(40), uncommitted: [] },
      provenance: { commit: "a".repeat(40) },
      plan,
    }),
    ...overrides,
  };
}

describe("parseSavedPlan", () => {
  it("round-trips a plan, bodies included", () => {
    const original = saved();
    const parsed = parseSavedPlan(serializeSavedPlan(original));
    expect(parsed).toEqual({ saved: original });
    expect(original.created_at).toBe("2026-01-02T03:04:05.000Z");
  });

  it("refuses what is not a plan of this format", () => {
    expect(parseSavedPlan("{")).toMatchObject({ problem: expect.stringMatching(/^not JSON/) });
    expect(parseSavedPlan(JSON.stringify({ ...saved(), format_version: 2 }))).toMatchObject({
      problem: expect.stringContaining("format_version 2 is not 1"),
    });
    expect(parseSavedPlan(JSON.stringify({ hello: 1 }))).toMatchObject({ problem: expect.stringMatching(/^not an assistantctl plan/) });
  });

  it("refuses a hand-edited plan whose bodies write elsewhere than they say", () => {
    const plan = fixture();
    const create = plan.changes.find((c) => c.action === "create")!;
    if (create.action !== "create") throw new Error("fixture");
    create.body = { ...create.body, assistant_id: "someone-else" };
    expect(parseSavedPlan(serializeSavedPlan(saved(plan)))).toMatchObject({ problem: expect.stringContaining('the create of "fresh" is for someone-else') });

    const other = fixture();
    const update = other.changes.find((c) => c.action === "update")!;
    if (update.action !== "update") throw new Error("fixture");
    update.body = { ...update.body, metadata: { ...update.body.metadata, "assistantctl/owner": "other" } };
    expect(parseSavedPlan(serializeSavedPlan(saved(other)))).toMatchObject({ problem: expect.stringContaining('not marked with owner "test-owner"') });
  });
});

function fakeApi(rows: LiveAssistant[]) {
  const calls: string[] = [];
  return {
    calls,
    listOwned: async (owner: string) => {
      calls.push(`listOwned ${owner}`);
      return rows.filter((r) => r.metadata["assistantctl/owner"] === owner);
    },
    get: async (id: string) => {
      calls.push(`get ${id}`);
      return rows.find((r) => r.assistant_id === id) ?? null;
    },
  };
}

describe("staleAssistants", () => {
  it("is empty while every assistant is where the plan found it: one search and a GET per create", async () => {
    const api = fakeApi([writerLive, sameLive]);
    expect(await staleAssistants(fixture(), api)).toEqual([]);
    expect(api.calls).toEqual([`listOwned ${OWNER}`, `get ${liveFor(fresh).assistant_id}`]);
  });

  it("names every assistant that moved, vanished, appeared, or was created meanwhile", async () => {
    const moved = { ...writerLive, version: 4, updated_at: "2026-02-01T00:00:00.000Z" };
    const touched = { ...sameLive, updated_at: "2026-02-01T00:00:00.000Z" };
    const created = liveFor(fresh, 1);
    const newcomer = liveFor(desired({ name: "newcomer" }), 1);
    const stale = await staleAssistants(fixture(), fakeApi([moved, touched, created, newcomer]));
    expect(stale.map((s) => [s.name, s.reason.replace(/ \(.*/, "")])).toEqual([
      ["fresh", "was created since the plan was made"],
      ["newcomer", "was created since the plan was made"],
      ["same", "planned against v1"],
      ["writer", "planned against v3"],
    ]);
    expect((await staleAssistants(fixture(), fakeApi([sameLive])))[0]).toMatchObject({ name: "writer", reason: expect.stringContaining("was deleted") });
  });
});

describe("savedPlanTarget", () => {
  it("uses the plan's deployment, and refuses any other", () => {
    const plan = saved();
    expect(savedPlanTarget(plan, {}, { LANGGRAPH_API_KEY: "k" })).toEqual({ url: "https://staging.example.com", apiKey: "k", environment: null });
    expect(savedPlanTarget(plan, { url: "https://staging.example.com/" }, {}).url).toBe("https://staging.example.com");
    expect(() => savedPlanTarget(plan, { url: "https://prod.example.com" }, {})).toThrow(/made for https:\/\/staging\.example\.com, not https:\/\/prod\.example\.com/);
    expect(() => savedPlanTarget(plan, {}, { LANGGRAPH_API_URL: "https://prod.example.com" })).toThrow(/\$LANGGRAPH_API_URL/);
    expect(() => savedPlanTarget(plan, { env: "staging" }, {})).toThrow(/not environment "staging"/);
  });

  it("takes an environment's key from the variable the plan recorded", () => {
    const plan = saved(fixture(), { environment: "staging", api_key_env: "STAGING_KEY" });
    expect(savedPlanTarget(plan, { env: "staging" }, { STAGING_KEY: "s" })).toEqual({ url: "https://staging.example.com", apiKey: "s", environment: "staging" });
    expect(() => savedPlanTarget(plan, {}, {})).toThrow(/\$STAGING_KEY, which is not set/);
    expect(() => savedPlanTarget(plan, { env: "production" }, { STAGING_KEY: "s" })).toThrow(/environment "staging"/);
  });
});
