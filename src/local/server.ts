// The embedded LangGraph dev server: `langgraphjs dev` as a child process on
// an ephemeral loopback port.
//
// Process tree: cli -> `tsx watch` -> server (-> esbuild). We start the CLI in
// its own process group (detached) so that, as a last resort, the whole tree
// can be killed at once; but a clean stop is SIGTERM to the CLI ALONE: it
// makes the server flush its state and exit (< 2 s). SIGTERM to the group
// kills the server before its flush and loses the last ~3 s of writes.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { request } from "undici";
import { UserError } from "../errors.js";
import { resolveCliScript } from "./cli-script.js";
import { OutputTail } from "./output.js";
import { findFreePort, isPortFree } from "./port.js";
import { prepareStateDir } from "./state-dir.js";

export interface LocalServer {
  /** "http://127.0.0.1:PORT". */
  url: string;
  /** The CLI's pid, which is also its process group id. */
  pid: number;
  projectDir: string;
  /** SIGTERM to the CLI, wait for the tree to exit; idempotent. */
  stop(): Promise<void>;
  /** The last ~200 lines the server printed (colour codes removed), for error messages. */
  output(): string;
}

export interface StartLocalServerOptions {
  /** The folder holding langgraph.json. */
  projectDir: string;
  /**
   * Where the server keeps its state (`.langgraph_api/`). Default: the
   * project folder itself, as `langgraphjs dev` does.
   */
  stateDir?: string;
  /** The port to listen on (loopback); default: a free one picked by the kernel. */
  port?: number;
  /** Default 60 000. */
  readyTimeoutMs?: number;
  /** Each line the server prints, without colour codes. */
  onOutput?: (line: string) => void;
  /** Extra environment variables for the server, over this process's own. */
  env?: NodeJS.ProcessEnv;
}

const OUTPUT_LINES = 200;
const PORT_ATTEMPTS = 3;
const POLL_INTERVAL_MS = 100;
const STOP_TIMEOUT_MS = 10_000;
/** After the CLI exits, how long its children get to finish their own exit. */
const TREE_EXIT_TIMEOUT_MS = 5_000;

// When the server dies while starting, the CLI and tsx stay up waiting for a
// file edit: nothing exits, so we read the signs in the output.
/** Node's last line after an uncaught exception (a crash before the server's own handlers exist). */
const CRASH_FOOTER = /^Node\.js v\d+\.\d+\.\d+\s*$/;
const LAUNCH_FAILED = /Failed to launch server/;
const PORT_TAKEN = /EADDRINUSE/;
/**
 * An error-level log line. Before "Server running" the server logs errors
 * only from its uncaughtException/unhandledRejection handlers (a graph that
 * throws on import, say), and then it is dead. To be safe against an error it
 * survives, we conclude so only when the output then stays quiet.
 */
const ERROR_LINE = /^error:|"level":"error"/;
const QUIET_AFTER_ERROR_MS = 3_000;

export async function startLocalServer(options: StartLocalServerOptions): Promise<LocalServer> {
  const projectDir = resolve(options.projectDir);
  const projectConfig = join(projectDir, "langgraph.json");
  if (!existsSync(projectConfig)) throw new UserError(`no langgraph.json in ${projectDir}`);
  const cliScript = resolveCliScript(projectDir);
  const configPath = options.stateDir ? await prepareStateDir(projectDir, resolve(options.stateDir)) : projectConfig;

  // A server already answering on a chosen port would pass for ours.
  if (options.port !== undefined && !(await isPortFree(options.port))) {
    throw new UserError(`port ${options.port} is already in use on 127.0.0.1; choose another one or leave the choice to the system`);
  }
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await findFreePort());
    try {
      return await launch({ ...options, projectDir, cliScript, configPath, port });
    } catch (error) {
      // Another process took the port between our probe and the server's bind.
      if (error instanceof PortTakenError && options.port === undefined && attempt < PORT_ATTEMPTS) continue;
      throw error;
    }
  }
}

class PortTakenError extends UserError {
  override name = "PortTakenError";
}

interface LaunchOptions extends StartLocalServerOptions {
  cliScript: string;
  configPath: string;
  port: number;
}

/** What ends the wait for readiness early, as seen in the output or the process. */
type Trouble = { kind: "port-taken" } | { kind: "crashed" } | { kind: "exited"; code: number | null; signal: string | null };

async function launch(options: LaunchOptions): Promise<LocalServer> {
  const url = `http://127.0.0.1:${options.port}`;
  let trouble: Trouble | null = null;
  let errorLogged = false;
  let lastOutputAt = Date.now();
  const tail = new OutputTail(OUTPUT_LINES, (line) => {
    lastOutputAt = Date.now();
    if (PORT_TAKEN.test(line)) trouble ??= { kind: "port-taken" };
    else if (CRASH_FOOTER.test(line) || LAUNCH_FAILED.test(line)) trouble ??= { kind: "crashed" };
    else if (ERROR_LINE.test(line)) errorLogged = true;
    options.onOutput?.(line);
  });

  const child = spawnCli(options);
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => tail.push("stdout", chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => tail.push("stderr", chunk));
  const exited = new Promise<void>((resolveExit) => {
    child.once("exit", (code, signal) => {
      trouble ??= { kind: "exited", code, signal };
      resolveExit();
    });
    child.once("error", (error) => {
      tail.push("spawn", `${error.message}\n`);
      trouble ??= { kind: "exited", code: null, signal: null };
      resolveExit();
    });
  });
  const server = new RunningServer(child, exited, url, options.projectDir, tail);

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (!(await answersOk(url))) {
    if (errorLogged && Date.now() - lastOutputAt > QUIET_AFTER_ERROR_MS) trouble ??= { kind: "crashed" };
    const seen = trouble as Trouble | null; // assigned in callbacks: TypeScript cannot see that
    if (seen || Date.now() > deadline) {
      await server.stop();
      throw startFailure(seen, options, tail);
    }
    await delay(POLL_INTERVAL_MS);
  }
  return server;
}

