// The PR-comment rendering of a plan: a reviewed snapshot of a fixture plan,
// built from plain values, plus the rules the snapshot cannot show at a glance.
import { describe, expect, it } from "vitest";
import type { ApplyResult, Plan } from "../../src/model.js";
import { planChanges } from "../../src/plan/plan.js";
import { MARKDOWN_MARKER, renderPlanMarkdown } from "../../src/render/markdown.js";
import { OWNER, desired, liveFor, versionOf } from "../support/builders.js";

/** One of each: update of a prompt, create, revert (set-latest), delete, a file gone without --prune, noop. */
function fixturePlan(prune = true): Plan {
  const writer = desired({
    name: "writer-bot",
    description: "Writes posts",
    context: { model_name: "echo", system_prompt: "You write posts.\nBe thorough.\nCite sources.\n" },
  });
  const writerLive = liveFor(
    desired({ name: "writer-bot", description: "Writes", context: { model_name: "echo", system_prompt: "You write posts.\nBe brief.\n" } }),
    6,
  );
  const support = desired({ name: "support-bot", graph: "support", config: { configurable: { model: "m1" } } });
  const supportV4 = versionOf(liveFor(support, 4));
  const supportLive = liveFor(desired({ name: "support-bot", graph: "support", config: { configurable: { model: "m2" } } }), 5);
  const fresh = desired({ name: "fresh-bot", metadata: { team: "content" } });
  const same = desired({ name: "same-bot" });
  const gone = liveFor(desired({ name: "gone-bot" }), 2);
  const old = liveFor(desired({ name: "old-bot" }), 3);
  const { plan } = planChanges({
    owner: OWNER,
    desired: [writer, support, fresh, same],
    live: [writerLive, supportLive, liveFor(same, 1), gone, ...(prune ? [] : [old])],
    history: new Map([[supportLive.assistant_id, [supportV4]]]),
    nextVersion: new Map([[writerLive.assistant_id, 7]]),
    prune,
  });
  return plan;
}

describe("renderPlanMarkdown", () => {
  it("matches the reviewed snapshot of a fixture plan", async () => {
    const markdown = renderPlanMarkdown(fixturePlan(), { target: "staging (https://staging.example.com)" });
    await expect(markdown).toMatchFileSnapshot("__snapshots__/plan.md");
  });

  it("starts with the marker, counts every action, and lists only what changes", () => {
    const markdown = renderPlanMarkdown(fixturePlan(), { target: "http://x" });
    expect(markdown.startsWith(MARKDOWN_MARKER + "\n")).toBe(true);
    expect(markdown).toContain("| create | update | set-latest | delete | noop |");
    expect(markdown).toContain("| 1 | 1 | 1 | 1 | 1 |");
    expect(markdown).not.toContain("same-bot");
    expect(markdown.match(/<details>/g)).toHaveLength(4);
    expect(markdown).toContain("v6 → v7");
    expect(markdown).toContain("v5 → back to v4");
  });

  it("shows the prompt diff as a fenced diff block", () => {
    const markdown = renderPlanMarkdown(fixturePlan(), { target: "http://x" });
    expect(markdown).toContain(
      ["```diff", "@@ -1,2 +1,3 @@", " You write posts.", "-Be brief.", "+Be thorough.", "+Cite sources.", "```"].join("\n"),
    );
    expect(markdown).toContain(['- description: "Writes"', '+ description: "Writes posts"'].join("\n"));
  });

  it("reports deletes kept without --prune under the table", () => {
    const markdown = renderPlanMarkdown(fixturePlan(false), { target: "http://x" });
    expect(markdown).toContain("2 assistants without a file any more: kept (deleted only with `--prune`).");
    expect(markdown).toContain("| 1 | 1 | 1 | 0 | 1 |");
  });

  it("truncates long diffs with a note", () => {
    const before = Array.from({ length: 300 }, (_, i) => `line ${i}`).join("\n") + "\n";
    const after = Array.from({ length: 300 }, (_, i) => `LINE ${i}`).join("\n") + "\n";
    const { plan } = planChanges({
      owner: OWNER,
      desired: [desired({ name: "long", context: { system_prompt: after } })],
      live: [liveFor(desired({ name: "long", context: { system_prompt: before } }), 1)],
      prune: false,
    });
    const markdown = renderPlanMarkdown(plan, { target: "http://x", maxDiffLines: 50 });
    const block = /```diff\n([\s\S]*?)\n```/.exec(markdown)?.[1] ?? "";
    expect(block.split("\n")).toHaveLength(50);
    expect(markdown).toContain("_… 551 more diff lines not shown; run `assistantctl plan` for the full diff._");
  });

  it("keeps the whole comment under GitHub's limit by leaving out later diffs", () => {
    const big = (tag: string) => Array.from({ length: 150 }, (_, i) => `${tag} ${"x".repeat(80)} ${i}`).join("\n") + "\n";
    const names = ["a", "b", "c", "d"];
    const { plan } = planChanges({
      owner: OWNER,
      desired: names.map((name) => desired({ name, context: { system_prompt: big("new") } })),
      live: names.map((name) => liveFor(desired({ name, context: { system_prompt: big("old") } }), 1)),
      prune: false,
    });
    const markdown = renderPlanMarkdown(plan, { target: "http://x", maxChars: 40_000 });
    expect(markdown.length).toBeLessThan(41_000);
    expect(markdown.match(/<details>/g)).toHaveLength(4);
    expect(markdown).toMatch(/the diffs of \d assistants? are left out/);
  });

  it("fences a prompt that itself holds a code fence with a longer fence", () => {
    const { plan } = planChanges({
      owner: OWNER,
      desired: [desired({ name: "coder", context: { system_prompt: "Answer with:\n```json\n{}\n```\n" } })],
      live: [liveFor(desired({ name: "coder", context: { system_prompt: "Answer.\n" } }), 1)],
      prune: false,
    });
    const markdown = renderPlanMarkdown(plan, { target: "http://x" });
    expect(markdown).toContain("````diff\n");
    expect(markdown).toContain("+```json\n");
  });

  it("after an apply, says what happened to each change", () => {
    const plan = fixturePlan();
    const applied: ApplyResult = {
      ok: false,
      results: plan.changes
        .filter((c) => c.action !== "noop")
        .map((change) => ({
          change,
          elapsed_ms: 1,
          outcome:
            change.name === "gone-bot"
              ? { status: "failed" as const, error: "boom <b>" }
              : { status: "applied" as const, version: change.to_version, repaired: change.action === "set-latest" },
        })),
    };
    const markdown = renderPlanMarkdown(plan, { target: "http://x", applied });
    expect(markdown).toContain("### assistantctl applied for `http://x`");
    expect(markdown).toContain("**Applied 3, failed 1.**");
    expect(markdown).toContain("✅ applied (v7)");
    expect(markdown).toContain("✅ applied (v4), repaired");
    expect(markdown).toContain("> **Failed:** boom \\<b\\>");
  });

  it("says when everything is in sync", () => {
    const same = desired({ name: "same" });
    const { plan } = planChanges({ owner: OWNER, desired: [same], live: [liveFor(same, 1)], prune: false });
    expect(renderPlanMarkdown(plan, { target: "http://x" })).toContain("Every assistant is in sync with its file: nothing to do.");
  });
});
