// LangGraphClient against the REAL dev server (no mocks): what the tool relies
// on, and where the server differs from /work/shared/langgraph-api.md (those
// cases are marked "MEASURED"; client.ts summarises them at the top).
import { randomUUID } from "node:crypto";
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { RemoteError } from "../../src/errors.js";
import type { CreateBody, JsonObject, UpdateBody } from "../../src/model.js";
import { LangGraphClient, OWNER_METADATA_KEY } from "../../src/remote/index.js";
import { runWait, serverUrl } from "../support/server.js";

function client(pageSize?: number): LangGraphClient {
  return new LangGraphClient({ url: serverUrl(), pageSize, retryBaseMs: 10 });
}

function newOwner(): string {
  return `owner-${randomUUID()}`;
}

function createBody(owner: string, overrides: Partial<CreateBody> = {}): CreateBody {
  return {
    assistant_id: randomUUID(),
    graph_id: "writer",
    name: `writer-${randomUUID().slice(0, 8)}`,
    description: "drafts posts",
    config: { tags: ["a"] },
    context: { model_name: "echo", system_prompt: "Be brief." },
    metadata: { [OWNER_METADATA_KEY]: owner, team: "blog" },
    if_exists: "do_nothing",
    ...overrides,
  };
}

function updateBody(from: CreateBody, overrides: Partial<UpdateBody> = {}): UpdateBody {
  return {
    graph_id: from.graph_id,
    name: from.name,
    description: from.description ?? "",
    config: from.config,
    context: from.context,
    metadata: from.metadata,
    ...overrides,
  };
}

/** A raw request, to pin server behaviour the client deliberately avoids. */
async function raw(method: "GET" | "POST" | "PATCH", path: string, options: { body?: JsonObject; contentType?: boolean } = {}) {
  const headers: Record<string, string> = options.contentType ? { "content-type": "application/json" } : {};
  const response = await request(serverUrl() + path, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: response.statusCode, text: await response.body.text(), contentType: response.headers["content-type"] };
}

describe("create and get", () => {
  it("creates an assistant and reads it back", async () => {
    const api = client();
    const body = createBody(newOwner());
    const created = await api.create(body);
    expect(created).toMatchObject({
      assistant_id: body.assistant_id,
      graph_id: "writer",
      name: body.name,
      description: "drafts posts",
      config: body.config,
      context: body.context,
      metadata: body.metadata,
      version: 1,
    });
    expect(await api.get(body.assistant_id)).toEqual(created);
  });

  it("answers a duplicate id with the EXISTING row, unchanged (if_exists do_nothing)", async () => {
    const api = client();
    const body = createBody(newOwner());
    const first = await api.create(body);
    const second = await api.create({ ...body, name: "something else", context: { model_name: "openai", system_prompt: "x" } });
    expect(second).toEqual(first);
    expect(await api.versions(body.assistant_id, { limit: 10 })).toHaveLength(1);
  });

  it("lower-cases UUIDs, which the server compares case-sensitively", async () => {
    const api = client();
    const body = createBody(newOwner());
    const upper = body.assistant_id.toUpperCase();
    const created = await api.create({ ...body, assistant_id: upper });
    expect(created.assistant_id).toBe(body.assistant_id);
    expect((await api.get(upper))?.assistant_id).toBe(body.assistant_id);
    // MEASURED: the server itself keeps whatever case it was sent, and GET with the other case is a 404.
    const rawId = randomUUID().toUpperCase();
    await raw("POST", "/assistants", { body: { assistant_id: rawId, graph_id: "writer" }, contentType: true });
    expect((await raw("GET", `/assistants/${rawId.toLowerCase()}`)).status).toBe(404);
    expect((await raw("GET", `/assistants/${rawId}`)).status).toBe(200);
  });

  it("returns null for an unknown assistant", async () => {
    expect(await client().get(randomUUID())).toBeNull();
  });

  it("accepts an unknown graph_id on create (the server does not check it)", async () => {
    const api = client();
    const created = await api.create(createBody(newOwner(), { graph_id: `no-such-graph-${randomUUID().slice(0, 6)}` }));
    expect(created.version).toBe(1);
    // ... but its schemas name the missing graph.
    await expect(api.schemas(created.assistant_id)).rejects.toThrow(/^graph "no-such-graph-[0-9a-f]+" not found on the deployment/);
  });

  it("summarises a 400 validation error in one line (MEASURED: JSON zod issues, not text/plain)", async () => {
    const api = client();
    const bad = { ...createBody(newOwner()), metadata: "not an object" } as unknown as CreateBody;
    const error = await api.create(bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).message).toMatch(/^POST \/assistants: the server rejected the request \(400\): metadata: Expected object, received string$/);
    expect((error as RemoteError).details).toMatchObject({ status: 400, mayHaveLanded: false });
    const direct = await raw("POST", "/assistants", { body: { graph_id: "writer", description: null }, contentType: true });
    expect(direct.status).toBe(400);
    expect(direct.contentType).toMatch(/application\/json/);
  });
});

