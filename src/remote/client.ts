// The LangGraph assistants REST API, as this tool needs it.
//
// Measured against @langchain/langgraph-api 2.0.0 (the JS dev server), where
// it differs from or adds to /work/shared/langgraph-api.md (the integration
// tests in test/remote/client.integration.test.ts pin each of these):
// - 400 validation errors come as application/json
//   `{"success":false,"error":{"issues":[{path, message, ...}]}}` (zod), not
//   text/plain; only "Malformed JSON in request body" is text/plain.
// - A PATCH without `content-type: application/json` is NOT rejected: its
//   body is ignored and it still creates a version. (POST /latest without it
//   answers 400 "version: Required".)
// - GET /assistants/{id} with a content-type header is fine; only /schemas
//   answers 400 to it. We send content-type only with a body anyway.
// - /versions answers 404 "Assistant "<id>" not found." both for an unknown
//   assistant and for an empty page: the two cannot be told apart.
// - GET /assistants/{id}/schemas of an assistant whose graph does not exist
//   answers 404 `Graph "<id>" not found`; create itself accepts any graph_id.
// - Ids are matched case-sensitively: a create with an upper-case UUID keeps
//   it, and GET with the other case is a 404. We lower-case UUIDs.
import type { CreateBody, JsonObject, LiveAssistant, LiveVersion, UpdateBody } from "../model.js";
import { RemoteError } from "../errors.js";
import { META, isSystemAssistant } from "../plan/content.js";
import { HttpTransport, type Answer, type Call, type HttpOptions } from "./http.js";
import {
  assistantListSchema,
  countSchema,
  describeIssues,
  graphSchemasSchema,
  liveAssistantSchema,
  versionListSchema,
  type GraphSchemas,
} from "./schemas.js";
import type { z } from "zod";

export interface RemoteOptions extends HttpOptions {
  /** Rows per search/versions page, 1..1000 (default 1000, the server's maximum). */
  pageSize?: number;
}

/** The metadata key that marks an assistant as managed by one repository. */
export const OWNER_METADATA_KEY = META.owner;

export interface SearchFilter {
  graph_id?: string;
  metadata?: JsonObject;
  /** Case-insensitive substring match on the server. */
  name?: string;
}

export interface VersionsQuery {
  limit?: number;
  offset?: number;
  /** Containment against each version's own metadata. */
  metadata?: JsonObject;
}

const SERVER_MAX_LIMIT = 1000;
/** Full pages in a row that bring nothing new before we conclude the server ignores `offset`. */
const MAX_STALLED_PAGES = 3;

export class LangGraphClient {
  readonly url: string;
  private readonly http: HttpTransport;
  private readonly pageSize: number;

  constructor(options: RemoteOptions) {
    this.http = new HttpTransport(options);
    this.url = this.http.url;
    this.pageSize = Math.min(SERVER_MAX_LIMIT, Math.max(1, Math.floor(options.pageSize ?? SERVER_MAX_LIMIT)));
  }

  /** Every assistant this owner manages. */
  listOwned(owner: string): Promise<LiveAssistant[]> {
    return this.search({ metadata: { [OWNER_METADATA_KEY]: owner } });
  }

  /**
   * Every current row matching the filter, all pages. The pagination headers
   * are wrong on this server, so we page until a page is shorter than the
   * limit; rows created meanwhile shift later rows into the next page, so the
   * result is de-duplicated by id (the most recently updated copy wins).
   */
  async search(filter: SearchFilter): Promise<LiveAssistant[]> {
    const rows = new Map<string, LiveAssistant>();
    await this.everyPage("/assistants/search", (offset) => this.searchPage(filter, { limit: this.pageSize, offset }), (page) => {
      for (const row of page) {
        const seen = rows.get(row.assistant_id);
        if (!seen || seen.updated_at <= row.updated_at) rows.set(row.assistant_id, row);
      }
      return rows.size;
    });
    return [...rows.values()];
  }

  /** One page of `POST /assistants/search`, newest first. */
  async searchPage(filter: SearchFilter, page: { limit: number; offset: number }): Promise<LiveAssistant[]> {
    const body = { ...definedFields(filter), limit: page.limit, offset: page.offset };
    const answer = await this.http.call({ method: "POST", path: "/assistants/search", body, idempotent: true });
    return this.validate(assistantListSchema, answer, "POST", "/assistants/search");
  }

  /** `POST /assistants/count`. */
  async count(filter: SearchFilter): Promise<number> {
    const answer = await this.http.call({ method: "POST", path: "/assistants/count", body: definedFields(filter), idempotent: true });
    return this.validate(countSchema, answer, "POST", "/assistants/count");
  }

  /** The current row, or null when there is no such assistant. */
  async get(id: string): Promise<LiveAssistant | null> {
    const path = assistantPath(id);
    const answer = await this.http.call({ method: "GET", path, idempotent: true, expect: [404] });
    if (answer.status === 404) return null;
    return this.validate(liveAssistantSchema, answer, "GET", path);
  }

  /**
   * Create with a fixed id and if_exists "do_nothing", so a retry can never
   * make a second assistant. On a duplicate id the server answers 200 with the
   * EXISTING row unchanged: the caller compares it with what it sent.
   */
  async create(body: CreateBody): Promise<LiveAssistant> {
    const sent = { ...body, assistant_id: canonicalId(body.assistant_id), if_exists: "do_nothing" as const };
    return this.write({ method: "POST", path: "/assistants", body: sent, idempotent: true });
  }

