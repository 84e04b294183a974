// The watch scheduler on fake timers: debounce, single flight, at most one
// queued rerun. Deterministic: time only moves when the test says so.
import { describe, expect, it } from "vitest";
import { Scheduler, type Batch, type SchedulerTimers } from "../../src/watch/scheduler.js";

class FakeTimers implements SchedulerTimers {
  private time = 0;
  private nextId = 1;
  private pending = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.pending.set(id, { at: this.time + ms, callback });
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  now(): number {
    return this.time;
  }

  /** Move time forward, firing due timers in order, letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await flush();
      const due = [...this.pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.time = due[1].at;
      due[1].callback();
    }
    this.time = end;
    await flush();
  }
}

async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A run the test finishes by hand. */
function controlledRuns() {
  const batches: Batch[] = [];
  const finishers: (() => void)[] = [];
  let active = 0;
  let maxActive = 0;
  const run = (batch: Batch) =>
    new Promise<void>((resolve) => {
      batches.push(batch);
      active++;
      maxActive = Math.max(maxActive, active);
      finishers.push(() => {
        active--;
        resolve();
      });
    });
  return {
    run,
    batches,
    finishNext: () => finishers.shift()?.(),
    get running() {
      return active;
    },
    get maxActive() {
      return maxActive;
    },
  };
}

describe("Scheduler", () => {
  it("runs once after the quiet period that follows the last of a burst of changes", async () => {
    const timers = new FakeTimers();
    const runs = controlledRuns();
    const scheduler = new Scheduler(runs.run, { debounceMs: 150, timers });

    // 20 saves within 200 ms.
    for (let i = 0; i < 20; i++) {
      scheduler.notify(i % 2 ? "assistants/a.yaml" : "assistants/prompts/a.md");
      await timers.advance(10);
    }
    expect(runs.batches).toHaveLength(0);
    await timers.advance(139);
    expect(runs.batches).toHaveLength(0);
    await timers.advance(1);
    expect(runs.batches).toHaveLength(1);
    expect(runs.batches[0]).toEqual({ index: 1, reasons: ["assistants/prompts/a.md", "assistants/a.yaml"], firstChangeAt: 0 });
  });

  it("never runs two at once and queues at most one rerun, whatever arrives meanwhile", async () => {
    const timers = new FakeTimers();
    const runs = controlledRuns();
    const scheduler = new Scheduler(runs.run, { debounceMs: 100, timers });

    scheduler.runNow();
    expect(runs.batches).toHaveLength(1);
    // Five separate quiet periods end while the first run is still going.
    for (let i = 0; i < 5; i++) {
      scheduler.notify(`f${i}`);
      await timers.advance(150);
    }
    expect(runs.running).toBe(1);
    expect(runs.batches).toHaveLength(1);

    runs.finishNext();
    await timers.advance(0);
    // Exactly one rerun, carrying every change seen meanwhile.
    expect(runs.batches).toHaveLength(2);
    expect(runs.batches[1]?.reasons).toEqual(["f0", "f1", "f2", "f3", "f4"]);
    runs.finishNext();
    await timers.advance(1000);
    expect(runs.batches).toHaveLength(2);
    expect(runs.maxActive).toBe(1);
    await scheduler.idle();
  });

  it("leaves the rerun to a quiet period still under way when the run ends", async () => {
    const timers = new FakeTimers();
    const runs = controlledRuns();
    const scheduler = new Scheduler(runs.run, { debounceMs: 100, timers });

    scheduler.runNow();
    scheduler.notify("a");
    await timers.advance(100); // quiet period over while running: queued
    scheduler.notify("b"); // and another burst is starting
    await timers.advance(50);
    runs.finishNext();
    await timers.advance(0);
    expect(runs.batches).toHaveLength(1); // not yet: "b" is still settling
    await timers.advance(50);
    expect(runs.batches).toHaveLength(2);
    expect(runs.batches[1]?.reasons).toEqual(["a", "b"]);
    runs.finishNext();
    await timers.advance(1000);
    expect(runs.batches).toHaveLength(2);
  });

  it("keeps going after a run throws, and reports the error", async () => {
    const timers = new FakeTimers();
    const errors: unknown[] = [];
    let calls = 0;
    const scheduler = new Scheduler(
      async () => {
        calls++;
        if (calls === 1) throw new Error("boom");
      },
      { debounceMs: 10, timers, onRunError: (error) => errors.push(error) },
    );
    scheduler.notify("x");
    await timers.advance(10);
    scheduler.notify("y");
    await timers.advance(10);
    expect(calls).toBe(2);
    expect(errors).toEqual([new Error("boom")]);
  });

  it("idle() waits for the run in flight and the pending one; stop() cancels what has not started", async () => {
    const timers = new FakeTimers();
    const runs = controlledRuns();
    const scheduler = new Scheduler(runs.run, { debounceMs: 100, timers });

    let idle = false;
    scheduler.runNow();
    void scheduler.idle().then(() => (idle = true));
    scheduler.notify("a");
    await timers.advance(100);
    runs.finishNext();
    await timers.advance(0);
    expect(idle).toBe(false); // the queued rerun is running now
    runs.finishNext();
    await timers.advance(0);
    expect(idle).toBe(true);

    scheduler.notify("b");
    let stopped = false;
    void scheduler.stop().then(() => (stopped = true));
    await timers.advance(1000);
    expect(stopped).toBe(true);
    expect(runs.batches).toHaveLength(2);
    scheduler.notify("c");
    await timers.advance(1000);
    expect(runs.batches).toHaveLength(2);
  });
});
