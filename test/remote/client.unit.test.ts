// LangGraphClient on the paths a real server cannot produce on demand:
// throttling, 5xx, lost connections, bad keys, malformed rows. undici's
// MockAgent answers; no request reaches the network unless a test says so.
import { createServer, type Server } from "node:http";
import { inspect } from "node:util";
import { MockAgent, type MockPool } from "undici";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RemoteError, UserError } from "../../src/errors.js";
import type { LiveAssistant, UpdateBody } from "../../src/model.js";
import { findFreePort } from "../../src/local/index.js";
import { LangGraphClient, normaliseUrl, parseRetryAfter, type RemoteOptions } from "../../src/remote/index.js";
import { summariseBody } from "../../src/remote/failures.js";

const ORIGIN = "http://langgraph.test:8123";
const API_KEY = "lsv2_sk_SECRET-KEY-0123456789";
const ID = "3f0c7a1e-8d2b-4c5e-9f10-aa11bb22cc33";

function row(overrides: Partial<LiveAssistant> = {}): LiveAssistant {
  return {
    assistant_id: ID,
    graph_id: "writer",
    name: "writer",
    description: null,
    config: {},
    context: { model_name: "echo" },
    metadata: { "assistantctl/owner": "o" },
    version: 1,
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: "2026-01-01T00:00:00.000Z",
    ...overrides,
  };
}

const UPDATE: UpdateBody = { graph_id: "writer", name: "writer", description: "", config: {}, context: {}, metadata: {} };
const JSON_HEADERS = { headers: { "content-type": "application/json" } };

let agent: MockAgent;
let pool: MockPool;
let delays: number[];

function client(options: Partial<RemoteOptions> = {}): LangGraphClient {
  return new LangGraphClient({
    url: ORIGIN,
    dispatcher: agent,
    retryBaseMs: 100,
    sleep: async (ms) => void delays.push(ms),
    ...options,
  });
}

async function failure(promise: Promise<unknown>): Promise<RemoteError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RemoteError);
  return error as RemoteError;
}

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  pool = agent.get(ORIGIN);
  delays = [];
});

afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

describe("retries", () => {
  it("honours Retry-After on a 429, then succeeds", async () => {
    pool.intercept({ path: "/assistants/search", method: "POST" }).reply(429, "slow down", { headers: { "retry-after": "2" } });
    pool.intercept({ path: "/assistants/search", method: "POST" }).reply(200, JSON.stringify([row()]), JSON_HEADERS);
    expect(await client().search({ graph_id: "writer" })).toEqual([row()]);
    expect(delays).toEqual([2000]);
  });

  it("retries a read on 503 with exponential backoff and jitter", async () => {
    pool.intercept({ path: `/assistants/${ID}`, method: "GET" }).reply(503, "busy").times(2);
    pool.intercept({ path: `/assistants/${ID}`, method: "GET" }).reply(200, JSON.stringify(row()), JSON_HEADERS);
    expect(await client().get(ID)).toEqual(row());
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeGreaterThanOrEqual(50);
    expect(delays[0]).toBeLessThanOrEqual(100);
    expect(delays[1]).toBeGreaterThanOrEqual(100);
    expect(delays[1]).toBeLessThanOrEqual(200);
  });

  it("gives up after maxRetries with the last status in one line", async () => {
    pool.intercept({ path: `/assistants/${ID}`, method: "GET" }).reply(500, "Internal\n  Server Error").times(3);
    const error = await failure(client({ maxRetries: 2 }).get(ID));
    expect(error.message).toBe(`GET /assistants/${ID} failed (500): Internal Server Error`);
    expect(error.details).toEqual({ method: "GET", path: `/assistants/${ID}`, status: 500, mayHaveLanded: true });
    expect(delays).toHaveLength(2);
  });

  it("retries an idempotent create on 502", async () => {
    pool.intercept({ path: "/assistants", method: "POST" }).reply(502, "bad gateway");
    pool.intercept({ path: "/assistants", method: "POST" }).reply(200, JSON.stringify(row()), JSON_HEADERS);
    const created = await client().create({
      assistant_id: ID,
      graph_id: "writer",
      name: "writer",
      config: {},
      context: {},
      metadata: {},
      if_exists: "do_nothing",
    });
    expect(created.assistant_id).toBe(ID);
    expect(delays).toHaveLength(1);
  });

  it("does NOT retry a PATCH that failed with 502: it may have landed", async () => {
    pool.intercept({ path: `/assistants/${ID}`, method: "PATCH" }).reply(502, "bad gateway");
    const error = await failure(client().update(ID, UPDATE));
    expect(error.details).toEqual({ method: "PATCH", path: `/assistants/${ID}`, status: 502, mayHaveLanded: true });
    expect(delays).toEqual([]);
  });

  it("does NOT retry a PATCH whose connection was reset after sending", async () => {
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    pool.intercept({ path: `/assistants/${ID}`, method: "PATCH" }).replyWithError(reset);
    const error = await failure(client().update(ID, UPDATE));
    expect(error.message).toBe(`PATCH /assistants/${ID} on ${ORIGIN} failed: connection reset (the request may have been applied)`);
    expect(error.details).toMatchObject({ status: null, mayHaveLanded: true });
    expect(delays).toEqual([]);
  });

  it("retries a PATCH on 429: it provably did not land", async () => {
    pool.intercept({ path: `/assistants/${ID}`, method: "PATCH" }).reply(429, "", { headers: { "retry-after": "0" } });
    pool.intercept({ path: `/assistants/${ID}`, method: "PATCH" }).reply(200, JSON.stringify(row({ version: 2 })), JSON_HEADERS);
    expect((await client().update(ID, UPDATE)).version).toBe(2);
    expect(delays).toEqual([0]);
  });

  it("does not retry other 4xx", async () => {
    pool.intercept({ path: `/assistants/${ID}/latest`, method: "POST" }).reply(404, "Assistant version not found");
    const error = await failure(client().setLatest(ID, 7));
    expect(error.message).toBe(`POST /assistants/${ID}/latest failed (404): Assistant version not found`);
    expect(error.details.mayHaveLanded).toBe(false);
    expect(delays).toEqual([]);
  });
});

