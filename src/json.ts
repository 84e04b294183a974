// JSON in one canonical form: object keys sorted at every depth, so equal
// values give equal text (for hashing and comparing) and files written by the
// tool do not churn in git.
import type { Json, JsonObject } from "./model.js";

export function sortKeysDeep(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === "object") {
    const sorted: JsonObject = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeysDeep(value[key] as Json);
    return sorted;
  }
  return value;
}

/** Compact canonical text: for hashing and equality. */
export function canonicalJson(value: Json): string {
  return JSON.stringify(sortKeysDeep(value));
}

/** The text form of every JSON file this tool writes: sorted keys, 2-space indent, trailing newline. */
export function stableJson(value: Json): string {
  return JSON.stringify(sortKeysDeep(value), null, 2) + "\n";
}