describe("update", () => {
  it("makes a new version on EVERY PATCH, even with identical content", async () => {
    const api = client();
    const body = createBody(newOwner());
    await api.create(body);
    const once = await api.update(body.assistant_id, updateBody(body));
    const twice = await api.update(body.assistant_id, updateBody(body));
    expect([once.version, twice.version]).toEqual([2, 3]);
    expect((await api.allVersions(body.assistant_id)).map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it("replaces context and config wholesale, and merges metadata (a key is never removed)", async () => {
    const api = client();
    const body = createBody(newOwner(), {
      config: { tags: ["a"], configurable: { temperature: 1 } },
      context: { model_name: "echo", system_prompt: "old", temperature: 1 },
      metadata: { [OWNER_METADATA_KEY]: newOwner(), team: "blog", nested: { a: 1 } },
    });
    await api.create(body);
    const updated = await api.update(
      body.assistant_id,
      updateBody(body, {
        config: { tags: ["b"] },
        context: { model_name: "openai", system_prompt: "new" },
        metadata: { nested: { b: 2 }, extra: "x" },
      }),
    );
    expect(updated.config).toEqual({ tags: ["b"] });
    expect(updated.context).toEqual({ model_name: "openai", system_prompt: "new" });
    // Shallow merge: untouched keys stay, nested objects are replaced.
    expect(updated.metadata).toEqual({ [OWNER_METADATA_KEY]: body.metadata[OWNER_METADATA_KEY], team: "blog", nested: { b: 2 }, extra: "x" });
  });

  it("MEASURED: a PATCH without content-type is not rejected: its body is ignored but a version is still made", async () => {
    const api = client();
    const body = createBody(newOwner());
    await api.create(body);
    const response = await raw("PATCH", `/assistants/${body.assistant_id}`, { body: { name: "ignored" } });
    expect(response.status).toBe(200);
    const row = await api.get(body.assistant_id);
    expect(row).toMatchObject({ name: body.name, version: 2 });
  });

  it("fails with 404 on an unknown assistant, without retrying", async () => {
    const error = await client()
      .update(randomUUID(), updateBody(createBody(newOwner())))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).details).toMatchObject({ method: "PATCH", status: 404, mayHaveLanded: false });
  });
});

describe("versions", () => {
  it("lists newest first, pages with limit/offset and answers [] where the server says 404", async () => {
    const api = client();
    const body = createBody(newOwner());
    await api.create(body);
    for (let i = 0; i < 3; i++) await api.update(body.assistant_id, updateBody(body, { name: `${body.name}-${i}` }));
    const all = await api.versions(body.assistant_id, { limit: 10 });
    expect(all.map((v) => v.version)).toEqual([4, 3, 2, 1]);
    expect(all[0]).toMatchObject({ assistant_id: body.assistant_id, graph_id: "writer", name: `${body.name}-2`, context: body.context });
    expect((await api.versions(body.assistant_id, { limit: 2, offset: 1 })).map((v) => v.version)).toEqual([3, 2]);
    // An empty result is a 404 on this server: past the end, no match, unknown assistant.
    expect(await api.versions(body.assistant_id, { limit: 2, offset: 10 })).toEqual([]);
    expect(await api.versions(body.assistant_id, { metadata: { nope: "x" } })).toEqual([]);
    expect(await api.versions(randomUUID())).toEqual([]);
  });

  it("finds a version by its own metadata (a content hash) in one call", async () => {
    const api = client();
    const body = createBody(newOwner(), { metadata: { [OWNER_METADATA_KEY]: newOwner(), "assistantctl/hash": "h1" } });
    await api.create(body);
    await api.update(body.assistant_id, updateBody(body, { metadata: { "assistantctl/hash": "h2" } }));
    await api.update(body.assistant_id, updateBody(body, { metadata: { "assistantctl/hash": "h3" } }));
    const found = await api.versions(body.assistant_id, { metadata: { "assistantctl/hash": "h2" }, limit: 1 });
    expect(found.map((v) => v.version)).toEqual([2]);
  });

  it("pages through every version with a small page size", async () => {
    const api = client(2);
    const body = createBody(newOwner());
    await api.create(body);
    for (let i = 0; i < 4; i++) await api.update(body.assistant_id, updateBody(body, { description: `d${i}` }));
    // 5 versions: pages of 2, 2, 1.
    expect((await api.allVersions(body.assistant_id)).map((v) => v.version)).toEqual([5, 4, 3, 2, 1]);
    expect(await api.allVersions(randomUUID())).toEqual([]);
  });

  it("reports the highest version number, or null", async () => {
    const api = client();
    const body = createBody(newOwner());
    await api.create(body);
    await api.update(body.assistant_id, updateBody(body, { name: "v2" }));
    await api.setLatest(body.assistant_id, 1);
    expect(await api.latestVersionNumber(body.assistant_id)).toBe(2);
    expect(await api.latestVersionNumber(randomUUID())).toBeNull();
  });
});

describe("setLatest", () => {
  it("moves the pointer without a new version; the next PATCH is still max+1", async () => {
    const api = client();
    const body = createBody(newOwner());
    await api.create(body);
    await api.update(body.assistant_id, updateBody(body, { name: "second", config: { tags: ["second"] } }));
    const restored = await api.setLatest(body.assistant_id, 1);
    expect(restored).toMatchObject({ version: 1, name: body.name, config: body.config });
    expect(await api.latestVersionNumber(body.assistant_id)).toBe(2);
    const next = await api.update(body.assistant_id, updateBody(body, { name: "third" }));
    expect(next.version).toBe(3);
  });

  it("restores only config, metadata and name on the JS server: context and description keep their newer values", async () => {
    const api = client();
    const body = createBody(newOwner());
    await api.create(body);
    const newer = { model_name: "openai", system_prompt: "newer" };
    await api.update(body.assistant_id, updateBody(body, { context: newer, description: "newer" }));
    const restored = await api.setLatest(body.assistant_id, 1);
    expect(restored.version).toBe(1);
    expect(restored.context).toEqual(newer);
    expect(restored.description).toBe("newer");
  });

  it("fails with 404 for an unknown version", async () => {
    const api = client();
    const body = createBody(newOwner());
    await api.create(body);
    const error = await api.setLatest(body.assistant_id, 99).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as RemoteError).details.status).toBe(404);
    expect((error as RemoteError).message).toContain("Assistant version not found");
  });
});

