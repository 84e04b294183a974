import { describe, expect, it } from "vitest";
import { planChanges, assistantsNeedingHistory, pendingChanges, type PlanInput } from "../../src/plan/plan.js";
import { META, assistantIdOf, contentHash, contentOfDesired } from "../../src/plan/content.js";
import type { Change, JsonObject, LiveAssistant } from "../../src/model.js";
import { OWNER, desired, liveFor, versionOf } from "../support/builders.js";

function plan(input: Partial<PlanInput> & Pick<PlanInput, "desired" | "live">) {
  return planChanges({ owner: OWNER, prune: false, ...input });
}

function only(changes: Change[]): Change {
  expect(changes).toHaveLength(1);
  return changes[0]!;
}

const blog = desired({
  name: "blog",
  description: "Long-form posts",
  context: { model_name: "anthropic", system_prompt: "You write posts.\nBe brief.\n" },
  metadata: { team: "content" },
});

describe("plan: create", () => {
  it("creates a missing assistant with a deterministic id, version 1, and the full body", () => {
    const change = only(plan({ desired: [blog], live: [] }).plan.changes);
    expect(change.action).toBe("create");
    if (change.action !== "create") return;
    expect(change.assistant_id).toBe(assistantIdOf(blog, OWNER));
    expect(change.to_version).toBe(1);
    expect(change.from_version).toBeNull();
    expect(change.body).toMatchObject({
      assistant_id: change.assistant_id,
      graph_id: "writer",
      name: "blog",
      description: "Long-form posts",
      context: blog.context,
      config: {},
      if_exists: "do_nothing",
    });
    expect(change.body.metadata).toEqual({
      team: "content",
      [META.owner]: OWNER,
      [META.hash]: change.hash,
      [META.file]: "assistants/blog.yaml",
    });
  });

  it("omits an absent description from a create (the server rejects null)", () => {
    const change = only(plan({ desired: [desired({ name: "x" })], live: [] }).plan.changes);
    expect(change.action === "create" && "description" in change.body).toBe(false);
  });

  it("derives different ids for different owners and names, and uses an explicit id as given", () => {
    const a = assistantIdOf(desired({ name: "a" }), "one");
    expect(assistantIdOf(desired({ name: "a" }), "two")).not.toBe(a);
    expect(assistantIdOf(desired({ name: "b" }), "one")).not.toBe(a);
    expect(assistantIdOf(desired({ name: "a", id: "0f0e0d0c-0b0a-4908-8706-050403020100" }), "one")).toBe(
      "0f0e0d0c-0b0a-4908-8706-050403020100",
    );
  });

  it("descends into added objects, so a prompt inside config.configurable still diffs as lines", () => {
    const d = desired({ name: "s", config: { configurable: { system_prompt: "a\nb\n", tools: [] }, tags: [] } });
    const change = only(plan({ desired: [d], live: [] }).plan.changes);
    expect(change.diff.filter((x) => x.path.startsWith("config"))).toEqual([
      { path: "config.configurable.system_prompt", kind: "added", after: "a\nb\n", lines: ["@@ -0,0 +1,2 @@", "+a", "+b"] },
      { path: "config.configurable.tools", kind: "added", after: [] },
      { path: "config.tags", kind: "added", after: [] },
    ]);
  });

  it("keeps an empty object added whole, since it has no keys to show", () => {
    const d = desired({ name: "e", config: { configurable: {} } });
    const change = only(plan({ desired: [d], live: [] }).plan.changes);
    expect(change.diff.filter((x) => x.path.startsWith("config"))).toEqual([{ path: "config.configurable", kind: "added", after: {} }]);
  });

  it("diffs a new prompt as added text lines", () => {
    const change = only(plan({ desired: [blog], live: [] }).plan.changes);
    const prompt = change.diff.find((d) => d.path === "context.system_prompt");
    expect(prompt?.kind).toBe("added");
    expect(prompt?.lines).toEqual(["@@ -0,0 +1,2 @@", "+You write posts.", "+Be brief."]);
  });
});

describe("plan: noop", () => {
  it("is a noop when the live row matches, ignoring the tool's own metadata keys", () => {
    const row = liveFor(blog, 3);
    row.metadata[META.commit] = "abc123";
    const change = only(plan({ desired: [blog], live: [row] }).plan.changes);
    expect(change).toMatchObject({ action: "noop", from_version: 3, to_version: null, diff: [] });
  });

  it("treats a missing description as matching a live null or empty string", () => {
    const d = desired({ name: "x" });
    for (const description of [null, ""]) {
      const change = only(plan({ desired: [d], live: [liveFor(d, 1, { description })] }).plan.changes);
      expect(change.action).toBe("noop");
    }
  });

  it("treats live metadata keys set to null as absent (the server cannot remove keys)", () => {
    const row = liveFor(blog);
    row.metadata["old"] = null;
    expect(only(plan({ desired: [blog], live: [row] }).plan.changes).action).toBe("noop");
  });

  it("treats absent context/config as the server's empty objects", () => {
    const d = desired({ name: "x" });
    const change = only(plan({ desired: [d], live: [liveFor(d, 1, { context: {}, config: {} })] }).plan.changes);
    expect(change.action).toBe("noop");
  });

  it("needs no history lookup when everything is in sync", () => {
    expect(assistantsNeedingHistory({ owner: OWNER, prune: false, desired: [blog], live: [liveFor(blog)] })).toEqual([]);
  });
});

