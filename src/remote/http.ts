// One HTTP exchange with the deployment, retried when that is safe.
//
// Safe means: the request is idempotent (reads; create with a fixed id and
// if_exists "do_nothing"; set-latest; delete, where a repeated 404 means
// "already gone"), or it provably never took effect (429, or a connection that
// failed before a byte was sent). A PATCH is not idempotent on this server
// (every PATCH makes a version), so an ambiguous failure of one is thrown with
// `mayHaveLanded: true` for the caller to read back and compare.
import { request, type Dispatcher } from "undici";
import { RemoteError, UserError } from "../errors.js";
import {
  classifyNetworkError,
  networkError,
  redact,
  statusError,
  type NetworkFailure,
  type RequestDescription,
} from "./failures.js";

export interface HttpOptions {
  url: string;
  apiKey?: string | null;
  /** undici dispatcher (a MockAgent in tests); the global one otherwise. */
  dispatcher?: Dispatcher;
  /** Time allowed for the answer's headers, then for its body (default 30 000). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 4). */
  maxRetries?: number;
  /** First backoff delay; doubles per retry, with jitter (default 200). */
  retryBaseMs?: number;
  /** Injectable for tests that check the delays. */
  sleep?: (ms: number) => Promise<void>;
}

export type Method = "GET" | "POST" | "PATCH" | "DELETE";

export interface Call {
  method: Method;
  /** Path below the deployment URL, with its query: "/assistants/search". */
  path: string;
  /** Sent as JSON, with `content-type: application/json`. Absent: no body, no content-type. */
  body?: unknown;
  /** Whether repeating the request after an ambiguous failure is harmless. */
  idempotent: boolean;
  /** Statuses besides 2xx handed back to the caller instead of thrown (e.g. 404). */
  expect?: readonly number[];
}

export interface Answer {
  status: number;
  /** The parsed JSON body of a 2xx answer (null when empty); undefined otherwise. */
  json: unknown;
  text: string;
}

const MAX_BACKOFF_MS = 10_000;
const MAX_RETRY_AFTER_MS = 60_000;

/** What one attempt produced: an answer, or a failure that may be retried. */
type Attempt =
  | { kind: "answer"; answer: Answer }
  | { kind: "retry"; error: RemoteError; retryAfterMs: number | null }
  | { kind: "fail"; error: RemoteError };

