// What watch mode prints, cycle after cycle.
import { describe, expect, it } from "vitest";
import { RemoteError, SpecError } from "../../src/errors.js";
import type { Change, ChangeResult, Plan } from "../../src/model.js";
import type { ReconcileResult } from "../../src/reconcile.js";
import { plainStyle } from "../../src/render/style.js";
import { WatchReporter } from "../../src/watch/output.js";
import type { Batch } from "../../src/watch/scheduler.js";

function change(action: Change["action"], name: string, extra: Partial<Change> = {}): Change {
  return {
    action,
    name,
    graph: "writer",
    assistant_id: `id-${name}`,
    file: action === "delete" ? null : `assistants/${name}.yaml`,
    from_version: 4,
    to_version: action === "update" ? 5 : null,
    from_updated_at: null,
    diff: [],
    ...(action === "delete" ? { prune: false } : {}),
    ...extra,
  } as Change;
}

function plan(changes: Change[]): Plan {
  const count = (action: Change["action"]) => changes.filter((c) => c.action === action).length;
  return {
    owner: "o",
    changes,
    summary: { create: count("create"), update: count("update"), set_latest: count("set-latest"), delete: count("delete"), noop: count("noop"), unpruned: 0 },
  };
}

function setup(json = false) {
  let out = "";
  let err = "";
  const reporter = new WatchReporter({
    out: { write: (text: string) => (out += text) },
    outStyle: plainStyle,
    err: { write: (text: string) => (err += text) },
    errStyle: plainStyle,
    json,
    verbose: false,
    debug: false,
    url: "http://server",
    clock: () => new Date(2026, 0, 2, 12, 3, 4),
  });
  let index = 0;
  /** One cycle: results as [change, outcome] pairs, all applied unless said. */
  const cycle = (changes: Change[], results: ChangeResult[], elapsedMs = 84) => {
    const batch: Batch = { index: ++index, reasons: ["assistants/prompts/a.md"], firstChangeAt: 0 };
    const p = plan(changes);
    reporter.cycleStart(batch);
    reporter.plan(p);
    for (const result of results) reporter.result(result, elapsedMs);
    const result: ReconcileResult = { plan: p, applied: { results, ok: results.every((r) => r.outcome.status !== "failed") } };
    reporter.cycleEnd(batch, result, elapsedMs);
  };
  const fail = (error: unknown) => reporter.failure({ index: ++index, reasons: [], firstChangeAt: 0 }, error, 12);
  return { reporter, cycle, fail, out: () => out, err: () => err, reset: () => ((out = ""), (err = "")) };
}

const applied = (c: Change, version: number | null = 5): ChangeResult => ({ change: c, outcome: { status: "applied", version, repaired: false }, elapsed_ms: 3 });
const skipped = (c: Change): ChangeResult => ({ change: c, outcome: { status: "skipped", reason: "its file is gone" }, elapsed_ms: 0 });

describe("WatchReporter", () => {
  it("prints the full plan once, then one time-stamped line per change, and 'in sync' for a save that changed nothing", () => {
    const io = setup();
    const created = change("create", "blog-writer", { to_version: 1, from_version: null });
    io.cycle([created], [applied(created, 1)]);
    expect(io.out()).toContain('Plan for http://server (owner "o")');
    expect(io.out()).toContain("  ✓ created blog-writer v1 (84 ms)\n");
    expect(io.out()).toContain("Applied 1 change in 84 ms.");

    io.reset();
    const updated = change("update", "blog-writer");
    io.cycle([updated], [applied(updated)]);
    expect(io.out()).toBe("12:03:04 ✓ updated blog-writer v5 (84 ms)\n");

    io.reset();
    io.cycle([change("noop", "blog-writer")], [], 9);
    expect(io.out()).toBe("12:03:04 in sync (9 ms)\n");
  });

  it("reports an assistant whose file is gone once, not on every save", () => {
    const io = setup();
    io.cycle([], []);
    io.reset();
    const gone = change("delete", "old-bot");
    io.cycle([gone], [skipped(gone)]);
    expect(io.out()).toBe("12:03:04 · old-bot: its file is gone; kept (run with --prune to delete it)\n");
    io.reset();
    io.cycle([gone], [skipped(gone)], 7);
    expect(io.out()).toBe("12:03:04 in sync (7 ms)\n");
  });

  it("prints invalid files with their location, an unreachable server and a failed change on stderr", () => {
    const io = setup();
    io.fail(new SpecError([{ location: { file: "assistants/a.yaml", line: 4, col: 15 }, message: "YAML syntax error: x", severity: "error" }]));
    expect(io.err()).toBe(
      "12:03:04 ✗ 1 error in the input files; nothing applied (the deployment keeps its last good state):\n" +
        "    assistants/a.yaml:4:15 YAML syntax error: x\n",
    );
    io.reset();
    io.fail(new RemoteError("cannot reach http://server: connection refused", { method: "POST", path: "/assistants/search", status: null, mayHaveLanded: false }));
    expect(io.err()).toBe("12:03:04 ✗ server unreachable (cannot reach http://server: connection refused); will retry on the next change\n");

    io.reset();
    io.cycle([], []);
    io.reset();
    const updated = change("update", "blog-writer");
    io.cycle([updated], [{ change: updated, outcome: { status: "failed", error: "HTTP 500" }, elapsed_ms: 1 }]);
    expect(io.out()).toBe(
      "12:03:04 ✗ update blog-writer failed: HTTP 500 (84 ms)\n12:03:04 not everything was applied; will retry on the next change\n",
    );
  });

  it("--output json: one JSON document per line per cycle on stdout", () => {
    const io = setup(true);
    const updated = change("update", "blog-writer");
    io.cycle([updated], [applied(updated)]);
    io.fail(new SpecError([{ location: { file: "assistants/a.yaml", line: 1, col: 2 }, message: "bad", severity: "error" }]));
    const lines = io.out().trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ format_version: 1, changes: [{ name: "blog-writer", action: "update", result: { status: "applied" } }], watch: { cycle: 1, elapsed_ms: 84 } });
    expect(lines[1]).toMatchObject({ format_version: 1, errors: [{ file: "assistants/a.yaml", line: 1, col: 2, message: "bad" }], watch: { cycle: 2 } });
    expect(io.err()).toContain("assistants/a.yaml:1:2 bad");
  });
});
