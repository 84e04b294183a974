// What "the same assistant" means: the normalised content of a file, a live
// row or a saved version, its identity, and the tool's own metadata keys.
// Pure: hashing is computation, not I/O.
import { createHash } from "node:crypto";
import { v5 as uuidv5 } from "uuid";
import { canonicalJson } from "../json.js";
import type {
  AssistantContent,
  DesiredAssistant,
  Json,
  JsonObject,
  LiveAssistant,
  LiveVersion,
} from "../model.js";

/** Every key the tool writes into metadata lives under this prefix. */
export const META_PREFIX = "assistantctl/";

/** The tool's own metadata keys. They never count as a difference. */
export const META = {
  /** Which repository (owner) manages the assistant: one search lists them all. */
  owner: `${META_PREFIX}owner`,
  /** Hash of the content of the version: finds an identical earlier version in one call. */
  hash: `${META_PREFIX}hash`,
  /** Provenance: the file, commit, CI run and PR that produced the version. */
  file: `${META_PREFIX}file`,
  commit: `${META_PREFIX}commit`,
  runUrl: `${META_PREFIX}run_url`,
  pr: `${META_PREFIX}pr`,
} as const;

/** Fixed namespace for derived ids: UUIDv5("https://github.com/assistantctl/assistantctl", URL). */
export const ID_NAMESPACE = "95e54f54-3de8-5ada-815c-41d4b6d4ccfa";

/**
 * The assistant_id of a file: the explicit `id:`, or a UUIDv5 of owner and
 * name, so the tool finds its assistants again with no local state and a
 * retried create can never make a second one.
 */
export function assistantIdOf(desired: DesiredAssistant, owner: string): string {
  return desired.id ?? uuidv5(`${owner}/${desired.name}`, ID_NAMESPACE);
}

/** System assistants are the server's own: one per graph, never touched. */
export function isSystemAssistant(row: { metadata: JsonObject }): boolean {
  return row.metadata["created_by"] === "system";
}

export function ownerOf(row: { metadata: JsonObject }): string | null {
  const owner = row.metadata[META.owner];
  return typeof owner === "string" ? owner : null;
}

/**
 * User metadata as the tool compares it: without the tool's keys and without
 * null values (the server cannot remove a metadata key, only set it to null,
 * so null and absent must mean the same).
 */
export function userMetadata(metadata: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (key.startsWith(META_PREFIX) || value === null) continue;
    result[key] = value;
  }
  return result;
}

/** A missing description, null and "" are all "no description". */
function normaliseDescription(description: string | null | undefined): string | null {
  return description ? description : null;
}

export function contentOfDesired(desired: DesiredAssistant): AssistantContent {
  return {
    graph_id: desired.graph,
    name: desired.name,
    description: normaliseDescription(desired.description),
    context: desired.context ?? {},
    config: desired.config ?? {},
    metadata: userMetadata(desired.metadata),
  };
}

export function contentOfLive(row: LiveAssistant | LiveVersion): AssistantContent {
  return {
    graph_id: row.graph_id,
    name: row.name,
    description: normaliseDescription(row.description),
    context: row.context ?? {},
    config: row.config ?? {},
    metadata: userMetadata(row.metadata),
  };
}

export function contentEquals(a: AssistantContent, b: AssistantContent): boolean {
  return canonicalJson(a as unknown as Json) === canonicalJson(b as unknown as Json);
}

/** A short, stable fingerprint of the content (128 bits of SHA-256). */
export function contentHash(content: AssistantContent): string {
  return createHash("sha256")
    .update(canonicalJson(content as unknown as Json))
    .digest("hex")
    .slice(0, 32);
}