export class HttpTransport {
  /** The deployment URL, normalised: no trailing slash. */
  readonly url: string;
  /** The URL without credentials, for messages. */
  readonly displayUrl: string;
  private readonly apiKey: string | null;
  private readonly dispatcher: Dispatcher | undefined;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly retryBaseMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(options: HttpOptions) {
    ({ url: this.url, displayUrl: this.displayUrl } = normaliseUrl(options.url));
    this.apiKey = options.apiKey ? options.apiKey : null;
    this.dispatcher = options.dispatcher;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRetries = Math.max(0, options.maxRetries ?? 4);
    this.retryBaseMs = options.retryBaseMs ?? 200;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async call(call: Call): Promise<Answer> {
    const description: RequestDescription = { method: call.method, path: call.path, displayUrl: this.displayUrl };
    for (let retry = 0; ; retry++) {
      const attempt = await this.attempt(call, description);
      if (attempt.kind === "answer") return attempt.answer;
      if (attempt.kind === "fail" || retry >= this.maxRetries) throw this.scrub(attempt.error);
      await this.sleep(attempt.retryAfterMs ?? this.backoff(retry));
    }
  }

  private async attempt(call: Call, description: RequestDescription): Promise<Attempt> {
    let status: number;
    let text: string;
    let retryAfter: string | string[] | undefined;
    try {
      const response = await request(this.url + call.path, {
        method: call.method,
        headers: this.headers(call.body !== undefined),
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        dispatcher: this.dispatcher,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      status = response.statusCode;
      retryAfter = response.headers["retry-after"];
      text = await response.body.text();
    } catch (error) {
      return this.onNetworkFailure(call, description, classifyNetworkError(error, this.timeoutMs));
    }

    if (status >= 200 && status < 300) {
      const json = parseJson(text);
      if (json.ok) return { kind: "answer", answer: { status, text, json: json.value } };
      return { kind: "fail", error: notJsonError(description, status, text) };
    }
    if (call.expect?.includes(status)) return { kind: "answer", answer: { status, text, json: undefined } };
    const sentApiKey = this.apiKey !== null;
    if (status === 429) {
      // Throttled before any work was done: safe to repeat for every method.
      const error = statusError(description, status, text, { sentApiKey, mayHaveLanded: false });
      return { kind: "retry", error, retryAfterMs: parseRetryAfter(retryAfter) };
    }
    if (status >= 500) {
      const error = statusError(description, status, text, { sentApiKey, mayHaveLanded: true });
      return call.idempotent ? { kind: "retry", error, retryAfterMs: parseRetryAfter(retryAfter) } : { kind: "fail", error };
    }
    // Any other 4xx: the server refused the request; repeating it would not help.
    return { kind: "fail", error: statusError(description, status, text, { sentApiKey, mayHaveLanded: false }) };
  }

  private onNetworkFailure(call: Call, description: RequestDescription, failure: NetworkFailure): Attempt {
    if (failure.notSent) return { kind: "retry", error: networkError(description, failure, false, call.idempotent), retryAfterMs: null };
    const error = networkError(description, failure, true, call.idempotent);
    return call.idempotent ? { kind: "retry", error, retryAfterMs: null } : { kind: "fail", error };
  }

  private headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept: "application/json" };
    // Without this header the server ignores the body: search and count then
    // answer UNFILTERED. With it on a bodiless GET, /schemas answers 400.
    if (hasBody) headers["content-type"] = "application/json";
    if (this.apiKey) headers["x-api-key"] = this.apiKey;
    return headers;
  }

  /** Exponential backoff with jitter (50-100 % of the step), so parallel clients spread out. */
  private backoff(retry: number): number {
    const step = Math.min(MAX_BACKOFF_MS, this.retryBaseMs * 2 ** retry);
    return Math.round(step * (0.5 + Math.random() * 0.5));
  }

  /** Belt and braces: no message ever carries the key, even if a server echoed it. */
  private scrub(error: RemoteError): RemoteError {
    error.message = redact(error.message, this.apiKey);
    return error;
  }
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === "") return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

/** A 2xx that is not JSON: a proxy's or a login page, most likely; the request may have landed. */
function notJsonError(description: RequestDescription, status: number, text: string): RemoteError {
  const start = text.trim().slice(0, 80).replace(/\s+/g, " ");
  return new RemoteError(
    `${description.method} ${description.path} on ${description.displayUrl} answered ${status} with a body that is not JSON: ${start}`,
    { method: description.method, path: description.path, status, mayHaveLanded: true },
  );
}

/** `Retry-After` in seconds or as an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (raw === undefined || raw.trim() === "") return null;
  const seconds = Number(raw);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(raw) - now;
  if (!Number.isFinite(ms)) return null;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.round(ms)));
}

/** "http://host:1234/" -> "http://host:1234"; refuses anything that is not http(s). */
export function normaliseUrl(input: string): { url: string; displayUrl: string } {
  let parsed: URL;
  try {
    parsed = new URL(input.trim());
  } catch {
    throw new UserError(`invalid deployment URL "${input}": expected http(s)://host[:port]`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UserError(`invalid deployment URL "${input}": expected http(s)://host[:port]`);
  }
  parsed.search = "";
  parsed.hash = "";
  const url = parsed.toString().replace(/\/+$/, "");
  parsed.username = "";
  parsed.password = "";
  return { url, displayUrl: parsed.toString().replace(/\/+$/, "") };
}
