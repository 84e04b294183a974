// `assistantctl reconcile --watch` and `assistantctl dev`: reconcile, then
// reconcile again on every save, until Ctrl-C.
//
// Each cycle is what `reconcile` does (load the files, check them against
// the committed graph schemas, plan against the deployment, apply the
// difference), so an invalid intermediate save applies nothing and the
// deployment keeps its last good state. A cycle's failure is printed and
// watching goes on; only a bad command line or a server that cannot start
// ends the command.
import { InvalidArgumentError } from "commander";
import { resolve } from "node:path";
import { UserError } from "../../errors.js";
import { GitRepo } from "../../git/index.js";
import type { LocalServer } from "../../local/index.js";
import { reconcileDesired } from "../../reconcile.js";
import { LangGraphClient } from "../../remote/index.js";
import { DEFAULT_CODEGEN_OUTPUT, DEFAULT_OWNER, loadRepoConfig, openRepository, type RepoConfig } from "../../spec/index.js";
import { WatchReporter } from "../../watch/output.js";
import type { Batch } from "../../watch/scheduler.js";
import { watchRepo } from "../../watch/watch.js";
import { loadValidatedRepo } from "../../validated-repo.js";
import { gitContext, refuseUncommittedApply } from "../gitflow.js";
import { stderrStyle, stdoutStyle, type CliIo } from "../io.js";
import { resolveTarget, type Target } from "../target.js";
import { startEmbedded } from "../embedded.js";
import type { ReconcileFlags } from "./reconcile.js";

/** The flags watch mode adds to reconcile's. */
export interface WatchOnlyFlags {
  watch?: boolean;
  /** Quiet period after the last save, in ms (default 150). */
  debounce?: number;
  /** `dev`: where the embedded server keeps its state. */
  stateDir?: string;
  /** `dev`: the embedded server's port (default: a free one). */
  port?: number;
  debug?: boolean;
}

export type WatchFlags = ReconcileFlags & WatchOnlyFlags;

export type DevFlags = Pick<ReconcileFlags, "dir" | "prune" | "output" | "concurrency" | "langgraphConfig" | "verbose"> &
  Pick<WatchOnlyFlags, "debounce" | "stateDir" | "port" | "debug">;

export const STUDIO_URL = "https://smith.langchain.com/studio/";

export function studioLink(serverUrl: string): string {
  return `${STUDIO_URL}?baseUrl=${serverUrl}`;
}

/** `assistantctl dev`: the embedded server for the repo's langgraph.json, reconciled and watched. */
export function runDev(flags: DevFlags, io: CliIo): Promise<number> {
  return runWatch({ ...flags, dryRun: false, detailedExitcode: false, local: true, watch: true }, io);
}

