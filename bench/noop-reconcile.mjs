// Benchmark: reconcile N assistants into a real embedded LangGraph server.
// Measures the first apply (N creates), a no-op reconcile (time and HTTP
// requests: the goal is one or two whatever N), and an edit of one prompt.
//
//   npm run build && npm run bench -- [N=1000] [concurrency=16]
//
// Requests are counted with undici's diagnostics channel, so the count is
// what really went over the wire, paging included.
import { subscribe } from "node:diagnostics_channel";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { reconcile } from "../dist/index.js";
import { startLocalServer } from "../dist/local/index.js";

const count = Number(process.argv[2] ?? 1000);
const concurrency = Number(process.argv[3] ?? 16);
const root = resolve(import.meta.dirname, "..");

let requests = 0;
subscribe("undici:request:create", () => requests++);

async function measure(label, run) {
  requests = 0;
  const started = performance.now();
  const result = await run();
  const ms = performance.now() - started;
  const s = result.plan.summary;
  console.log(
    `${label.padEnd(22)} ${ms.toFixed(0).padStart(6)} ms  ${String(requests).padStart(5)} requests  ` +
      `(create ${s.create}, update ${s.update}, set-latest ${s.set_latest}, noop ${s.noop})`,
  );
  return { ms, requests };
}

const work = join(tmpdir(), `assistantctl-bench-${process.pid}`);
const repo = join(work, "repo");
await mkdir(join(repo, "assistants", "prompts"), { recursive: true });
await writeFile(join(repo, "assistantctl.yaml"), `owner: bench-${process.pid}\n`);
for (let i = 0; i < count; i++) {
  await writeFile(join(repo, "assistants", "prompts", `a${i}.md`), `You are assistant ${i}.\nAnswer briefly.\n`);
  await writeFile(
    join(repo, "assistants", `a${i}.yaml`),
    `name: a${i}\ngraph: writer\ncontext:\n  model_name: echo\n  system_prompt: !file prompts/a${i}.md\n`,
  );
}

const server = await startLocalServer({ projectDir: join(root, "example"), stateDir: join(work, "server") });
try {
  const options = { dir: repo, url: server.url, concurrency };
  console.log(`${count} assistants, concurrency ${concurrency}, server ${server.url}`);
  const first = await measure("first apply (creates)", () => reconcile(options));
  console.log(`${"".padEnd(22)} ${((count / first.ms) * 1000).toFixed(0)} creates/s`);
  await measure("no-op reconcile", () => reconcile(options));
  await measure("no-op dry run", () => reconcile({ ...options, dryRun: true }));
  await writeFile(join(repo, "assistants", "prompts", "a7.md"), "You are assistant 7.\nAnswer in detail.\n");
  await measure("edit one prompt", () => reconcile(options));
  await writeFile(join(repo, "assistants", "prompts", "a7.md"), "You are assistant 7.\nAnswer briefly.\n");
  await measure("revert it (set-latest)", () => reconcile(options));
} finally {
  await server.stop();
  await rm(work, { recursive: true, force: true });
}
