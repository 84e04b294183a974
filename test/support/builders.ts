// Plain-value builders for planner tests: no filesystem, no server.
import type { DesiredAssistant, JsonObject, LiveAssistant, LiveVersion } from "../../src/model.js";
import { assistantIdOf, contentHash, contentOfDesired, META } from "../../src/plan/content.js";

export const OWNER = "test-owner";

export function desired(overrides: Partial<DesiredAssistant> & { name: string }): DesiredAssistant {
  return {
    graph: "writer",
    description: null,
    context: null,
    config: null,
    metadata: {},
    id: null,
    source: {
      file: `assistants/${overrides.name}.yaml`,
      positions: { "": { line: 1, col: 1 }, name: { line: 1, col: 7 }, graph: { line: 2, col: 8 }, id: { line: 3, col: 5 } },
      includes: [],
    },
    ...overrides,
  };
}

/** The live row that applying `d` would produce (owned, hashed), at `version`. */
export function liveFor(d: DesiredAssistant, version = 1, extra: Partial<LiveAssistant> = {}): LiveAssistant {
  const content = contentOfDesired(d);
  const metadata: JsonObject = { ...content.metadata, [META.owner]: OWNER, [META.hash]: contentHash(content), [META.file]: d.source.file };
  return {
    assistant_id: assistantIdOf(d, OWNER),
    graph_id: content.graph_id,
    name: content.name,
    description: content.description,
    config: content.config,
    context: content.context,
    metadata,
    version,
    created_at: "2026-01-01T00:00:00.000Z",
    updated_at: `2026-01-01T00:00:0${version % 10}.000Z`,
    ...extra,
  };
}

export function versionOf(row: LiveAssistant, version = row.version): LiveVersion {
  const { updated_at: _updated, ...rest } = row;
  return { ...rest, version };
}