export async function runWatch(flags: WatchFlags, io: CliIo): Promise<number> {
  if (flags.dryRun) throw new UserError("--watch applies every save: it cannot be combined with --dry-run (run `plan` instead)");
  if (flags.detailedExitcode) throw new UserError("--detailed-exitcode is for a dry run: it has no meaning with --watch");
  if (flags.output !== "text" && flags.output !== "json") throw new UserError(`--output ${flags.output} reports one run: with --watch use text or json (one JSON document per line per cycle)`);
  if (flags.out !== undefined) throw new UserError("--out saves the plan of one dry run: it cannot be combined with --watch");
  if (flags.local && (flags.url !== undefined || flags.env !== undefined)) {
    throw new UserError("the embedded server cannot be combined with --url or --env");
  }
  const dir = resolve(io.cwd, flags.dir);
  // A missing folder would read as "no assistants" forever: refuse it up front.
  await openRepository(dir);
  const json = flags.output === "json";
  const human = json ? { stream: io.stderr, style: stderrStyle(io) } : { stream: io.stdout, style: stdoutStyle(io) };
  const stop = stopSignal(io);

  let local: LocalServer | null = null;
  try {
    let target: Target;
    if (flags.local) {
      local = await startEmbedded(dir, flags, io);
      target = { url: local.url, apiKey: null, environment: null };
      human.stream.write(`${human.style.bold("LangGraph dev server:")} ${local.url}\n`);
      human.stream.write(`${human.style.bold("Studio:")} ${studioLink(local.url)}\n`);
    } else {
      // An environment's URL comes from assistantctl.yaml, which must be valid
      // to start with; a plain URL needs no file at all.
      target = resolveTarget(flags, flags.env !== undefined ? await loadRepoConfig(dir) : NO_CONFIG, io.env);
    }
    if (stop.requested()) return 0;

    const api = new LangGraphClient({ url: target.url, apiKey: target.apiKey });
    const gitRepo = await GitRepo.open(dir);
    const reporter = new WatchReporter({
      out: io.stdout,
      outStyle: stdoutStyle(io),
      err: io.stderr,
      errStyle: stderrStyle(io),
      json,
      verbose: flags.verbose,
      debug: flags.debug ?? false,
      url: target.url,
    });

    const cycle = async (batch: Batch): Promise<string[] | null> => {
      const started = performance.now();
      let includes: string[] | null = null;
      reporter.cycleStart(batch);
      try {
        // As `reconcile` reads it, but warnings are printed only when they
        // change, not on every save.
        const repo = await loadValidatedRepo(dir);
        includes = repo.assistants.flatMap((assistant) => assistant.source.includes);
        reporter.warnings(repo.warnings);
        // Provenance and the dirty-tree rule as `reconcile` has them.
        const git = await gitContext(dir, repo.assistants, io.env, gitRepo);
        refuseUncommittedApply(flags, git);
        const result = await reconcileDesired({
          dir,
          config: repo.config,
          desired: repo.assistants,
          api,
          dryRun: false,
          prune: flags.prune,
          concurrency: flags.concurrency,
          provenance: git.provenance,
          onPlan: (plan) => reporter.plan(plan),
          onResult: (change) => reporter.result(change, performance.now() - started),
        });
        reporter.cycleEnd(batch, result, performance.now() - started);
      } catch (error) {
        reporter.failure(batch, error, performance.now() - started);
      }
      return includes;
    };

    const watcher = await watchRepo({
      dir,
      ...(flags.debounce !== undefined && { debounceMs: flags.debounce }),
      cycle,
      onError: (error) => reporter.failure({ index: 0, reasons: [], firstChangeAt: null }, error, 0),
    });
    await watcher.idle();
    reporter.note(`Watching ${dir} for changes (assistants/, schemas/, assistantctl.yaml and the files they include); Ctrl-C to stop.`);

    await stop.promise;
    reporter.note("Stopping: waiting for the running reconcile, if any ...");
    await watcher.close();
    return 0;
  } finally {
    stop.dispose();
    if (local) {
      io.stderr.write(stderrStyle(io).dim("Stopping the embedded LangGraph server (its state is saved) ...") + "\n");
      await local.stop();
    }
  }
}

/** Settings for a target given by URL: no file needed. */
const NO_CONFIG: RepoConfig = { owner: DEFAULT_OWNER, environments: {}, codegen: { output: DEFAULT_CODEGEN_OUTPUT }, file: null };

interface StopSignal {
  promise: Promise<void>;
  requested(): boolean;
  dispose(): void;
}

/**
 * The first SIGINT (Ctrl-C) or SIGTERM stops cleanly: the running cycle
 * finishes, then the embedded server gets its SIGTERM and saves its state.
 * A second one exits at once (the embedded server is still sent SIGTERM by
 * its exit hook).
 */
function stopSignal(io: CliIo): StopSignal {
  let requested = false;
  let resolveStop: () => void = () => {};
  const promise = new Promise<void>((resolvePromise) => (resolveStop = resolvePromise));
  const onSignal = (name: NodeJS.Signals) => {
    if (requested) {
      io.stderr.write(`Received ${name} again: exiting now.\n`);
      process.exit(130);
    }
    requested = true;
    resolveStop();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  return {
    promise,
    requested: () => requested,
    dispose: () => {
      process.removeListener("SIGINT", onSignal);
      process.removeListener("SIGTERM", onSignal);
    },
  };
}

/** `--debounce MS`: 0 to 60 000. */
export function parseDebounce(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 60_000) throw new InvalidArgumentError("expected milliseconds, a whole number from 0 to 60000");
  return parsed;
}

/** `--port N`: 1 to 65 535. */
export function parsePort(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 65_535) throw new InvalidArgumentError("expected a port number from 1 to 65535");
  return parsed;
}