describe("delete", () => {
  it("deletes with every version; a second delete reports it already gone", async () => {
    const api = client();
    const body = createBody(newOwner());
    await api.create(body);
    await api.update(body.assistant_id, updateBody(body, { name: "v2" }));
    expect(await api.delete(body.assistant_id)).toBe(true);
    expect(await api.delete(body.assistant_id)).toBe(false);
    expect(await api.get(body.assistant_id)).toBeNull();
    expect(await api.allVersions(body.assistant_id)).toEqual([]);
  });
});

describe("search", () => {
  it("lists every owned assistant across pages, whatever the page size", async () => {
    const owner = newOwner();
    const ids = new Set<string>();
    for (let i = 0; i < 7; i++) ids.add((await client().create(createBody(owner))).assistant_id);
    await client().create(createBody(newOwner())); // someone else's

    for (const pageSize of [3, 7, 1000]) {
      const owned = await client(pageSize).listOwned(owner);
      expect(new Set(owned.map((row) => row.assistant_id))).toEqual(ids);
      expect(owned).toHaveLength(7);
    }
    expect(await client(3).searchPage({ metadata: { [OWNER_METADATA_KEY]: owner } }, { limit: 3, offset: 6 })).toHaveLength(1);
    expect(await client().count({ metadata: { [OWNER_METADATA_KEY]: owner } })).toBe(7);
  });

  it("filters by graph, by metadata with strict equality, and by a case-insensitive name substring", async () => {
    const api = client();
    const owner = newOwner();
    const tag = randomUUID().slice(0, 8);
    await api.create(createBody(owner, { name: `Alpha-${tag}`, metadata: { [OWNER_METADATA_KEY]: owner, n: 2 } }));
    await api.create(createBody(owner, { name: `beta-${tag}`, graph_id: "support", context: {}, metadata: { [OWNER_METADATA_KEY]: owner, n: "2" } }));
    const mine = { [OWNER_METADATA_KEY]: owner };
    expect((await api.search({ metadata: mine, graph_id: "support" })).map((r) => r.name)).toEqual([`beta-${tag}`]);
    expect((await api.search({ metadata: { ...mine, n: 2 } })).map((r) => r.name)).toEqual([`Alpha-${tag}`]);
    expect((await api.search({ name: `ALPHA-${tag}` })).map((r) => r.name)).toEqual([`Alpha-${tag}`]);
    expect(await api.listOwned(newOwner())).toEqual([]);
  });

  it("is why content-type matters: without it the server ignores the filter", async () => {
    const owner = newOwner();
    await client().create(createBody(owner));
    const filtered = JSON.parse((await raw("POST", "/assistants/search", { body: { metadata: { [OWNER_METADATA_KEY]: owner } }, contentType: true })).text) as unknown[];
    const unfiltered = JSON.parse((await raw("POST", "/assistants/search", { body: { metadata: { [OWNER_METADATA_KEY]: owner } } })).text) as unknown[];
    expect(filtered).toHaveLength(1);
    expect(unfiltered.length).toBeGreaterThan(1);
  });

  it("lists the deployment's graphs from its system assistants", async () => {
    expect(await client().graphIds()).toEqual(expect.arrayContaining(["support", "writer"]));
  });
});

