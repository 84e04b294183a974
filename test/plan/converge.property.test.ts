// Properties of plan + apply together, against an in-memory deployment that
// follows the measured server semantics: whatever the history, one reconcile
// converges, a second is a one-request no-op, and no step duplicates a version.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applyPlan } from "../../src/apply/apply.js";
import { assistantIdOf, contentEquals, contentOfDesired, contentOfLive } from "../../src/plan/content.js";
import { pendingChanges } from "../../src/plan/plan.js";
import { observeAndPlan } from "../../src/reconcile.js";
import type { DesiredAssistant } from "../../src/model.js";
import { FakeDeployment } from "../support/fake-deployment.js";
import { OWNER, desired } from "../support/builders.js";

const NAMES = ["alpha", "beta", "gamma"] as const;

/** A small pool of contents per name, so that histories often return to an earlier state. */
function variant(name: string, n: number): DesiredAssistant {
  return desired({
    name,
    graph: n % 3 === 2 ? "support" : "writer",
    description: n % 2 === 0 ? null : `variant ${n}`,
    context: { system_prompt: `You are ${name}.\nVariant ${n}.\n` },
    config: n === 3 ? { configurable: { model: "m" }, tags: ["x"] } : null,
    metadata: n % 2 === 0 ? { team: "a" } : { owner_team: "b" },
  });
}

const stateArb = fc.record(Object.fromEntries(NAMES.map((name) => [name, fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined })])));
const historyArb = fc.array(stateArb, { minLength: 1, maxLength: 6 });

function desiredSet(state: Record<string, number | undefined>): DesiredAssistant[] {
  return NAMES.flatMap((name) => (state[name] === undefined ? [] : [variant(name, state[name] as number)]));
}

describe("reconcile converges (property)", () => {
  for (const restore of ["js", "python"] as const) {
    it(`on a server whose setLatest restores ${restore === "js" ? "config, metadata and name only" : "everything"}`, async () => {
      await fc.assert(
        fc.asyncProperty(historyArb, async (history) => {
          const fake = new FakeDeployment(restore);
          for (const state of history) {
            const wanted = desiredSet(state);
            const before = new Map(NAMES.map((n) => [n, fake.versionCount(assistantIdOf(desired({ name: n }), OWNER))]));
            const plan = await observeAndPlan(fake, { owner: OWNER, desired: wanted, prune: true });
            const result = await applyPlan(plan, fake, { backup: async () => "memory" });
            expect(result.ok).toBe(true);

            for (const d of wanted) {
              const id = assistantIdOf(d, OWNER);
              const row = await fake.get(id);
              expect(row && contentEquals(contentOfLive(row), contentOfDesired(d))).toBe(true);
              // At most one new version per assistant per reconcile; none for a full-restore set-latest.
              const change = plan.changes.find((c) => c.assistant_id === id)!;
              const created = fake.versionCount(id) - (before.get(d.name as (typeof NAMES)[number]) ?? 0);
              expect(created).toBeLessThanOrEqual(1);
              if (change.action === "noop") expect(created).toBe(0);
              if (change.action === "set-latest" && restore === "python") expect(created).toBe(0);
            }

            fake.requests.length = 0;
            const again = await observeAndPlan(fake, { owner: OWNER, desired: wanted, prune: true });
            expect(pendingChanges(again)).toEqual([]);
            expect(fake.requests).toEqual(["search"]);
          }
        }),
        { numRuns: 150 },
      );
    });
  }

  it("returns to an earlier version with set-latest and no new version when the server restores everything", async () => {
    const fake = new FakeDeployment("python");
    const v0 = [variant("alpha", 0)];
    const v1 = [variant("alpha", 1)];
    for (const wanted of [v0, v1]) await applyPlan(await observeAndPlan(fake, { owner: OWNER, desired: wanted, prune: false }), fake, { backup: async () => "" });
    const id = assistantIdOf(v0[0]!, OWNER);
    expect(fake.versionCount(id)).toBe(2);
    const revert = await observeAndPlan(fake, { owner: OWNER, desired: v0, prune: false });
    expect(revert.changes[0]).toMatchObject({ action: "set-latest", from_version: 2, to_version: 1 });
    const result = await applyPlan(revert, fake, { backup: async () => "" });
    expect(result.results[0]!.outcome).toEqual({ status: "applied", version: 1, repaired: false });
    expect(fake.versionCount(id)).toBe(2);
  });

  it("repairs with exactly one PATCH where the JS server restores partially", async () => {
    const fake = new FakeDeployment("js");
    const v0 = [variant("alpha", 0)];
    const v1 = [variant("alpha", 1)];
    for (const wanted of [v0, v1]) await applyPlan(await observeAndPlan(fake, { owner: OWNER, desired: wanted, prune: false }), fake, { backup: async () => "" });
    const id = assistantIdOf(v0[0]!, OWNER);
    const revert = await observeAndPlan(fake, { owner: OWNER, desired: v0, prune: false });
    expect(revert.changes[0]).toMatchObject({ action: "set-latest", to_version: 1 });
    const result = await applyPlan(revert, fake, { backup: async () => "" });
    expect(result.results[0]!.outcome).toEqual({ status: "applied", version: 3, repaired: true });
    expect(fake.versionCount(id)).toBe(3);
    const again = await observeAndPlan(fake, { owner: OWNER, desired: v0, prune: false });
    expect(again.changes[0]!.action).toBe("noop");
  });
});
