// `reconcile --local` (what `npm start` runs): the embedded server is started,
// reconciled into and stopped cleanly, so its state survives to the next run.
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { JsonReport } from "../../src/render/json.js";
import { TMP_ROOT, cli, tempRepo } from "../support/repo.js";

const EXAMPLE_CONFIG = resolve(import.meta.dirname, "..", "..", "example", "langgraph.json");

describe("reconcile --local", () => {
  it("applies into the embedded server, stops it with its state saved, and the next run is all noop", async () => {
    const repo = await tempRepo({
      "assistants/a.yaml": "name: local-a\ngraph: writer\ncontext:\n  model_name: echo\n  system_prompt: !file a.md\n",
      "assistants/a.md": "Hello.\n",
    });
    const stateDir = join(TMP_ROOT, "local-state", repo.owner);
    const args = ["reconcile", "--local", "--dir", repo.dir, "--langgraph-config", EXAMPLE_CONFIG, "--state-dir", stateDir, "--output", "json"];

    const first = await cli(args);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/Embedded LangGraph server at http:\/\/127\.0\.0\.1:\d+/);
    expect((JSON.parse(first.stdout) as JsonReport).changes.map((c) => [c.name, c.action])).toEqual([["local-a", "create"]]);

    const second = await cli(args);
    expect(second.code).toBe(0);
    expect((JSON.parse(second.stdout) as JsonReport).changes.map((c) => [c.name, c.action])).toEqual([["local-a", "noop"]]);
  });

  it("refuses --local together with --url", async () => {
    const repo = await tempRepo();
    const run = await cli(["reconcile", "--local", "--url", "http://127.0.0.1:1", "--dir", repo.dir]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("cannot be combined with --url or --env");
  });
});
