// `assistantctl validate --output json`: one document, for valid and invalid input alike.
import { describe, expect, it } from "vitest";
import { cli, tempRepo } from "../support/repo.js";

describe("validate --output json", () => {
  it("lists the assistants and the warnings (a graph without a committed schema), exit 0", async () => {
    const repo = await tempRepo({ "assistants/a.yaml": "name: a\ngraph: writer\n" });
    const run = await cli(["validate", "--dir", repo.dir, "--output", "json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      format_version: 1,
      valid: true,
      assistants: [{ name: "a", graph: "writer", file: "assistants/a.yaml" }],
      errors: [],
      warnings: [
        {
          file: "assistants/a.yaml",
          line: 2,
          col: 8,
          severity: "warning",
          message: expect.stringContaining('graph "writer" has no committed schema'),
        },
      ],
    });
  });

  it("reports every error with its place, exit 1", async () => {
    const repo = await tempRepo({ "assistants/a.yaml": "name: a\ngrpah: writer\n" });
    const run = await cli(["validate", "--dir", repo.dir, "--output", "json"]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).errors).toEqual([
      { file: "assistants/a.yaml", line: 1, col: 1, severity: "error", message: 'missing required key "graph"' },
      { file: "assistants/a.yaml", line: 2, col: 1, severity: "error", message: 'unknown key "grpah" (did you mean "graph"?)' },
    ]);
  });
});
