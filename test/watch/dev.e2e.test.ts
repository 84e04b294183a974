// `assistantctl dev` end to end: its own embedded server (state in a temp
// folder), the repository reconciled into it and watched, Ctrl-C stops all.
import { readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LangGraphClient } from "../../src/remote/index.js";
import { TMP_ROOT, tempRepo } from "../support/repo.js";
import { ROOT, startCli, stopAll, until } from "./child.js";

afterEach(stopAll);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

describe("assistantctl dev", () => {
  it("starts the server, prints its URL and a Studio link, reconciles, applies a save, and stops cleanly on Ctrl-C", async () => {
    const repo = await tempRepo({
      "assistants/writer.yaml": "name: dev-writer\ngraph: writer\ncontext:\n  system_prompt: !file prompts/writer.md\n",
      "assistants/prompts/writer.md": "First.\n",
    });
    const stateDir = join(TMP_ROOT, "dev-state", repo.owner);
    const child = startCli(["dev", "--dir", repo.dir, "--langgraph-config", join(ROOT, "example", "langgraph.json"), "--state-dir", stateDir]);

    const url = (await child.waitFor(/^LangGraph dev server: (http:\/\/127\.0\.0\.1:\d+)$/m, { stream: "stdout", timeoutMs: 60_000 }))[1] as string;
    expect(child.stdout()).toContain(`Studio: https://smith.langchain.com/studio/?baseUrl=${url}\n`);
    const pid = Number((await child.waitFor(/LangGraph server at \S+ \(pid (\d+)/, { stream: "stderr" }))[1]);
    await child.waitFor(/Watching .* Ctrl-C to stop/, { timeoutMs: 30_000 });
    expect(child.stdout()).toContain("✓ created dev-writer v1");

    const api = new LangGraphClient({ url });
    const [row] = await api.listOwned(repo.owner);
    expect(row?.context).toEqual({ system_prompt: "First.\n" });
    await repo.write("assistants/prompts/writer.md", "Second.\n");
    await until("the saved prompt on the embedded server", async () => {
      const live = await api.get(row!.assistant_id);
      return live?.context["system_prompt"] === "Second.\n" ? live : undefined;
    });

    // Ctrl-C: SIGINT to the command alone; the embedded server gets its SIGTERM from it.
    expect(await child.stop("SIGINT")).toBe(0);
    expect(alive(pid)).toBe(false);
    await expect(new LangGraphClient({ url, maxRetries: 0 }).ok()).rejects.toThrow(/cannot reach/);
    // The server flushed its state on the way out.
    expect(readdirSync(join(stateDir, ".langgraph_api")).length).toBeGreaterThan(0);
    expect(child.stderr()).toContain("Stopping the embedded LangGraph server");
    await rm(stateDir, { recursive: true, force: true });
  }, 90_000);
});
