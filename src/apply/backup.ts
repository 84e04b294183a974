// Before an assistant is deleted, every version of it is written to a JSON
// file: deleting an assistant deletes all its versions, and nothing may be
// lost silently.
import { writeFileAtomic } from "../fs.js";
import { join } from "node:path";
import type { DeleteChange, LiveVersion } from "../model.js";

export const BACKUP_FORMAT_VERSION = 1;

/** Writes the backup durably and returns its path. */
export async function writeBackup(dir: string, change: DeleteChange, versions: LiveVersion[]): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const safeName = change.name.replace(/[^A-Za-z0-9._-]/g, "_");
  const path = join(dir, `${safeName}-${change.assistant_id}-${stamp}.json`);
  const document = {
    format_version: BACKUP_FORMAT_VERSION,
    assistant_id: change.assistant_id,
    name: change.name,
    graph_id: change.graph,
    latest_version: change.from_version,
    deleted_at: new Date().toISOString(),
    versions,
  };
  await writeFileAtomic(path, JSON.stringify(document, null, 2) + "\n");
  return path;
}
