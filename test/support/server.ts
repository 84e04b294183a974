// Access to the shared dev server started by global-setup.ts.
import { inject } from "vitest";
import { request } from "undici";
import type { Json } from "../../src/model.js";

export function serverUrl(): string {
  return inject("serverUrl");
}

/**
 * Run a graph through an assistant and wait for its final state
 * (`POST /runs/wait`, a stateless run): proves what the graph receives.
 */
export async function runWait(url: string, assistantId: string, input: Json): Promise<unknown> {
  const response = await request(`${url}/runs/wait`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ assistant_id: assistantId, input }),
  });
  const text = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`POST /runs/wait answered ${response.statusCode}: ${text}`);
  const output = JSON.parse(text) as unknown;
  // A failed run still answers 200, with the error in the body.
  if (typeof output === "object" && output !== null && "__error__" in output) {
    throw new Error(`the run failed: ${JSON.stringify(output.__error__)}`);
  }
  return output;
}
