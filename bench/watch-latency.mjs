// Benchmark: save-to-applied latency of `reconcile --watch`.
//
// Starts its own embedded LangGraph server, a temporary repository with A
// assistants, and the built watcher as a child process (`--output json`: one
// JSON line per cycle), then saves one prompt N times, a second apart, and
// measures for each save:
//   - save -> applied: until the watcher's line for the cycle that applied it;
//   - save -> visible: until GET /assistants/{id} returns the new prompt
//     (polled every 5 ms, so up to 5 ms late).
// Both include the debounce (default 150 ms), which is the floor.
//
//   npm run build && npm run bench:watch -- [N=20] [A=20] [debounceMs=150]
import { spawn } from "node:child_process";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { LangGraphClient } from "../dist/index.js";
import { startLocalServer } from "../dist/local/index.js";

const saves = Number(process.argv[2] ?? 20);
const assistants = Number(process.argv[3] ?? 20);
const debounceMs = Number(process.argv[4] ?? 150);
const root = resolve(import.meta.dirname, "..");
const bin = join(root, "dist", "cli", "bin.js");

const work = join(tmpdir(), `assistantctl-watch-bench-${process.pid}`);
const repo = join(work, "repo");
const owner = `watch-bench-${process.pid}`;
await mkdir(join(repo, "assistants", "prompts"), { recursive: true });
await writeFile(join(repo, "assistantctl.yaml"), `owner: ${owner}\n`);
for (let i = 0; i < assistants; i++) {
  await writeFile(join(repo, "assistants", "prompts", `a${i}.md`), `You are assistant ${i}.\n`);
  await writeFile(join(repo, "assistants", `a${i}.yaml`), `name: a${i}\ngraph: writer\ncontext:\n  system_prompt: !file prompts/a${i}.md\n`);
}

const server = await startLocalServer({ projectDir: join(root, "example"), stateDir: join(work, "server") });
let child;
try {
  child = spawn(process.execPath, [bin, "reconcile", "--watch", "--dir", repo, "--url", server.url, "--output", "json", "--debounce", String(debounceMs)], {
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  /** Arrival time of each cycle's JSON line. */
  const cycles = [];
  let partial = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => {
    const now = performance.now();
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) cycles.push({ at: now, report: JSON.parse(line) });
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));

  const waitUntil = async (what, check, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${stderr}`);
      await delay(5);
    }
  };
  await waitUntil("the first reconcile", async () => (cycles.length > 0 ? true : undefined), 60_000);
  const api = new LangGraphClient({ url: server.url });
  const target = (await api.listOwned(owner)).find((row) => row.name === "a7");
  console.log(`${assistants} assistants, ${saves} saves, debounce ${debounceMs} ms, server ${server.url}`);

  const applied = [];
  const visible = [];
  for (let i = 1; i <= saves; i++) {
    const text = `You are assistant 7, take ${i}.\n`;
    const seen = cycles.length;
    const started = performance.now();
    await writeFile(join(repo, "assistants", "prompts", "a7.md"), text);
    const shown = await waitUntil("the new prompt on the server", async () => {
      const row = await api.get(target.assistant_id);
      return row?.context.system_prompt === text ? performance.now() : undefined;
    });
    const line = await waitUntil("the watcher's line", async () =>
      cycles.slice(seen).find((c) => c.report.changes?.some((change) => change.name === "a7" && change.result?.status === "applied")),
    );
    visible.push(shown - started);
    applied.push(line.at - started);
    await delay(300); // separate saves: each its own cycle
  }

  const row = (label, values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const pick = (p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(0);
    console.log(`${label.padEnd(20)} p50 ${pick(50).padStart(4)} ms   p90 ${pick(90).padStart(4)} ms   max ${sorted.at(-1).toFixed(0).padStart(4)} ms`);
  };
  row("save -> applied", applied);
  row("save -> visible", visible);
  console.log(`cycles after the first: ${cycles.length - 1} for ${saves} saves`);
} finally {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolveExit) => child.once("exit", resolveExit));
    child.kill("SIGTERM");
    await exited;
  }
  await server.stop();
  await rm(work, { recursive: true, force: true });
}