describe("schemas", () => {
  it("returns the graph's JSON Schemas (GET without content-type; with it the server answers 400)", async () => {
    const api = client();
    const writer = await api.schemas("writer");
    expect(writer.graph_id).toBe("writer");
    expect(writer.context_schema).toMatchObject({ type: "object", required: ["model_name", "system_prompt"] });
    const created = await api.create(createBody(newOwner(), { graph_id: "support", context: {} }));
    const support = await api.schemas(created.assistant_id);
    expect(support.graph_id).toBe("support");
    expect(JSON.stringify(support.config_schema)).toContain("system_prompt");
    const withContentType = await raw("GET", "/assistants/writer/schemas", { contentType: true });
    expect(withContentType).toMatchObject({ status: 400, text: "Malformed JSON in request body" });
  });
});

describe("runs", () => {
  it("runs the writer graph with the assistant's context", async () => {
    const api = client();
    const body = createBody(newOwner(), { context: { model_name: "anthropic", system_prompt: "Write well.", max_words: 50 } });
    await api.create(body);
    const output = (await runWait(api.url, body.assistant_id, { topic: "gitops" })) as { received_context: unknown };
    expect(output.received_context).toEqual(body.context);
  });
});

describe("health", () => {
  it("answers ok, and normalises the URL", async () => {
    const api = new LangGraphClient({ url: `${serverUrl()}///` });
    expect(api.url).toBe(serverUrl());
    await expect(api.ok()).resolves.toBeUndefined();
  });
});
