// Temporary repositories for end-to-end tests: a folder with assistants/,
// prompts and an assistantctl.yaml whose unique owner isolates the test on
// the shared server.
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import type { CliIo } from "../../src/cli/io.js";
import { main } from "../../src/cli/main.js";

export const TMP_ROOT = resolve(import.meta.dirname, "..", ".tmp");

export interface TempRepo {
  dir: string;
  owner: string;
  write(path: string, text: string): Promise<void>;
  read(path: string): Promise<string>;
  remove(path: string): Promise<void>;
}

export async function tempRepo(files: Record<string, string> = {}): Promise<TempRepo> {
  const owner = `t-${randomUUID().slice(0, 8)}`;
  const dir = join(TMP_ROOT, "repos", owner);
  await mkdir(dir, { recursive: true });
  const repo: TempRepo = {
    dir,
    owner,
    async write(path, text) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    },
    read: (path) => readFile(join(dir, path), "utf8"),
    remove: (path) => rm(join(dir, path), { force: true, recursive: true }),
  };
  await repo.write("assistantctl.yaml", `owner: ${owner}\n`);
  for (const [path, text] of Object.entries(files)) await repo.write(path, text);
  return repo;
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured, non-TTY streams. */
export async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    env: { NO_COLOR: "1", ...env },
    cwd: process.cwd(),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}