describe("plan: update", () => {
  const edited = desired({ ...blog, context: { ...blog.context, system_prompt: "You write posts.\nBe thorough.\n" } });

  it("updates with the full desired content when a prompt changes, diffing it as lines", () => {
    const row = liveFor(blog, 2);
    const change = only(plan({ desired: [edited], live: [row], nextVersion: new Map([[row.assistant_id, 5]]) }).plan.changes);
    expect(change.action).toBe("update");
    if (change.action !== "update") return;
    expect(change.from_version).toBe(2);
    expect(change.to_version).toBe(5);
    expect(change.diff).toEqual([
      {
        path: "context.system_prompt",
        kind: "changed",
        before: "You write posts.\nBe brief.\n",
        after: "You write posts.\nBe thorough.\n",
        lines: ["@@ -1,2 +1,2 @@", " You write posts.", "-Be brief.", "+Be thorough."],
      },
    ]);
    expect(change.body).toEqual({
      graph_id: "writer",
      name: "blog",
      description: "Long-form posts",
      config: {},
      context: edited.context,
      metadata: {
        team: "content",
        [META.owner]: OWNER,
        [META.hash]: contentHash(contentOfDesired(edited)),
        [META.file]: "assistants/blog.yaml",
      },
    });
  });

  it("sends null for metadata keys removed from the file, and for stale provenance", () => {
    const row = liveFor(blog);
    row.metadata["legacy"] = "x";
    row.metadata[META.commit] = "oldsha";
    const change = only(plan({ desired: [blog], live: [row] }).plan.changes);
    expect(change.action).toBe("update");
    if (change.action !== "update") return;
    expect(change.diff).toEqual([{ path: "metadata.legacy", kind: "removed", before: "x" }]);
    expect(change.body.metadata["legacy"]).toBeNull();
    expect(change.body.metadata[META.commit]).toBeNull();
  });

  it("records provenance in the body but never diffs it", () => {
    const change = only(
      plan({ desired: [edited], live: [liveFor(blog)], provenance: { commit: "c0ffee", pr: "12", run_url: "https://ci/1" } }).plan.changes,
    );
    if (change.action !== "update") throw new Error("expected update");
    expect(change.body.metadata).toMatchObject({ [META.commit]: "c0ffee", [META.pr]: "12", [META.runUrl]: "https://ci/1" });
    expect(change.diff.map((d) => d.path)).toEqual(["context.system_prompt"]);
  });

  it("sends description \"\" to clear it (null is rejected by the server)", () => {
    const without = desired({ ...blog, description: null });
    const change = only(plan({ desired: [without], live: [liveFor(blog)] }).plan.changes);
    if (change.action !== "update") throw new Error("expected update");
    expect(change.body.description).toBe("");
    expect(change.diff).toEqual([{ path: "description", kind: "removed", before: "Long-form posts" }]);
  });

  it("diffs nested keys one by one and graph changes by their YAML name", () => {
    const a = desired({ name: "n", config: { configurable: { model: "a", tools: ["x"] }, tags: ["t"] } });
    const b = desired({ name: "n", graph: "support", config: { configurable: { model: "b", tools: ["x"] }, tags: ["t"] } });
    const change = only(plan({ desired: [b], live: [liveFor(a)] }).plan.changes);
    expect(change.diff).toEqual([
      { path: "graph", kind: "changed", before: "writer", after: "support" },
      { path: "config.configurable.model", kind: "changed", before: "a", after: "b" },
    ]);
  });

  it("asks for the history of exactly the assistants that differ", () => {
    const other = desired({ name: "other" });
    const input = { owner: OWNER, prune: false, desired: [edited, other], live: [liveFor(blog), liveFor(other)] };
    expect(assistantsNeedingHistory(input)).toEqual([
      { assistant_id: assistantIdOf(edited, OWNER), hash: contentHash(contentOfDesired(edited)) },
    ]);
  });
});

