// Is a saved plan still true? Every assistant it names must be exactly where
// it was when the plan was made (same version, same updated_at: the server
// bumps updated_at on every PATCH and every set-latest), nothing it planned
// to create may exist, and the owner may not have gained an assistant the
// plan knows nothing of. Checked for ALL changes before ANY write, so a stale
// plan writes nothing at all.
import pLimit from "p-limit";
import type { Change, LiveAssistant, Plan } from "../model.js";

export interface FreshnessApi {
  listOwned(owner: string): Promise<LiveAssistant[]>;
  get(id: string): Promise<LiveAssistant | null>;
}

export interface StaleAssistant {
  name: string;
  assistant_id: string;
  reason: string;
}

/** Why the plan no longer holds, one entry per assistant; empty when it still does. */
export async function staleAssistants(plan: Plan, api: FreshnessApi, concurrency = 8): Promise<StaleAssistant[]> {
  const owned = new Map((await api.listOwned(plan.owner)).map((row) => [row.assistant_id, row]));
  // Rows the owner search cannot show: creates (must still be absent) and adoptions.
  const limit = pLimit(Math.max(1, concurrency));
  const fetched = new Map<string, LiveAssistant | null>();
  await Promise.all(
    plan.changes
      .filter((change) => !owned.has(change.assistant_id))
      .map((change) => limit(async () => fetched.set(change.assistant_id, await api.get(change.assistant_id)))),
  );

  const stale: StaleAssistant[] = [];
  for (const change of plan.changes) {
    const row = owned.get(change.assistant_id) ?? fetched.get(change.assistant_id) ?? null;
    const reason = staleReason(change, row);
    if (reason) stale.push({ name: change.name, assistant_id: change.assistant_id, reason });
  }
  const planned = new Set(plan.changes.map((change) => change.assistant_id));
  for (const row of owned.values()) {
    if (planned.has(row.assistant_id)) continue;
    stale.push({ name: row.name, assistant_id: row.assistant_id, reason: `was created since the plan was made (now v${row.version})` });
  }
  return stale.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function staleReason(change: Change, row: LiveAssistant | null): string | null {
  if (change.action === "create") {
    return row ? `was created since the plan was made (now v${row.version}, updated ${row.updated_at})` : null;
  }
  if (!row) return `was deleted since the plan was made (planned against v${change.from_version})`;
  if (row.version !== change.from_version || row.updated_at !== change.from_updated_at) {
    return `planned against v${change.from_version} (updated ${change.from_updated_at}), now v${row.version} (updated ${row.updated_at})`;
  }
  return null;
}
