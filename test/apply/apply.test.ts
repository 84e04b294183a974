// Error paths of apply that the real server cannot produce on demand: lost
// responses, failures before landing, concurrency bounds. Against the
// in-memory deployment; the happy paths run against the real server elsewhere.
import { mkdtemp, readFile, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyPlan } from "../../src/apply/apply.js";
import { writeBackup } from "../../src/apply/backup.js";
import { assistantIdOf } from "../../src/plan/content.js";
import { observeAndPlan } from "../../src/reconcile.js";
import type { DeleteChange } from "../../src/model.js";
import { FakeDeployment } from "../support/fake-deployment.js";
import { OWNER, desired } from "../support/builders.js";

const v1 = desired({ name: "bot", context: { system_prompt: "one\n" } });
const v2 = desired({ name: "bot", context: { system_prompt: "two\n" } });
const id = assistantIdOf(v1, OWNER);
const noBackup = { backup: async () => "unused" };

async function reconcileInto(fake: FakeDeployment, wanted = [v1], prune = false) {
  const plan = await observeAndPlan(fake, { owner: OWNER, desired: wanted, prune });
  return { plan, result: await applyPlan(plan, fake, noBackup) };
}

describe("apply: writes are safe to repeat", () => {
  it("a PATCH whose response was lost is read back and not repeated", async () => {
    const fake = new FakeDeployment();
    await reconcileInto(fake);
    fake.faults.loseUpdateResponses = 1;
    const { result } = await reconcileInto(fake, [v2]);
    expect(result.results[0]!.outcome).toEqual({ status: "applied", version: 2, repaired: false });
    expect(fake.versionCount(id)).toBe(2);
    expect(fake.requests.filter((r) => r.startsWith("update"))).toHaveLength(1);
  });

  it("a PATCH that failed before landing is retried once it is read back as missing", async () => {
    const fake = new FakeDeployment();
    await reconcileInto(fake);
    fake.faults.failUpdatesBeforeLanding = 1;
    const { result } = await reconcileInto(fake, [v2]);
    expect(result.results[0]!.outcome).toEqual({ status: "applied", version: 2, repaired: false });
    expect(fake.versionCount(id)).toBe(2);
  });

  it("gives up after the attempts and reports the failure without crashing", async () => {
    const fake = new FakeDeployment();
    await reconcileInto(fake);
    fake.faults.failUpdatesBeforeLanding = 10;
    const { result } = await reconcileInto(fake, [v2]);
    expect(result.ok).toBe(false);
    expect(result.results[0]!.outcome).toMatchObject({ status: "failed", error: "502 from proxy" });
    expect(fake.versionCount(id)).toBe(1);
  });

  it("a repeated create returns the first row: one assistant, one version", async () => {
    const fake = new FakeDeployment();
    const plan = await observeAndPlan(fake, { owner: OWNER, desired: [v1], prune: false });
    await applyPlan(plan, fake, noBackup);
    const again = await applyPlan(plan, fake, noBackup); // a crashed run replayed
    expect(again.ok).toBe(true);
    expect(fake.versionCount(id)).toBe(1);
  });

  it("a create that meets a different existing row fails instead of overwriting it", async () => {
    const fake = new FakeDeployment();
    const plan = await observeAndPlan(fake, { owner: OWNER, desired: [v1], prune: false });
    await reconcileInto(fake, [v2]);
    const result = await applyPlan(plan, fake, noBackup);
    expect(result.results[0]!.outcome).toMatchObject({ status: "failed" });
    expect(result.results[0]!.outcome.status === "failed" && result.results[0]!.outcome.error).toMatch(/already exists with other content/);
  });

  it("keeps going after one failure and reports every change", async () => {
    const fake = new FakeDeployment();
    const a = desired({ name: "a" });
    const b = desired({ name: "b", graph: "writer" });
    await reconcileInto(fake, [a, b]);
    fake.faults.failUpdatesBeforeLanding = 3;
    const plan = await observeAndPlan(fake, {
      owner: OWNER,
      desired: [desired({ ...a, description: "x" }), desired({ ...b, description: "y" })],
      prune: false,
    });
    const result = await applyPlan(plan, fake, { ...noBackup, concurrency: 1 });
    expect(result.results.map((r) => r.outcome.status)).toEqual(["failed", "applied"]);
  });

  it("never has more requests in flight than the bound", async () => {
    const fake = new FakeDeployment();
    let inFlight = 0;
    let peak = 0;
    const create = fake.create.bind(fake);
    fake.create = async (body) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      try {
        return await create(body);
      } finally {
        inFlight--;
      }
    };
    const many = Array.from({ length: 30 }, (_, i) => desired({ name: `n${i}` }));
    const plan = await observeAndPlan(fake, { owner: OWNER, desired: many, prune: false });
    const result = await applyPlan(plan, fake, { ...noBackup, concurrency: 4 });
    expect(result.ok).toBe(true);
    expect(peak).toBe(4);
  });
});

describe("apply: deletes", () => {
  it("without --prune, reports and skips; with --prune backs up every version, then deletes", async () => {
    const fake = new FakeDeployment();
    await reconcileInto(fake, [v1]);
    await reconcileInto(fake, [v2]);
    const skipped = await reconcileInto(fake, []);
    expect(skipped.result.results[0]!.outcome).toMatchObject({ status: "skipped" });
    expect(await fake.get(id)).not.toBeNull();

    const dir = await mkdtemp(join(tmpdir(), "assistantctl-backup-"));
    const plan = await observeAndPlan(fake, { owner: OWNER, desired: [], prune: true });
    const result = await applyPlan(plan, fake, { backup: (change, versions) => writeBackup(dir, change, versions) });
    const outcome = result.results[0]!.outcome;
    expect(outcome).toMatchObject({ status: "applied" });
    expect(await fake.get(id)).toBeNull();
    const [file] = await readdir(dir);
    expect(outcome.status === "applied" && outcome.backup).toBe(join(dir, file!));
    const saved = JSON.parse(await readFile(join(dir, file!), "utf8"));
    expect(saved).toMatchObject({ format_version: 1, assistant_id: id, name: "bot", latest_version: 2 });
    expect(saved.versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(saved.versions[1].context).toEqual({ system_prompt: "one\n" });
  });

  it("does not delete when the backup cannot be written", async () => {
    const fake = new FakeDeployment();
    await reconcileInto(fake, [v1]);
    const plan = await observeAndPlan(fake, { owner: OWNER, desired: [], prune: true });
    const result = await applyPlan(plan, fake, {
      backup: async (_change: DeleteChange) => {
        throw new Error("disk full");
      },
    });
    expect(result.results[0]!.outcome).toEqual({ status: "failed", error: "disk full" });
    expect(await fake.get(id)).not.toBeNull();
  });
});
