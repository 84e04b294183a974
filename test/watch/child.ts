// The built binary as a long-running child process, as a user runs it in a
// terminal: its output collected line by line, waited on with deadlines.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";

export const ROOT = resolve(import.meta.dirname, "..", "..");
export const BIN = resolve(ROOT, "dist", "cli", "bin.js");

export interface CliChild {
  process: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Waits until stdout or stderr (as chosen) matches; returns the match. */
  waitFor(pattern: RegExp, options?: { stream?: "stdout" | "stderr"; timeoutMs?: number }): Promise<RegExpMatchArray>;
  /** Sends the signal to the child's pid alone and waits for its exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

const running = new Set<CliChild>();

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): CliChild {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1", LANGGRAPH_API_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (out += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolveExit) => child.once("exit", (code) => resolveExit(code)));

  const handle: CliChild = {
    process: child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitFor(pattern, options = {}) {
      const deadline = Date.now() + (options.timeoutMs ?? 20_000);
      for (;;) {
        const text = options.stream === "stderr" ? err : options.stream === "stdout" ? out : `${out}\n${err}`;
        const match = text.match(pattern);
        if (match) return match;
        if (child.exitCode !== null || Date.now() > deadline) {
          throw new Error(`no ${pattern} in the output (exit code ${child.exitCode}):\n--- stdout\n${out}\n--- stderr\n${err}`);
        }
        await delay(20);
      }
    },
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      running.delete(handle);
      return code;
    },
  };
  running.add(handle);
  return handle;
}

/** For afterEach: no child outlives its test, whatever happened. */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop("SIGTERM")));
}

/** Polls `check` until it returns a value other than undefined, or fails at the deadline. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ""}`);
    await delay(25);
  }
}
