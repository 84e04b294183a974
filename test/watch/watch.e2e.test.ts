// `reconcile --watch` end to end: the built binary as a child process against
// the real LangGraph server, files edited the way editors save them.
import { existsSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { LiveAssistant } from "../../src/model.js";
import { LangGraphClient } from "../../src/remote/index.js";
import { findFreePort } from "../../src/local/index.js";
import { tempRepo, type TempRepo } from "../support/repo.js";
import { serverUrl } from "../support/server.js";
import { startCli, stopAll, until, type CliChild } from "./child.js";

const WRITER = `name: writer-bot
graph: writer
context:
  model_name: echo
  system_prompt: !file prompts/writer.md
`;

const SUPPORT = `name: support-bot
graph: support
config:
  configurable:
    model: m1
`;

function client(): LangGraphClient {
  return new LangGraphClient({ url: serverUrl() });
}

async function liveByName(repo: TempRepo, name: string): Promise<LiveAssistant | undefined> {
  return (await client().listOwned(repo.owner)).find((row) => row.name === name);
}

/** Waits for the row of `name` to satisfy `check`. */
function liveWhen(repo: TempRepo, name: string, check: (row: LiveAssistant) => boolean, what: string): Promise<LiveAssistant> {
  return until(what, async () => {
    const row = await liveByName(repo, name);
    return row && check(row) ? row : undefined;
  });
}

function watch(repo: TempRepo, ...flags: string[]): CliChild {
  return startCli(["reconcile", "--watch", "--dir", repo.dir, "--url", serverUrl(), ...flags]);
}

/** How editors that save by rename write a file: a temporary file renamed over the original. */
async function saveByRename(repo: TempRepo, path: string, text: string): Promise<void> {
  const temporary = join(repo.dir, `${path}___jb_tmp___`);
  await writeFile(temporary, text);
  await rename(temporary, join(repo.dir, path));
}

afterEach(stopAll);

describe("reconcile --watch against the real server", () => {
  it("applies each save; an invalid save prints its location and applies nothing; the fix applies", async () => {
    const repo = await tempRepo({ "assistants/writer.yaml": WRITER, "assistants/prompts/writer.md": "You write posts.\n" });
    const child = watch(repo);
    await child.waitFor(/Watching .* Ctrl-C to stop/);
    expect(child.stdout()).toContain("+ create     writer-bot");
    expect((await liveByName(repo, "writer-bot"))?.version).toBe(1);

    // A prompt saved by rename (JetBrains, vim): one update, one version.
    await saveByRename(repo, "assistants/prompts/writer.md", "You write long posts.\n");
    const updated = await liveWhen(repo, "writer-bot", (row) => row.context["system_prompt"] === "You write long posts.\n", "the edited prompt");
    expect(updated.version).toBe(2);
    await child.waitFor(/^\d\d:\d\d:\d\d ✓ updated writer-bot v2 \(\d+ ms\)$/m, { stream: "stdout" });

    // Half-typed YAML: the error with file:line:col, nothing written.
    await repo.write("assistants/writer.yaml", WRITER.replace("model_name: echo", "model_name: [echo"));
    await child.waitFor(/✗ 1 error in the input files; nothing applied[^\n]*\n\s+assistants\/writer\.yaml:\d+:\d+ YAML syntax error/, { stream: "stderr" });
    // A missing prompt file is just as readable, and watched for.
    await repo.write("assistants/writer.yaml", WRITER.replace("prompts/writer.md", "prompts/new.md"));
    await child.waitFor(/assistants\/writer\.yaml:5:\d+ !file "assistants\/prompts\/new\.md" does not exist/, { stream: "stderr" });
    expect((await liveByName(repo, "writer-bot"))?.version).toBe(2);

    // The prompt appears: the assistant is applied with it.
    await repo.write("assistants/prompts/new.md", "A new prompt.\n");
    const fixed = await liveWhen(repo, "writer-bot", (row) => row.context["system_prompt"] === "A new prompt.\n", "the fixed file applied");
    expect(fixed.version).toBe(3);
    expect(child.process.exitCode).toBeNull();
    expect(await child.stop("SIGTERM")).toBe(0);
  });

  it("a burst of 20 saves within 200 ms makes at most two reconciles", async () => {
    const repo = await tempRepo({ "assistants/writer.yaml": WRITER, "assistants/prompts/writer.md": "Version 0.\n" });
    const child = watch(repo, "--output", "json");
    await child.waitFor(/Watching .* Ctrl-C to stop/, { stream: "stderr" });
    const cycles = () => child.stdout().trim().split("\n").map((line) => JSON.parse(line) as { watch: { cycle: number }; summary?: { update: number } });
    expect(cycles()).toHaveLength(1);

    for (let i = 1; i <= 20; i++) {
      await writeFile(join(repo.dir, "assistants/prompts/writer.md"), `Version ${i}.\n`);
      await delay(10);
    }
    const final = await liveWhen(repo, "writer-bot", (row) => row.context["system_prompt"] === "Version 20.\n", "the last save applied");
    // Long enough for a stray third cycle to show up (debounce 150 ms).
    await delay(600);
    const after = cycles().slice(1);
    expect(after.length).toBeGreaterThanOrEqual(1);
    expect(after.length).toBeLessThanOrEqual(2);
    expect(final.version).toBeLessThanOrEqual(3);
    expect((await client().allVersions(final.assistant_id)).length).toBe(final.version);
    expect(await child.stop("SIGTERM")).toBe(0);
  });

  it("creates a new file's assistant, keeps a renamed one, and with --prune deletes a removed one after a backup", async () => {
    const repo = await tempRepo({ "assistants/writer.yaml": WRITER, "assistants/prompts/writer.md": "You write.\n" });
    const child = watch(repo, "--prune");
    await child.waitFor(/Watching .* Ctrl-C to stop/);

    await repo.write("assistants/team/support.yaml", SUPPORT);
    const created = await liveWhen(repo, "support-bot", () => true, "the new assistant");
    expect(created.config).toMatchObject({ configurable: { model: "m1" } });

    // A renamed file is the same assistant: nothing deleted, no new version.
    const before = await liveByName(repo, "writer-bot");
    await rename(join(repo.dir, "assistants/writer.yaml"), join(repo.dir, "assistants/renamed.yaml"));
    await child.waitFor(/^\d\d:\d\d:\d\d in sync \(\d+ ms\)$/m, { stream: "stdout" });
    expect(await liveByName(repo, "writer-bot")).toMatchObject({ assistant_id: before?.assistant_id, version: before?.version });

    await repo.remove("assistants/team");
    await until("the deletion", async () => ((await client().get(created.assistant_id)) === null ? true : undefined));
    const line = await child.waitFor(/✓ deleted support-bot.* backup: (\S+)/, { stream: "stdout" });
    const backup = line[1] as string;
    expect(backup).toContain(".assistantctl/backups/support-bot-");
    expect(existsSync(backup)).toBe(true);
    const saved = JSON.parse(await readFile(backup, "utf8")) as { versions: { config: unknown }[] };
    expect(saved.versions[0]?.config).toMatchObject({ configurable: { model: "m1" } });
    expect(await liveByName(repo, "writer-bot")).toBeDefined();
    expect(await child.stop("SIGTERM")).toBe(0);
  });

  it("says so when the server is unreachable, keeps watching, and tries again on the next change", async () => {
    const repo = await tempRepo({ "assistants/writer.yaml": WRITER, "assistants/prompts/writer.md": "You write.\n" });
    const closed = `http://127.0.0.1:${await findFreePort()}`;
    const child = startCli(["reconcile", "--watch", "--dir", repo.dir, "--url", closed]);
    await child.waitFor(/server unreachable \(cannot reach [^)]*\); will retry on the next change/, { stream: "stderr" });
    await child.waitFor(/Watching .* Ctrl-C to stop/);
    await repo.write("assistants/prompts/writer.md", "Edited.\n");
    await until("a second attempt", async () => (child.stderr().match(/server unreachable/g)?.length === 2 ? true : undefined));
    expect(child.process.exitCode).toBeNull();
    expect(await child.stop("SIGINT")).toBe(0);
  });
});
