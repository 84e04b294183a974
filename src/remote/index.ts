// The deployment's REST API: a validated, retrying client.
export { LangGraphClient, OWNER_METADATA_KEY, canonicalId } from "./client.js";
export type { RemoteOptions, SearchFilter, VersionsQuery } from "./client.js";
export type { GraphSchemas } from "./schemas.js";
export { normaliseUrl, parseRetryAfter } from "./http.js";