  /**
   * PATCH the full content. Every PATCH makes a new version, so it is retried
   * only when it provably did not land; otherwise the RemoteError carries
   * `mayHaveLanded: true` and the caller reads back before trying again.
   */
  async update(id: string, body: UpdateBody): Promise<LiveAssistant> {
    return this.write({ method: "PATCH", path: assistantPath(id), body, idempotent: false });
  }

  /** Move the latest pointer to an existing version (no new version is made). */
  async setLatest(id: string, version: number): Promise<LiveAssistant> {
    return this.write({ method: "POST", path: `${assistantPath(id)}/latest`, body: { version }, idempotent: true });
  }

  /** Delete with all its versions; false when it was already gone. */
  async delete(id: string): Promise<boolean> {
    const answer = await this.http.call({ method: "DELETE", path: assistantPath(id), idempotent: true, expect: [404] });
    return answer.status !== 404;
  }

  /**
   * One page of versions, newest first. The server answers an empty page with
   * a 404 (also past the end, for a filter with no match, and for an unknown
   * assistant): all of those are [] here.
   */
  async versions(id: string, query: VersionsQuery = {}): Promise<LiveVersion[]> {
    const path = `${assistantPath(id)}/versions`;
    const answer = await this.http.call({ method: "POST", path, body: definedFields(query), idempotent: true, expect: [404] });
    if (answer.status === 404) return [];
    return this.validate(versionListSchema, answer, "POST", path);
  }

  /** Every version, newest (highest number) first. */
  async allVersions(id: string): Promise<LiveVersion[]> {
    const byNumber = new Map<number, LiveVersion>();
    await this.everyPage(`${assistantPath(id)}/versions`, (offset) => this.versions(id, { limit: this.pageSize, offset }), (page) => {
      for (const version of page) byNumber.set(version.version, version);
      return byNumber.size;
    });
    return [...byNumber.values()].sort((a, b) => b.version - a.version);
  }

  /** The highest version number (not necessarily the latest pointer), or null when there is none. */
  async latestVersionNumber(id: string): Promise<number | null> {
    const [newest] = await this.versions(id, { limit: 1 });
    return newest?.version ?? null;
  }

  /** JSON Schemas of the assistant's graph (a system assistant's id or a graph id works too). */
  async schemas(assistantId: string): Promise<GraphSchemas> {
    const path = `${assistantPath(assistantId)}/schemas`;
    // A GET: no body and so no content-type, which this route answers with a 400.
    const answer = await this.http.call({ method: "GET", path, idempotent: true });
    return this.validate(graphSchemasSchema, answer, "GET", path);
  }

  /**
   * The server's own assistants, one per graph (metadata created_by "system"):
   * the way to a graph's schemas, and the only list of its graphs.
   */
  async systemAssistants(): Promise<LiveAssistant[]> {
    return (await this.search({ metadata: { created_by: "system" } })).filter(isSystemAssistant);
  }

  /** The graphs the deployment serves (there is no endpoint for that). */
  async graphIds(): Promise<string[]> {
    return [...new Set((await this.systemAssistants()).map((row) => row.graph_id))].sort();
  }

  /** Health check: resolves when `GET /ok` answers 2xx. */
  async ok(): Promise<void> {
    await this.http.call({ method: "GET", path: "/ok", idempotent: true });
  }

  /**
   * Every page of a POST listing. The pagination headers are wrong on this
   * server, so it pages until a page is shorter than the limit. `collect`
   * folds a page into the caller's result and returns how many distinct items
   * that now holds: full pages that add nothing, several in a row, mean the
   * server ignores `offset`, and paging stops instead of looping forever.
   */
  private async everyPage<T>(path: string, fetchPage: (offset: number) => Promise<T[]>, collect: (page: T[]) => number): Promise<void> {
    let held = 0;
    let stalled = 0;
    for (let offset = 0; ; offset += this.pageSize) {
      const page = await fetchPage(offset);
      const before = held;
      held = collect(page);
      if (page.length < this.pageSize) return;
      stalled = held === before ? stalled + 1 : 0;
      if (stalled >= MAX_STALLED_PAGES) throw this.noProgress("POST", path);
    }
  }

  private async write(call: Call): Promise<LiveAssistant> {
    const answer = await this.http.call(call);
    return this.validate(liveAssistantSchema, answer, call.method, call.path);
  }

  /** Validate a 2xx answer; a malformed one is a RemoteError naming the field. */
  private validate<T extends z.ZodType>(schema: T, answer: Answer, method: string, path: string): z.output<T> {
    const result = schema.safeParse(answer.json);
    if (result.success) return result.data;
    throw new RemoteError(`malformed answer from ${this.http.displayUrl} to ${method} ${path}: ${describeIssues(result.error)}`, {
      method,
      path,
      status: answer.status,
      // The server accepted the request; for a write it has taken effect.
      mayHaveLanded: true,
    });
  }

  private noProgress(method: string, path: string): RemoteError {
    return new RemoteError(`${method} ${path} on ${this.http.displayUrl}: paging makes no progress (the server seems to ignore "offset")`, {
      method,
      path,
      status: 200,
      mayHaveLanded: false,
    });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The server compares ids case-sensitively; UUIDs are always sent lower-case. Graph ids are left alone. */
export function canonicalId(id: string): string {
  return UUID.test(id) ? id.toLowerCase() : id;
}

function assistantPath(id: string): string {
  return `/assistants/${encodeURIComponent(canonicalId(id))}`;
}

/** Drop undefined fields, so the server applies its own defaults. */
function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}
