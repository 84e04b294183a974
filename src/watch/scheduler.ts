// When to run a reconcile in watch mode: after a quiet period (debounce),
// never two at once (single flight), and at most one rerun queued behind the
// running one, so a burst of saves becomes one or two runs, never a pile-up.
//
// Pure logic over injectable timers and clock, so its tests are deterministic.

export interface SchedulerTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Milliseconds, monotonic. */
  now(): number;
}

export const realTimers: SchedulerTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

/** What a run is for: the changes seen since the previous run started. */
export interface Batch {
  /** Run number, from 1. */
  index: number;
  /** What changed (paths, as the watcher reported them), de-duplicated, in order; empty for an explicit run. */
  reasons: string[];
  /** When the first of these changes was seen (timers.now()); null for an explicit run. */
  firstChangeAt: number | null;
}

export interface SchedulerOptions {
  /** Quiet period after the last change before a run starts (default 150). */
  debounceMs?: number;
  timers?: SchedulerTimers;
  /** A run threw: the scheduler carries on (the run should report its own errors). */
  onRunError?: (error: unknown) => void;
}

export const DEFAULT_DEBOUNCE_MS = 150;

export class Scheduler {
  private readonly debounceMs: number;
  private readonly timers: SchedulerTimers;
  private readonly onRunError: ((error: unknown) => void) | undefined;
  private timer: unknown = null;
  private running: Promise<void> | null = null;
  /** A debounce ended while a run was going: run again as soon as it ends. */
  private queued = false;
  private reasons = new Set<string>();
  private firstChangeAt: number | null = null;
  private runs = 0;
  private stopped = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly run: (batch: Batch) => Promise<void>,
    options: SchedulerOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? DEFAULT_DEBOUNCE_MS;
    this.timers = options.timers ?? realTimers;
    this.onRunError = options.onRunError;
  }

  /** Runs started so far. */
  get runCount(): number {
    return this.runs;
  }

  /** Something changed: (re)start the quiet period. */
  notify(reason: string): void {
    if (this.stopped) return;
    this.reasons.add(reason);
    this.firstChangeAt ??= this.timers.now();
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.due();
    }, this.debounceMs);
  }

  /** Run as soon as possible, without a quiet period (the first reconcile). */
  runNow(): void {
    if (this.stopped) return;
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    this.due();
  }

  /** Resolves once nothing is running, queued or waiting for its quiet period. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** No more runs; waits for the one in flight (it is never interrupted halfway). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.queued = false;
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.running) await this.running;
    this.settleIdle();
  }

  private isIdle(): boolean {
    return this.running === null && this.timer === null && !this.queued;
  }

  private due(): void {
    if (this.running) this.queued = true;
    else this.start();
  }

  private start(): void {
    const batch: Batch = { index: ++this.runs, reasons: [...this.reasons], firstChangeAt: this.firstChangeAt };
    this.reasons = new Set();
    this.firstChangeAt = null;
    this.running = this.execute(batch);
  }

  private async execute(batch: Batch): Promise<void> {
    try {
      await this.run(batch);
    } catch (error) {
      this.onRunError?.(error);
    }
    this.running = null;
    if (this.queued && !this.stopped) {
      this.queued = false;
      // Changes are still arriving: their own quiet period will start the
      // rerun; starting now as well would make one run too many.
      if (this.timer === null) this.start();
    }
    this.settleIdle();
  }

  private settleIdle(): void {
    if (!this.isIdle() && !this.stopped) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