describe("plan: set-latest (return to an earlier version)", () => {
  const v2 = desired({ ...blog, context: { ...blog.context, system_prompt: "Second.\n" } });

  it("points latest back at an earlier identical version instead of making a new one", () => {
    const v1Row = liveFor(blog, 1);
    const current = liveFor(v2, 2);
    const history = new Map([[current.assistant_id, [versionOf(v1Row, 1)]]]);
    const change = only(plan({ desired: [blog], live: [current], history }).plan.changes);
    expect(change).toMatchObject({ action: "set-latest", from_version: 2, to_version: 1 });
    if (change.action !== "set-latest") return;
    expect(change.diff.map((d) => d.path)).toEqual(["context.system_prompt"]);
    expect(change.repair_body.context).toEqual(blog.context);
  });

  it("picks the newest identical version and ignores versions whose content differs despite the hash", () => {
    const current = liveFor(v2, 5);
    const stale = { ...versionOf(liveFor(blog, 3)), context: { edited: "in studio" } };
    const history = new Map([[current.assistant_id, [versionOf(liveFor(blog, 1)), stale, versionOf(liveFor(blog, 2))]]]);
    const change = only(plan({ desired: [blog], live: [current], history }).plan.changes);
    expect(change).toMatchObject({ action: "set-latest", to_version: 2 });
  });

  it("updates when the only identical version is the current one (a partial restore)", () => {
    // The JS server's setLatest keeps the newer context: the pointer is at v1 but the row differs.
    const current = { ...liveFor(blog, 1), context: { drifted: true } };
    const history = new Map([[current.assistant_id, [versionOf(liveFor(blog, 1))]]]);
    expect(only(plan({ desired: [blog], live: [current], history }).plan.changes).action).toBe("update");
  });
});

describe("plan: delete and ownership", () => {
  const gone = liveFor(desired({ name: "gone" }), 4);

  it("reports an owned assistant whose file is gone as a delete that needs --prune", () => {
    const { plan: p } = plan({ desired: [], live: [gone] });
    expect(only(p.changes)).toMatchObject({ action: "delete", prune: false, name: "gone", from_version: 4, file: null });
    expect(p.summary).toMatchObject({ delete: 0, unpruned: 1 });
    expect(pendingChanges(p)).toEqual([]);
  });

  it("deletes it with --prune", () => {
    const { plan: p } = plan({ desired: [], live: [gone], prune: true });
    expect(only(p.changes)).toMatchObject({ action: "delete", prune: true });
    expect(p.summary.delete).toBe(1);
    expect(pendingChanges(p)).toHaveLength(1);
  });

  it("never deletes system assistants, other owners' or hand-made assistants", () => {
    const system: LiveAssistant = { ...gone, assistant_id: "s", metadata: { created_by: "system", [META.owner]: OWNER } };
    const foreign: LiveAssistant = { ...gone, assistant_id: "f", metadata: { [META.owner]: "someone-else" } };
    const handMade: LiveAssistant = { ...gone, assistant_id: "h", metadata: {} };
    expect(plan({ desired: [], live: [system, foreign, handMade], prune: true }).plan.changes).toEqual([]);
  });

  it("refuses to adopt a system assistant or another owner's assistant by id", () => {
    const id = "0f0e0d0c-0b0a-4908-8706-050403020100";
    const d = desired({ name: "adopt", id });
    const refused: JsonObject[] = [{ created_by: "system" }, { [META.owner]: "someone-else" }];
    for (const metadata of refused) {
      const out = plan({ desired: [d], live: [{ ...liveFor(d), metadata }] });
      expect(out.plan.changes).toEqual([]);
      expect(out.issues).toHaveLength(1);
      expect(out.issues[0]!.location).toEqual({ file: "assistants/adopt.yaml", line: 3, col: 5 });
    }
  });

  it("adopts a hand-made assistant by id with an update even when its content matches", () => {
    const d = desired({ name: "adopt", id: "0f0e0d0c-0b0a-4908-8706-050403020100" });
    const row = { ...liveFor(d), metadata: {} };
    const change = only(plan({ desired: [d], live: [row] }).plan.changes);
    expect(change).toMatchObject({ action: "update", reason: "adopt", diff: [] });
  });

  it("reports two files that resolve to the same assistant id", () => {
    const id = "0f0e0d0c-0b0a-4908-8706-050403020100";
    const out = plan({ desired: [desired({ name: "a", id }), desired({ name: "b", id })], live: [] });
    expect(out.issues.map((i) => i.message)).toEqual([`assistant_id ${id} is also used by "a" (assistants/a.yaml)`]);
  });
});

describe("plan: order and summary", () => {
  it("orders changes by name, whatever the input order, and counts them", () => {
    const names = ["zeta", "alpha", "mid"];
    const { plan: p } = plan({ desired: names.map((name) => desired({ name })), live: [liveFor(desired({ name: "mid" }))] });
    expect(p.changes.map((c) => c.name)).toEqual(["alpha", "mid", "zeta"]);
    expect(p.summary).toEqual({ create: 2, update: 0, set_latest: 0, delete: 0, noop: 1, unpruned: 0 });
  });

  it("does not mutate its inputs", () => {
    const row = liveFor(blog);
    const frozen = structuredClone(row);
    plan({ desired: [desired({ ...blog, metadata: {} })], live: [row] });
    expect(row).toEqual(frozen);
  });
});
