// The in-memory deployment used by the property tests must behave like the
// real server where the planner and apply depend on it. The same script runs
// against both; what each observes must be equal.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { JsonObject, LiveAssistant } from "../../src/model.js";
import type { ReconcileApi } from "../../src/reconcile.js";
import { LangGraphClient } from "../../src/remote/index.js";
import { FakeDeployment } from "./fake-deployment.js";
import { serverUrl } from "./server.js";

/** What the planner reads of a row: content, version and metadata. */
function observe(row: LiveAssistant | null) {
  if (!row) return null;
  const { graph_id, name, description, config, context, metadata, version } = row;
  return { graph_id, name, description: description || null, config, context, metadata, version };
}

async function script(api: ReconcileApi, owner: string, id: string) {
  const seen: unknown[] = [];
  const meta = (extra: JsonObject): JsonObject => ({ "assistantctl/owner": owner, ...extra });

  const created = await api.create({
    assistant_id: id, graph_id: "writer", name: "one", description: "first",
    config: { configurable: { a: 1 } }, context: { prompt: "v1" }, metadata: meta({ team: "x", hash: "h1" }), if_exists: "do_nothing",
  });
  seen.push(observe(created));
  // A duplicate create returns the existing row unchanged.
  seen.push(observe(await api.create({
    assistant_id: id, graph_id: "writer", name: "other", config: {}, context: {}, metadata: {}, if_exists: "do_nothing",
  })));
  // Every PATCH makes a version; context/config replaced, metadata merged.
  seen.push(observe(await api.update(id, {
    graph_id: "support", name: "two", description: "second", config: { tags: ["t"] }, context: { prompt: "v2" }, metadata: { team: null, hash: "h2" },
  })));
  // setLatest moves the pointer; the JS server restores config, metadata and name only.
  await api.setLatest(id, 1);
  seen.push(observe(await api.get(id)));
  // The next PATCH is still max+1.
  seen.push(observe(await api.update(id, {
    graph_id: "writer", name: "three", description: "", config: {}, context: {}, metadata: { hash: "h3" },
  })));
  seen.push((await api.versions(id, { limit: 10 })).map((v) => v.version));
  seen.push((await api.versions(id, { limit: 10, metadata: { hash: "h1" } })).map((v) => v.version));
  seen.push((await api.listOwned(owner)).map((row) => row.assistant_id === id));
  seen.push(await api.latestVersionNumber(id));
  seen.push(await api.delete(id));
  seen.push(await api.get(id));
  seen.push(await api.versions(id, { limit: 10 }));
  return seen;
}

describe("the in-memory deployment", () => {
  it("observes what the real server does, step by step", async () => {
    const owner = `contract-${randomUUID().slice(0, 8)}`;
    const id = randomUUID();
    const real = await script(new LangGraphClient({ url: serverUrl() }), owner, id);
    const fake = await script(new FakeDeployment("js"), owner, id);
    expect(fake).toEqual(real);
  });
});
