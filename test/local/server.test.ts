// The embedded dev server: each test here starts its own, with its own state
// folder (the shared one from global-setup is not used).
import { execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { UserError } from "../../src/errors.js";
import { rebaseConfig, resolveCliScript, startLocalServer, type LocalServer } from "../../src/local/index.js";
import { OutputTail } from "../../src/local/output.js";
import { LangGraphClient } from "../../src/remote/index.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const EXAMPLE = join(ROOT, "example");
const TMP = join(ROOT, "test", ".tmp", "local");

const started: LocalServer[] = [];
afterAll(async () => {
  await Promise.all(started.map((server) => server.stop()));
});

function freshDir(label: string): string {
  return join(TMP, `${label}-${randomUUID().slice(0, 8)}`);
}

async function start(stateDir: string, projectDir = EXAMPLE): Promise<LocalServer> {
  const server = await startLocalServer({ projectDir, stateDir });
  started.push(server);
  return server;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

/** Command lines of running processes that contain `text` (the CLI's and tsx's name the project). */
function processesMentioning(text: string): string[] {
  return execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
    .split("\n")
    .filter((line) => line.includes(text));
}

describe("startLocalServer", () => {
  it("serves the project's graphs with its state in stateDir, and keeps it across a clean stop", async () => {
    const stateDir = freshDir("state");
    const first = await start(stateDir);
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.output()).toMatch(/Server running at 127\.0\.0\.1:\d+/);
    expect(first.output()).not.toMatch(/\u001b\[/); // colour codes stripped

    const api = new LangGraphClient({ url: first.url });
    expect(await api.graphIds()).toEqual(["support", "writer"]);
    const id = randomUUID();
    await api.create({
      assistant_id: id,
      graph_id: "writer",
      name: "survivor",
      config: {},
      context: { model_name: "echo", system_prompt: "hi" },
      metadata: {},
      if_exists: "do_nothing",
    });
    // Stopped at once: the server's 3-second flush timer has not fired, so
    // only a clean exit (SIGTERM to the CLI alone) writes the assistant out.
    await first.stop();
    expect(isAlive(first.pid)).toBe(false);
    expect(isAlive(-first.pid)).toBe(false); // nothing left of its process group
    expect(await readFile(join(stateDir, ".langgraph_api", ".langgraphjs_ops.json"), "utf8")).toContain(id);

    const second = await start(stateDir);
    const again = await new LangGraphClient({ url: second.url }).get(id);
    expect(again).toMatchObject({ assistant_id: id, name: "survivor" });
    await second.stop();
  });

  it("stops idempotently, also when asked twice at once", async () => {
    const server = await start(freshDir("idem"));
    await Promise.all([server.stop(), server.stop()]);
    await server.stop();
    expect(isAlive(server.pid)).toBe(false);
    await expect(new LangGraphClient({ url: server.url, maxRetries: 0 }).ok()).rejects.toThrow(/cannot reach .*: connection refused/);
  });

  it("writes a rebased langgraph.json and an ignore-everything .gitignore into stateDir, leaving the project alone", async () => {
    const stateDir = freshDir("files");
    const before = await readFile(join(EXAMPLE, ".gitignore"), "utf8");
    const server = await start(stateDir);
    await server.stop();
    const config = JSON.parse(await readFile(join(stateDir, "langgraph.json"), "utf8")) as { graphs: Record<string, string> };
    expect(config.graphs).toEqual({ writer: "../../../../example/src/writer.ts:graph", support: "../../../../example/src/support.ts:graph" });
    // The CLI leaves a .gitignore that mentions .langgraph_api alone: ours ignores the whole folder.
    expect(await readFile(join(stateDir, ".gitignore"), "utf8")).toMatch(/^\*$/m);
    expect(await readFile(join(EXAMPLE, ".gitignore"), "utf8")).toBe(before);
  });

  it("fails fast with the server's output when a graph does not load, leaving no process behind", async () => {
    const projectDir = freshDir("broken");
    await mkdir(join(projectDir, "src"), { recursive: true });
    await writeFile(join(projectDir, "langgraph.json"), JSON.stringify({ node_version: "20", graphs: { broken: "./src/broken.ts:graph" } }));
    await writeFile(join(projectDir, "src", "broken.ts"), 'throw new Error("this graph is broken on purpose");\n');
    const lines: string[] = [];
    const startedAt = Date.now();
    const error = await startLocalServer({ projectDir, readyTimeoutMs: 60_000, onOutput: (line) => lines.push(line) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    const output = lines.join("\n");
    expect((error as Error).message, output).toMatch(/crashed while starting|exited/);
    expect((error as Error).message, output).toContain("this graph is broken on purpose");
    expect(Date.now() - startedAt).toBeLessThan(30_000);
    expect(output).toContain("this graph is broken on purpose");
    // The CLI and tsx (which would have waited for a file edit) are gone too.
    expect(processesMentioning(projectDir)).toEqual([]);
  });

  it("refuses a folder without langgraph.json", async () => {
    await expect(startLocalServer({ projectDir: TMP })).rejects.toThrow(UserError);
  });

  it("does not orphan the server when its parent process dies without stopping it", async () => {
    const stateDir = freshDir("orphan");
    await mkdir(stateDir, { recursive: true });
    const script = join(stateDir, "parent.mts");
    const entry = pathToFileURL(join(ROOT, "src", "local", "index.ts")).href;
    await writeFile(
      script,
      `import { startLocalServer } from ${JSON.stringify(entry)};
const server = await startLocalServer({ projectDir: ${JSON.stringify(EXAMPLE)}, stateDir: ${JSON.stringify(stateDir)} });
console.log(JSON.stringify({ pid: server.pid, url: server.url }));
throw new Error("the parent crashes");
`,
    );
    // tsx runs the TypeScript sources; it is installed with @langchain/langgraph-api, which needs it.
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
    const parent = spawn(process.execPath, ["--import", tsx, script], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    parent.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    const code = await new Promise<number | null>((done) => parent.once("exit", done));
    expect(code).not.toBe(0);
    const { pid, url } = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { pid: number; url: string };
    expect(pid).toBeGreaterThan(0);

    const deadline = Date.now() + 15_000;
    while (isAlive(-pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(isAlive(-pid)).toBe(false);
    await expect(new LangGraphClient({ url, maxRetries: 0 }).ok()).rejects.toThrow(/connection refused/);
  });
});

describe("rebaseConfig", () => {
  it("points every file reference of langgraph.json back into the project, relative to the state folder", () => {
    const config = {
      node_version: "20",
      graphs: { a: "./src/a.ts:graph", b: { path: "src/b.ts:make", description: "B" } },
      env: ".env",
      auth: { path: "./auth.ts:auth", disable_studio_auth: true },
      http: { app: "./app.ts:app", cors: { allow_origins: ["*"] } },
      ui: { chat: "./ui/chat.tsx" },
      dependencies: [".", "some-package"],
      store: { index: { dims: 3 } },
    };
    expect(rebaseConfig(config, "/repo/project", "/repo/.state/s1")).toEqual({
      node_version: "20",
      graphs: { a: "../../project/src/a.ts:graph", b: { path: "../../project/src/b.ts:make", description: "B" } },
      env: "../../project/.env",
      auth: { path: "../../project/auth.ts:auth", disable_studio_auth: true },
      http: { app: "../../project/app.ts:app", cors: { allow_origins: ["*"] } },
      ui: { chat: "../../project/ui/chat.tsx" },
      dependencies: ["../../project", "some-package"],
      store: { index: { dims: 3 } },
    });
  });
});

describe("OutputTail", () => {
  it("keeps the last lines, per stream, without colour codes", () => {
    const seen: string[] = [];
    const tail = new OutputTail(3, (line) => seen.push(line));
    tail.push("stdout", "\u001b[32minfo\u001b[39m: one\r\nerror: tw");
    tail.push("stderr", "from stderr\n");
    tail.push("stdout", "o\nthree\nfour\nunfinished");
    expect(seen).toEqual(["info: one", "from stderr", "error: two", "three", "four"]);
    expect(tail.text()).toBe("error: two\nthree\nfour\nunfinished");
    expect(tail.last(2)).toBe("four\nunfinished");
  });
});

describe("resolveCliScript", () => {
  it("finds the CLI installed for the project (here: the one of this package)", () => {
    expect(resolveCliScript(EXAMPLE)).toBe(join(ROOT, "node_modules", "@langchain", "langgraph-cli", "dist", "cli", "cli.mjs"));
  });
});

afterAll(async () => {
  await rm(TMP, { recursive: true, force: true });
});
