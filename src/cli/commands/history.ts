// `assistantctl history NAME`: the versions of one assistant, newest first,
// each with the commit that produced it (from the tool's metadata) and, when
// the local clone has that commit, its author and date; `--diff A..B` shows
// what changed between two versions.
import { resolve } from "node:path";
import { EXIT, UserError } from "../../errors.js";
import { GitRepo, type CommitInfo } from "../../git/index.js";
import type { FieldDiff, Json, LiveAssistant, LiveVersion } from "../../model.js";
import { META, assistantIdOf, contentOfLive } from "../../plan/content.js";
import { diffContent } from "../../plan/diff.js";
import { renderFieldDiff } from "../../render/text.js";
import type { Style } from "../../render/style.js";
import { LangGraphClient } from "../../remote/index.js";
import { loadAssistants, loadRepoConfig } from "../../spec/index.js";
import { stdoutStyle, type CliIo } from "../io.js";
import { resolveTarget } from "../target.js";

export interface HistoryFlags {
  dir: string;
  url?: string;
  env?: string;
  diff?: string;
  output: "text" | "json";
}

export interface HistoryEntry {
  version: number;
  /** The version the latest pointer is on: what the deployment serves. */
  latest: boolean;
  created_at: string;
  /** Provenance recorded by assistantctl; null for versions made by hand (or outside git). */
  commit: string | null;
  file: string | null;
  pr: string | null;
  run_url: string | null;
  /** From the local clone, when it has the commit. */
  author: string | null;
  author_email: string | null;
  date: string | null;
  subject: string | null;
}

export async function runHistory(name: string, flags: HistoryFlags, io: CliIo): Promise<number> {
  const dir = resolve(io.cwd, flags.dir);
  const config = await loadRepoConfig(dir);
  const target = resolveTarget(flags, config, io.env);
  const api = new LangGraphClient({ url: target.url, apiKey: target.apiKey });
  const range = flags.diff === undefined ? null : parseRange(flags.diff);

  const row = await findAssistant(api, name, config.owner, dir);
  if (!row) throw new UserError(`no assistant named "${name}" (owner "${config.owner}") on ${target.url}`);
  const [versions, git] = await Promise.all([api.allVersions(row.assistant_id), GitRepo.open(dir)]);
  const entries = await Promise.all(versions.map((version) => entryOf(version, row, git)));
  const header = { format_version: 1, url: target.url, owner: config.owner, name: row.name, assistant_id: row.assistant_id, graph: row.graph_id };
  const style = stdoutStyle(io);

  if (range) {
    const from = pick(range.from, versions, row);
    const to = pick(range.to, versions, row);
    const diff = diffContent(contentOfLive(from), contentOfLive(to));
    const entryFor = (v: LiveVersion) => entries.find((e) => e.version === v.version) as HistoryEntry;
    if (flags.output === "json") {
      io.stdout.write(JSON.stringify({ ...header, from: entryFor(from), to: entryFor(to), diff }, null, 2) + "\n");
    } else {
      io.stdout.write(renderVersionDiff(row, entryFor(from), entryFor(to), diff, style));
    }
    return EXIT.ok;
  }

  if (flags.output === "json") {
    io.stdout.write(JSON.stringify({ ...header, latest_version: row.version, versions: entries }, null, 2) + "\n");
  } else {
    io.stdout.write(renderHistory(row, entries, target.url, style));
  }
  return EXIT.ok;
}

/**
 * The owned assistant with this name; else the one its file would manage
 * (an `id:` adoption, or the derived id), when the files can be read.
 */
async function findAssistant(api: LangGraphClient, name: string, owner: string, dir: string): Promise<LiveAssistant | null> {
  const owned = (await api.listOwned(owner)).filter((row) => row.name === name);
  if (owned.length === 1) return owned[0] as LiveAssistant;
  let id: string | null = null;
  try {
    const desired = (await loadAssistants(dir)).find((d) => d.name === name);
    if (desired) id = assistantIdOf(desired, owner);
  } catch {
    // Broken files do not stop a look at the deployment.
  }
  if (owned.length > 1) return owned.find((row) => row.assistant_id === id) ?? (owned[0] as LiveAssistant);
  return id ? api.get(id) : null;
}

type VersionRef = number | "latest";

