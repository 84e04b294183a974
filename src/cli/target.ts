// Which deployment a command talks to, and with which key. Never falls back to
// the embedded server silently: a CI job whose URL secret is missing must fail.
import { UserError } from "../errors.js";
import { normaliseUrl as normaliseRemoteUrl } from "../remote/index.js";
import type { RepoConfig } from "../spec/index.js";

export interface TargetFlags {
  url?: string;
  env?: string;
}

export interface Target {
  url: string;
  apiKey: string | null;
  /** The environment name from assistantctl.yaml, when one was chosen. */
  environment: string | null;
}

const KEY_VARIABLES = ["LANGGRAPH_API_KEY", "LANGSMITH_API_KEY", "LANGCHAIN_API_KEY"] as const;

export function resolveTarget(flags: TargetFlags, config: RepoConfig, env: NodeJS.ProcessEnv): Target {
  if (flags.env !== undefined) {
    const environment = config.environments[flags.env];
    if (!environment) {
      const known = Object.keys(config.environments).sort().join(", ") || "none defined";
      throw new UserError(`unknown environment "${flags.env}" (assistantctl.yaml environments: ${known})`);
    }
    if (flags.url !== undefined && normaliseUrl(flags.url) !== normaliseUrl(environment.url)) {
      throw new UserError(`--url ${flags.url} contradicts environment "${flags.env}" (${environment.url}); give one of them`);
    }
    let apiKey: string | null = null;
    if (environment.api_key_env) {
      apiKey = env[environment.api_key_env] || null;
      if (!apiKey) {
        throw new UserError(`environment "${flags.env}" needs its API key in $${environment.api_key_env}, which is not set`);
      }
    }
    return { url: normaliseUrl(environment.url), apiKey: apiKey ?? defaultApiKey(env), environment: flags.env };
  }
  const url = flags.url ?? env["LANGGRAPH_API_URL"];
  if (!url) {
    throw new UserError(
      "no deployment given: pass --url URL, --env NAME, or set LANGGRAPH_API_URL (or use --local for the embedded dev server)",
    );
  }
  return { url: normaliseUrl(url), apiKey: defaultApiKey(env), environment: null };
}

export function defaultApiKey(env: NodeJS.ProcessEnv): string | null {
  for (const name of KEY_VARIABLES) {
    const value = env[name];
    if (value) return value;
  }
  return null;
}

/** The URL as the client will use it ("http://host:1234/" -> "http://host:1234"). */
export function normaliseUrl(url: string): string {
  return normaliseRemoteUrl(url).url;
}