function spawnCli(options: LaunchOptions): ChildProcess {
  const args = [options.cliScript, "dev", "--port", String(options.port), "--host", "127.0.0.1", "--no-browser", "--config", options.configPath];
  return spawn(process.execPath, args, {
    // The project folder, so tsx finds the project's tsconfig; the state goes
    // next to --config.
    cwd: options.projectDir,
    // Its own process group: killable as a whole, and a Ctrl-C in our
    // terminal does not reach it before we stop it cleanly.
    detached: true,
    // Piped, never inherited: our stdout may be a JSON document.
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      ...options.env,
      // Zero outbound connections: no telemetry, no browser, no tracing.
      LANGGRAPH_CLI_NO_ANALYTICS: "1",
      BROWSER: "none",
      LANGSMITH_TRACING: "false",
    },
  });
}

function startFailure(trouble: Trouble | null, options: LaunchOptions, tail: OutputTail): UserError {
  const where = `the LangGraph dev server for ${options.configPath}`;
  const output = tail.last(40).trim() || "(no output)";
  switch (trouble?.kind) {
    case "port-taken":
      return new PortTakenError(`${where} could not bind port ${options.port} (EADDRINUSE):\n${output}`);
    case "crashed":
      return new UserError(`${where} crashed while starting:\n${output}`);
    case "exited":
      return new UserError(`${where} exited (${trouble.signal ?? `code ${trouble.code}`}) before it was ready:\n${output}`);
    default:
      return new UserError(`${where} was not ready after ${options.readyTimeoutMs ?? 60_000} ms:\n${output}`);
  }
}

async function answersOk(url: string): Promise<boolean> {
  try {
    // reset: no keep-alive socket is left behind in the global pool (the port may belong to someone else).
    const response = await request(`${url}/ok`, { headersTimeout: 2_000, bodyTimeout: 2_000, reset: true });
    await response.body.dump();
    return response.statusCode === 200;
  } catch {
    return false;
  }
}

class RunningServer implements LocalServer {
  readonly pid: number;
  private stopping: Promise<void> | null = null;
  private readonly onParentExit = () => reapOnParentExit(this.pid);

  constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
    readonly url: string,
    readonly projectDir: string,
    private readonly tail: OutputTail,
  ) {
    this.pid = child.pid ?? -1;
    if (this.pid > 0) process.on("exit", this.onParentExit);
  }

  output(): string {
    return this.tail.text();
  }

  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    process.removeListener("exit", this.onParentExit);
    if (this.pid <= 0) return;
    if (this.child.exitCode === null && this.child.signalCode === null) {
      signal(this.pid, "SIGTERM");
      if (!(await settlesWithin(this.exited, STOP_TIMEOUT_MS))) {
        signal(-this.pid, "SIGKILL");
        await this.exited;
        return;
      }
    }
    // The CLI is gone; tsx and the server may still be finishing their flush.
    const deadline = Date.now() + TREE_EXIT_TIMEOUT_MS;
    while (groupAlive(this.pid) && Date.now() < deadline) await delay(50);
    if (groupAlive(this.pid)) signal(-this.pid, "SIGKILL");
  }
}

/** Whether the promise settles within `ms`; the timer is cleared so it never holds the process open. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const timeout = new AbortController();
  try {
    return await Promise.race([promise.then(() => true), delay(ms, false, { signal: timeout.signal })]);
  } finally {
    timeout.abort();
  }
}

/** kill(2) that ignores "no such process". */
function signal(target: number, name: NodeJS.Signals): void {
  try {
    process.kill(target, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    // EPERM: a process exists (someone else's): count it as alive.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * This process is exiting without having stopped the server (a crash, an
 * exit() from elsewhere): no orphaned server may keep listening. Only
 * synchronous work is possible here, so: SIGTERM to the CLI (it flushes and
 * takes its children down), and a small detached watchdog that kills the
 * whole group a few seconds later if anything is left.
 */
function reapOnParentExit(pid: number): void {
  try {
    signal(pid, "SIGTERM");
    const watchdog = `setTimeout(() => { try { process.kill(-${pid}, "SIGKILL"); } catch {} }, ${TREE_EXIT_TIMEOUT_MS});`;
    spawn(process.execPath, ["-e", watchdog], { detached: true, stdio: "ignore" }).unref();
  } catch {
    signal(-pid, "SIGKILL");
  }
}
