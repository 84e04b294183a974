// Turning what went wrong on the wire into one clear line. Every message is
// built from the method, the path, the status and the server's own words;
// never from request headers, so the API key cannot leak into an error, a log
// or a CI annotation (and `redact` removes it should a server echo it back).
import { RemoteError } from "../errors.js";

export interface RequestDescription {
  method: string;
  /** Path and query, as sent: "/assistants/search". */
  path: string;
  /** The deployment's URL without credentials, for messages. */
  displayUrl: string;
}

/** Network error codes raised before a single byte of the request left: it cannot have landed. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

const CODE_DESCRIPTIONS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  EADDRNOTAVAIL: "address not available",
  UND_ERR_CONNECT_TIMEOUT: "connection timed out",
  ETIMEDOUT: "connection timed out",
  ECONNRESET: "connection reset",
  EPIPE: "connection closed while sending",
  UND_ERR_SOCKET: "connection closed by the server",
  UND_ERR_CLOSED: "connection closed",
  UND_ERR_HEADERS_TIMEOUT: "no answer in time",
  UND_ERR_BODY_TIMEOUT: "the answer stalled",
  UND_ERR_ABORTED: "request aborted",
};

export interface NetworkFailure {
  /** The error code ("ECONNREFUSED"), or null when there is none. */
  code: string | null;
  /** True when the request provably never reached the server. */
  notSent: boolean;
  /** Short human description: "connection refused". */
  description: string;
}

/** Classify an error thrown by undici before any response arrived. */
export function classifyNetworkError(error: unknown, timeoutMs: number): NetworkFailure {
  const code = errorCode(error);
  const timedOut = code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT";
  const description = timedOut
    ? `no answer within ${timeoutMs} ms`
    : (code && CODE_DESCRIPTIONS[code]) ?? firstLine(error instanceof Error ? error.message : String(error));
  return { code, notSent: code !== null && NOT_SENT_CODES.has(code), description };
}

/**
 * The code of a network error. undici throws the socket's own error for a
 * refused connection, its own errors (UND_ERR_*) otherwise, and with
 * happy-eyeballs an AggregateError holding one error per address tried.
 */
function errorCode(error: unknown): string | null {
  if (typeof error !== "object" || error === null) return null;
  const record = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof record.code === "string") return record.code;
  if (Array.isArray(record.errors)) {
    for (const inner of record.errors) {
      const code = errorCode(inner);
      if (code) return code;
    }
  }
  if (record.cause !== undefined && record.cause !== error) return errorCode(record.cause);
  return null;
}

/**
 * A request that got no answer. `mayHaveLanded` is true whenever it may have
 * reached the server; the message says so only for a request that is not
 * idempotent, the one case where the caller must look before trying again.
 */
export function networkError(request: RequestDescription, failure: NetworkFailure, mayHaveLanded: boolean, idempotent: boolean): RemoteError {
  const message = failure.notSent
    ? `cannot reach ${request.displayUrl}: ${failure.description}`
    : `${request.method} ${request.path} on ${request.displayUrl} failed: ${failure.description}` +
      (mayHaveLanded && !idempotent ? " (the request may have been applied)" : "");
  return new RemoteError(message, { method: request.method, path: request.path, status: null, mayHaveLanded });
}

export interface StatusContext {
  /** Whether an API key was sent (the 401 message differs). */
  sentApiKey: boolean;
  mayHaveLanded: boolean;
}

/** An HTTP error status, as one line that says what to do about it. */
export function statusError(request: RequestDescription, status: number, body: string, context: StatusContext): RemoteError {
  const details = { method: request.method, path: request.path, status, mayHaveLanded: context.mayHaveLanded };
  return new RemoteError(statusMessage(request, status, body, context), details);
}

function statusMessage(request: RequestDescription, status: number, body: string, context: StatusContext): string {
  const where = `${request.method} ${request.path}`;
  if (status === 401 || status === 403) {
    return context.sentApiKey
      ? `${request.displayUrl} rejected the API key (${status}): set LANGGRAPH_API_KEY to a key for this deployment`
      : `${request.displayUrl} requires an API key (${status}): set LANGGRAPH_API_KEY`;
  }
  const graph = /graph "([^"]+)" not found/i.exec(body);
  if (status === 404 && graph) {
    return `graph "${graph[1]}" not found on the deployment (${where})`;
  }
  const summary = summariseBody(body);
  if (status === 400 || status === 422) {
    return `${where}: the server rejected the request (${status}): ${summary || "no details"}`;
  }
  return `${where} failed (${status})${summary ? `: ${summary}` : ""}`;
}

const MAX_SUMMARY = 300;

/**
 * The server's error text in one line. Validation errors come as a zod issue
 * list, either wrapped in JSON (`{"success":false,"error":{"issues":[...]}}`,
 * what the JS server sends) or as a bare list; each issue becomes
 * "path: message".
 */
export function summariseBody(body: string): string {
  const text = body.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return truncate(text.replace(/\s+/g, " "));
  }
  const issues = findIssues(parsed);
  if (issues) return truncate(issues.map(formatIssue).join("; "));
  if (typeof parsed === "object" && parsed !== null) {
    for (const key of ["detail", "message", "error"] as const) {
      const value = (parsed as Record<string, unknown>)[key];
      if (typeof value === "string") return truncate(value.replace(/\s+/g, " "));
    }
  }
  return truncate(JSON.stringify(parsed));
}

interface Issue {
  path?: unknown;
  message?: unknown;
}

function findIssues(value: unknown): Issue[] | null {
  if (Array.isArray(value)) return value.every(isIssue) && value.length > 0 ? value : null;
  if (typeof value !== "object" || value === null) return null;
  const record = value as Record<string, unknown>;
  return findIssues(record["issues"]) ?? findIssues(record["error"]);
}

function isIssue(value: unknown): value is Issue {
  return typeof value === "object" && value !== null && typeof (value as Issue).message === "string";
}

function formatIssue(issue: Issue): string {
  const path = Array.isArray(issue.path) ? issue.path.map(String).join(".") : "";
  return path ? `${path}: ${String(issue.message)}` : String(issue.message);
}

function truncate(text: string): string {
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text;
}

function firstLine(text: string): string {
  return truncate((text.split("\n")[0] ?? "").trim());
}

/** Replace every occurrence of a secret in a message. */
export function redact(text: string, secret: string | null): string {
  return secret ? text.split(secret).join("***") : text;
}
