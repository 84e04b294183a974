// An in-memory deployment that follows the assistants API as measured in
// ../shared/langgraph-api.md: every PATCH makes version max+1, metadata is a
// shallow merge, config/context are replaced, and setLatest restores only
// config, metadata and name on the JS server ("js") or everything ("python").
// For fast property tests of plan + apply; integration tests use the real server.
import { RemoteError } from "../../src/errors.js";
import type { CreateBody, JsonObject, LiveAssistant, LiveVersion, UpdateBody } from "../../src/model.js";
import type { ReconcileApi } from "../../src/reconcile.js";

interface Stored {
  row: LiveAssistant;
  versions: LiveVersion[];
}

export interface FakeFaults {
  /** The next N PATCHes land but their response is lost. */
  loseUpdateResponses?: number;
  /** The next N PATCHes fail before landing (mayHaveLanded, but did not). */
  failUpdatesBeforeLanding?: number;
}

function contains(haystack: JsonObject, needle: JsonObject): boolean {
  return Object.entries(needle).every(([key, value]) => JSON.stringify(haystack[key]) === JSON.stringify(value));
}

export class FakeDeployment implements ReconcileApi {
  readonly store = new Map<string, Stored>();
  /** Every request, in order: method and assistant id. */
  readonly requests: string[] = [];
  faults: FakeFaults = {};
  private clock = 0;

  constructor(readonly restore: "js" | "python" = "js", graphs: string[] = ["writer", "support"]) {
    for (const graph of graphs) {
      this.insert({
        assistant_id: `system-${graph}`,
        graph_id: graph,
        name: graph,
        description: null,
        config: {},
        context: {},
        metadata: { created_by: "system" },
      });
    }
    this.requests.length = 0;
  }

  private tick(): string {
    this.clock++;
    return new Date(Date.UTC(2026, 0, 1, 0, 0, this.clock)).toISOString();
  }

  private insert(fields: Omit<LiveAssistant, "version" | "created_at" | "updated_at">): LiveAssistant {
    const now = this.tick();
    const row: LiveAssistant = structuredClone({ ...fields, version: 1, created_at: now, updated_at: now });
    this.store.set(row.assistant_id, { row, versions: [this.snapshot(row)] });
    return structuredClone(row);
  }

  private snapshot(row: LiveAssistant): LiveVersion {
    const { updated_at: _ignored, ...rest } = structuredClone(row);
    return { ...rest, created_at: row.updated_at };
  }

  /** Total versions stored, across all assistants: duplicates show up here. */
  versionCount(id: string): number {
    return this.store.get(id)?.versions.length ?? 0;
  }

  async listOwned(owner: string): Promise<LiveAssistant[]> {
    return this.search({ metadata: { "assistantctl/owner": owner } });
  }

  async search(filter: { metadata?: JsonObject }): Promise<LiveAssistant[]> {
    this.requests.push("search");
    return [...this.store.values()]
      .filter((s) => !filter.metadata || contains(s.row.metadata, filter.metadata))
      .map((s) => structuredClone(s.row));
  }

  async graphIds(): Promise<string[]> {
    const system = await this.search({ metadata: { created_by: "system" } });
    return [...new Set(system.map((row) => row.graph_id))].sort();
  }

  async get(id: string): Promise<LiveAssistant | null> {
    this.requests.push(`get ${id}`);
    const stored = this.store.get(id);
    return stored ? structuredClone(stored.row) : null;
  }

  async create(body: CreateBody): Promise<LiveAssistant> {
    this.requests.push(`create ${body.assistant_id}`);
    const existing = this.store.get(body.assistant_id);
    if (existing) return structuredClone(existing.row);
    return this.insert({
      assistant_id: body.assistant_id,
      graph_id: body.graph_id,
      name: body.name,
      description: body.description ?? null,
      config: body.config,
      context: body.context,
      metadata: body.metadata,
    });
  }

  async update(id: string, body: UpdateBody): Promise<LiveAssistant> {
    this.requests.push(`update ${id}`);
    if (this.faults.failUpdatesBeforeLanding) {
      this.faults.failUpdatesBeforeLanding--;
      throw new RemoteError("502 from proxy", { method: "PATCH", path: `/assistants/${id}`, status: 502, mayHaveLanded: true });
    }
    const stored = this.store.get(id);
    if (!stored) throw new RemoteError("404", { method: "PATCH", path: `/assistants/${id}`, status: 404, mayHaveLanded: false });
    const max = Math.max(...stored.versions.map((v) => v.version));
    const row: LiveAssistant = {
      ...stored.row,
      graph_id: body.graph_id,
      name: body.name,
      description: body.description,
      config: structuredClone(body.config),
      context: structuredClone(body.context),
      metadata: { ...stored.row.metadata, ...structuredClone(body.metadata) },
      version: max + 1,
      updated_at: this.tick(),
    };
    stored.row = row;
    stored.versions.push(this.snapshot(row));
    if (this.faults.loseUpdateResponses) {
      this.faults.loseUpdateResponses--;
      throw new RemoteError("connection reset", { method: "PATCH", path: `/assistants/${id}`, status: null, mayHaveLanded: true });
    }
    return structuredClone(row);
  }

  async setLatest(id: string, version: number): Promise<LiveAssistant> {
    this.requests.push(`setLatest ${id}`);
    const stored = this.store.get(id);
    const target = stored?.versions.find((v) => v.version === version);
    if (!stored || !target) throw new RemoteError("404", { method: "POST", path: `/assistants/${id}/latest`, status: 404, mayHaveLanded: false });
    const restored =
      this.restore === "python"
        ? { graph_id: target.graph_id, description: target.description, context: target.context, config: target.config, metadata: target.metadata, name: target.name }
        : { config: target.config, metadata: target.metadata, name: target.name };
    stored.row = { ...stored.row, ...structuredClone(restored), version, updated_at: this.tick() };
    return structuredClone(stored.row);
  }

  async delete(id: string): Promise<boolean> {
    this.requests.push(`delete ${id}`);
    return this.store.delete(id);
  }

  async versions(id: string, query: { limit?: number; metadata?: JsonObject } = {}): Promise<LiveVersion[]> {
    this.requests.push(`versions ${id}`);
    const stored = this.store.get(id);
    if (!stored) return [];
    return [...stored.versions]
      .sort((a, b) => b.version - a.version)
      .filter((v) => !query.metadata || contains(v.metadata, query.metadata))
      .slice(0, query.limit ?? 10)
      .map((v) => structuredClone(v));
  }

  async allVersions(id: string): Promise<LiveVersion[]> {
    return this.versions(id, { limit: Number.MAX_SAFE_INTEGER });
  }

  async latestVersionNumber(id: string): Promise<number | null> {
    const [newest] = await this.versions(id, { limit: 1 });
    return newest?.version ?? null;
  }
}