describe("connection errors (real network)", () => {
  it("reports a refused connection in one line, after retrying even a PATCH", async () => {
    const port = await findFreePort(); // nothing listens there
    const api = new LangGraphClient({ url: `http://127.0.0.1:${port}/`, maxRetries: 2, sleep: async (ms) => void delays.push(ms) });
    const error = await failure(api.update(ID, UPDATE));
    expect(error.message).toBe(`cannot reach http://127.0.0.1:${port}: connection refused`);
    expect(error.details).toEqual({ method: "PATCH", path: `/assistants/${ID}`, status: null, mayHaveLanded: false });
    expect(error.stack?.split("\n")[0]).toBe(`RemoteError: ${error.message}`);
    expect(delays).toHaveLength(2);
  });

  describe("a server that never answers", () => {
    let server: Server;
    let url: string;
    beforeEach(async () => {
      server = createServer(() => {
        /* never answers */
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const address = server.address();
      url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it("times out a read, retrying it", async () => {
      const api = new LangGraphClient({ url, timeoutMs: 150, maxRetries: 1, sleep: async (ms) => void delays.push(ms) });
      const error = await failure(api.get(ID));
      expect(error.message).toBe(`GET /assistants/${ID} on ${url} failed: no answer within 150 ms`);
      expect(delays).toHaveLength(1);
    });

    it("times out a PATCH once, flagged as possibly applied", async () => {
      const api = new LangGraphClient({ url, timeoutMs: 150, maxRetries: 3, sleep: async (ms) => void delays.push(ms) });
      const error = await failure(api.update(ID, UPDATE));
      expect(error.message).toBe(`PATCH /assistants/${ID} on ${url} failed: no answer within 150 ms (the request may have been applied)`);
      expect(error.details).toMatchObject({ status: null, mayHaveLanded: true });
      expect(delays).toEqual([]);
    });
  });
});

describe("API key", () => {
  it("sends the key as x-api-key and never puts it in an error", async () => {
    pool.intercept({ path: "/assistants/search", method: "POST", headers: { "x-api-key": API_KEY } }).reply(401, `invalid key ${API_KEY}`);
    const error = await failure(client({ apiKey: API_KEY }).search({}));
    expect(error.message).toBe(`${ORIGIN} rejected the API key (401): set LANGGRAPH_API_KEY to a key for this deployment`);
    expect(error.message).not.toContain(API_KEY);
    expect(inspect(error, { depth: Infinity, showHidden: true })).not.toContain(API_KEY);
    expect(JSON.stringify(error)).not.toContain(API_KEY);
    expect(String(error.stack)).not.toContain(API_KEY);
  });

  it("redacts the key should a server echo it in an error body", async () => {
    pool.intercept({ path: `/assistants/${ID}`, method: "GET" }).reply(400, `bad header x-api-key: ${API_KEY}`);
    const error = await failure(client({ apiKey: API_KEY }).get(ID));
    expect(error.message).toBe(`GET /assistants/${ID}: the server rejected the request (400): bad header x-api-key: ***`);
    expect(inspect(error, { depth: Infinity, showHidden: true })).not.toContain(API_KEY);
  });

  it("says a key is needed when none was sent", async () => {
    pool.intercept({ path: "/ok", method: "GET", headers: (headers) => !("x-api-key" in headers) }).reply(403, "Forbidden");
    const error = await failure(client().ok());
    expect(error.message).toBe(`${ORIGIN} requires an API key (403): set LANGGRAPH_API_KEY`);
  });

  it("keeps credentials of the URL out of messages", async () => {
    const port = await findFreePort();
    const api = new LangGraphClient({ url: `http://user:hunter2@127.0.0.1:${port}`, maxRetries: 0 });
    const error = await failure(api.ok());
    expect(error.message).toBe(`cannot reach http://127.0.0.1:${port}: connection refused`);
  });
});

describe("headers", () => {
  it("sends content-type: application/json with every body (else the server ignores filters)", async () => {
    pool
      .intercept({
        path: "/assistants/search",
        method: "POST",
        headers: { "content-type": "application/json" },
        body: (body) => JSON.stringify(JSON.parse(body)) === JSON.stringify({ metadata: { a: "b" }, limit: 1000, offset: 0 }),
      })
      .reply(200, "[]", JSON_HEADERS);
    pool.intercept({ path: "/assistants/count", method: "POST", headers: { "content-type": "application/json" } }).reply(200, "3");
    expect(await client().search({ metadata: { a: "b" } })).toEqual([]);
    expect(await client().count({ graph_id: "writer" })).toBe(3);
  });

  it("sends no content-type on a GET or DELETE (the schemas route answers 400 to it)", async () => {
    const noContentType = (headers: Record<string, string>) => !Object.keys(headers).some((name) => name.toLowerCase() === "content-type");
    pool
      .intercept({ path: `/assistants/${ID}/schemas`, method: "GET", headers: noContentType })
      .reply(200, JSON.stringify({ graph_id: "writer", config_schema: null, context_schema: { type: "object" } }), JSON_HEADERS);
    pool.intercept({ path: `/assistants/${ID}`, method: "DELETE", headers: noContentType }).reply(200, JSON.stringify([ID]), JSON_HEADERS);
    expect(await client().schemas(ID)).toEqual({ graph_id: "writer", config_schema: null, context_schema: { type: "object" } });
    expect(await client().delete(ID)).toBe(true);
  });

  it("lower-cases UUIDs in paths and bodies", async () => {
    pool.intercept({ path: `/assistants/${ID}`, method: "GET" }).reply(404, "Assistant not found");
    pool
      .intercept({ path: "/assistants", method: "POST", body: (body) => JSON.parse(body).assistant_id === ID })
      .reply(200, JSON.stringify(row()), JSON_HEADERS);
    expect(await client().get(ID.toUpperCase())).toBeNull();
    await client().create({ assistant_id: ID.toUpperCase(), graph_id: "writer", name: "w", config: {}, context: {}, metadata: {}, if_exists: "do_nothing" });
  });
});

describe("validation at the border", () => {
  it("turns a malformed row into a RemoteError naming the field", async () => {
    const bad = { ...row(), version: "7" };
    pool.intercept({ path: "/assistants/search", method: "POST" }).reply(200, JSON.stringify([row(), bad]), JSON_HEADERS);
    const error = await failure(client().search({}));
    expect(error.message).toBe(`malformed answer from ${ORIGIN} to POST /assistants/search: [1].version: expected number, received string`);
  });

  it("fills fields an older server leaves out", async () => {
    const { description: _d, context: _c, ...old } = row();
    pool.intercept({ path: `/assistants/${ID}`, method: "GET" }).reply(200, JSON.stringify(old), JSON_HEADERS);
    expect(await client().get(ID)).toEqual(row({ description: null, context: {} }));
  });

  it("rejects a 2xx that is not JSON", async () => {
    pool.intercept({ path: `/assistants/${ID}`, method: "GET" }).reply(200, "<html>login</html>");
    const error = await failure(client().get(ID));
    expect(error.message).toBe(`GET /assistants/${ID} on ${ORIGIN} answered 200 with a body that is not JSON: <html>login</html>`);
  });
});

describe("paging", () => {
  const page = (offset: number) => (body: string) => JSON.parse(body).offset === offset;

  it("pages until a short page, ignoring the (wrong) pagination headers, and de-duplicates shifted rows", async () => {
    const a = row({ assistant_id: "00000000-0000-4000-8000-00000000000a" });
    const b = row({ assistant_id: "00000000-0000-4000-8000-00000000000b" });
    const bLater = { ...b, version: 2, updated_at: "2026-01-02T00:00:00.000Z" };
    const c = row({ assistant_id: "00000000-0000-4000-8000-00000000000c" });
    const misleading = { headers: { "content-type": "application/json", "x-pagination-total": "2", "x-pagination-next": "" } };
    pool.intercept({ path: "/assistants/search", method: "POST", body: page(0) }).reply(200, JSON.stringify([a, b]), misleading);
    // A row created meanwhile pushed b into the second page.
    pool.intercept({ path: "/assistants/search", method: "POST", body: page(2) }).reply(200, JSON.stringify([bLater, c]), misleading);
    pool.intercept({ path: "/assistants/search", method: "POST", body: page(4) }).reply(200, "[]", misleading);
    const rows = await client({ pageSize: 2 }).listOwned("o");
    expect(rows).toEqual([a, bLater, c]);
  });

  it("stops with an error when the server ignores offset", async () => {
    pool.intercept({ path: "/assistants/search", method: "POST" }).reply(200, JSON.stringify([row()])).times(4);
    const error = await failure(client({ pageSize: 1 }).search({}));
    expect(error.message).toMatch(/paging makes no progress/);
  });

  it("collects every version newest first; a 404 page ends it", async () => {
    const path = `/assistants/${ID}/versions`;
    const version = (n: number) => ({ ...row(), version: n, updated_at: undefined });
    pool.intercept({ path, method: "POST", body: page(0) }).reply(200, JSON.stringify([version(4), version(3)]), JSON_HEADERS);
    pool.intercept({ path, method: "POST", body: page(2) }).reply(200, JSON.stringify([version(2), version(1)]), JSON_HEADERS);
    pool.intercept({ path, method: "POST", body: page(4) }).reply(404, `Assistant "${ID}" not found.`);
    expect((await client({ pageSize: 2 }).allVersions(ID)).map((v) => v.version)).toEqual([4, 3, 2, 1]);
  });
});

describe("helpers", () => {
  it("parses Retry-After in seconds or as a date, capped", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter("86400")).toBe(60_000);
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });

  it("normalises URLs and refuses what is not http(s)", () => {
    expect(normaliseUrl("https://x.example.com/api/ ").url).toBe("https://x.example.com/api");
    expect(() => normaliseUrl("ftp://x")).toThrow(UserError);
    expect(() => normaliseUrl("localhost:2024")).toThrow(UserError);
  });

  it("summarises zod issue lists, JSON or plain text, in one line", () => {
    const issues = [
      { code: "invalid_type", path: ["graph_id"], message: "Expected string, received number" },
      { code: "too_big", path: ["limit"], message: "Number must be less than or equal to 1000" },
    ];
    const expected = "graph_id: Expected string, received number; limit: Number must be less than or equal to 1000";
    expect(summariseBody(JSON.stringify({ success: false, error: { issues, name: "ZodError" } }))).toBe(expected);
    expect(summariseBody(JSON.stringify(issues, null, 2))).toBe(expected);
    expect(summariseBody(JSON.stringify({ detail: "Not Found" }))).toBe("Not Found");
    expect(summariseBody("Malformed JSON\n in request body")).toBe("Malformed JSON in request body");
    expect(summariseBody("x".repeat(1000))).toHaveLength(300);
  });
});