/** "3..5", "v3..v5", "3..latest". */
export function parseRange(text: string): { from: VersionRef; to: VersionRef } {
  const match = /^\s*(v?\d+|latest)\s*\.\.\s*(v?\d+|latest)\s*$/i.exec(text);
  if (!match) throw new UserError(`--diff expects two versions as A..B (e.g. 3..5, v3..v5 or 3..latest), not "${text}"`);
  const ref = (part: string): VersionRef => (part.toLowerCase() === "latest" ? "latest" : Number(part.replace(/^v/i, "")));
  return { from: ref(match[1] as string), to: ref(match[2] as string) };
}

function pick(ref: VersionRef, versions: readonly LiveVersion[], row: LiveAssistant): LiveVersion {
  const number = ref === "latest" ? row.version : ref;
  const found = versions.find((v) => v.version === number);
  if (!found) {
    const known = versions.map((v) => v.version).sort((a, b) => a - b);
    throw new UserError(`"${row.name}" has no version ${number} (it has ${known.length ? `v${known[0]}..v${known.at(-1)}` : "none"})`);
  }
  return found;
}

async function entryOf(version: LiveVersion, row: LiveAssistant, git: GitRepo | null): Promise<HistoryEntry> {
  const text = (key: string): string | null => {
    const value: Json | undefined = version.metadata[key];
    return typeof value === "string" && value !== "" ? value : null;
  };
  const commit = text(META.commit);
  const info: CommitInfo | null = commit && git ? await git.commit(commit) : null;
  return {
    version: version.version,
    latest: version.version === row.version,
    created_at: version.created_at,
    commit,
    file: text(META.file),
    pr: text(META.pr),
    run_url: text(META.runUrl),
    author: info?.author ?? null,
    author_email: info?.email ?? null,
    date: info?.date ?? null,
    subject: info?.subject ?? null,
  };
}

/** "2025-01-02T03:04:05.678Z" -> "2025-01-02 03:04:05Z". */
function shortTime(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+(?=Z|[+-]\d\d:?\d\d$|$)/, "");
}

export function renderHistory(row: LiveAssistant, entries: readonly HistoryEntry[], url: string, style: Style): string {
  const out = [style.bold(`History of ${row.name} (assistant ${row.assistant_id}, graph ${row.graph_id}) on ${url}`), ""];
  const table: string[][] = [["  VERSION", "CREATED", "COMMIT", "AUTHOR", "DATE", "CHANGE"]];
  for (const entry of entries) {
    const change = [entry.subject, entry.pr ? `PR #${entry.pr}` : null].filter(Boolean).join(" ");
    table.push([
      `${entry.latest ? "*" : " "} v${entry.version}`,
      shortTime(entry.created_at),
      entry.commit ? entry.commit.slice(0, 12) : "-",
      entry.author ?? "-",
      entry.date ? entry.date.slice(0, 10) : "-",
      change || (entry.commit ? "" : "(no commit recorded)"),
    ]);
  }
  const widths = table[0]!.map((_, column) => Math.max(...table.map((cells) => (cells[column] as string).length)));
  table.forEach((cells, index) => {
    const line = cells.map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] as number))).join("  ").trimEnd();
    out.push(index === 0 ? style.dim(`  ${line}`) : entries[index - 1]?.latest ? style.bold(`  ${line}`) : `  ${line}`);
  });
  out.push("", style.dim(`* latest: the version the deployment serves (v${row.version}). ${entries.length} version${entries.length === 1 ? "" : "s"}.`));
  return out.join("\n") + "\n";
}

function describeEntry(entry: HistoryEntry): string {
  const parts = [`v${entry.version}${entry.latest ? " (latest)" : ""}`];
  if (entry.commit) parts.push(`commit ${entry.commit.slice(0, 12)}`);
  if (entry.author) parts.push(`${entry.author}${entry.date ? `, ${entry.date.slice(0, 10)}` : ""}`);
  else parts.push(`created ${shortTime(entry.created_at)}`);
  return parts.join("  ");
}

export function renderVersionDiff(row: LiveAssistant, from: HistoryEntry, to: HistoryEntry, diff: readonly FieldDiff[], style: Style): string {
  const out = [style.bold(`${row.name}: v${from.version}..v${to.version}`), style.red(`--- ${describeEntry(from)}`), style.green(`+++ ${describeEntry(to)}`)];
  if (diff.length === 0) out.push("", `  v${from.version} and v${to.version} have the same content.`);
  for (const field of diff) out.push(...renderFieldDiff(field, style));
  return out.join("\n") + "\n";
}
