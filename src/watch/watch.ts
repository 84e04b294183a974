// The file watcher of `reconcile --watch` and `dev`: chokidar on the
// repository root, pruned to what matters (see paths.ts), feeding the
// scheduler, which runs one reconcile cycle at a time.
//
// Editors that save by rename (vim, JetBrains) are handled by chokidar's
// `atomic` mode (an unlink followed by an add within 100 ms is one change)
// and, for what remains, by the debounce: whatever sequence of events a save
// makes, the cycle reads the files once they have settled.
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { watch, type FSWatcher } from "chokidar";
import { collectIncludePaths, WatchSet, type WatchEvent } from "./paths.js";
import { Scheduler, type Batch, type SchedulerTimers } from "./scheduler.js";

export interface WatchRepoOptions {
  /** The repository root, absolute. */
  dir: string;
  /** Quiet period after the last change (default 150 ms). */
  debounceMs?: number;
  /**
   * One reconcile of the repository. It reports its own outcome (a bad file,
   * an unreachable server); a throw is passed to onError and watching goes on.
   * Returns the `!file` paths of the assistants it loaded (repository-relative),
   * or null when the files could not be loaded: then they are found by a scan
   * of every assistant file that parses.
   */
  cycle: (batch: Batch) => Promise<string[] | null>;
  /** A change that will start (or join) a cycle; `path` is relative to the root. */
  onChange?: (event: WatchEvent, path: string) => void;
  /** A cycle threw, or the file system watcher failed; watching goes on. */
  onError?: (error: unknown) => void;
  /** Start with a cycle right away (default true). */
  initialCycle?: boolean;
  timers?: SchedulerTimers;
}

export interface RepoWatcher {
  /** Resolves once no cycle is running or pending. */
  idle(): Promise<void>;
  /** The `!file` paths watched right now, relative to the root. */
  includePaths(): string[];
  /** Cycles started so far. */
  cycles(): number;
  /** Stops watching; waits for the cycle in flight, never interrupts it. */
  close(): Promise<void>;
}

export async function watchRepo(options: WatchRepoOptions): Promise<RepoWatcher> {
  const set = new WatchSet(options.dir);
  set.setIncludes(await collectIncludePaths(options.dir));

  const watcher: FSWatcher = watch(options.dir, {
    ignoreInitial: true,
    ignored: (path: string) => set.ignores(path),
    atomic: true,
  });

  /**
   * Follow the `!file` references the cycle found. A path that does not exist
   * yet is watched for its creation. A new path written since the cycle
   * started (before it was watched) makes one more cycle.
   */
  const followIncludes = async (includes: string[] | null, cycleStartedAt: number): Promise<void> => {
    const added = set.setIncludes(includes ?? (await collectIncludePaths(options.dir)));
    if (added.length === 0) return;
    watcher.add(added.map((path) => join(options.dir, path)));
    for (const path of added) {
      const info = await stat(join(options.dir, path)).catch(() => null);
      if (info && info.mtimeMs >= cycleStartedAt) scheduler.notify(path);
    }
  };

  const scheduler = new Scheduler(
    async (batch) => {
      // File times are wall-clock, and may be coarse: a little slack.
      const startedAt = Date.now() - 1_000;
      await followIncludes(await options.cycle(batch), startedAt);
    },
    {
      ...(options.debounceMs !== undefined && { debounceMs: options.debounceMs }),
      ...(options.timers && { timers: options.timers }),
      onRunError: (error) => options.onError?.(error),
    },
  );

  watcher.on("all", (event: string, absolute: string) => {
    const kind = event as WatchEvent;
    if (!set.triggers(kind, absolute)) return;
    const path = set.relative(absolute) ?? absolute;
    options.onChange?.(kind, path);
    scheduler.notify(path);
  });
  watcher.on("error", (error: unknown) => options.onError?.(error));
  await new Promise<void>((resolve) => watcher.once("ready", () => resolve()));

  if (options.initialCycle ?? true) scheduler.runNow();

  let closing: Promise<void> | null = null;
  return {
    idle: () => scheduler.idle(),
    includePaths: () => set.includePaths(),
    cycles: () => scheduler.runCount,
    close() {
      closing ??= (async () => {
        await scheduler.stop();
        await watcher.close();
      })();
      return closing;
    },
  };
}
