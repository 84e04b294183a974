// On GitHub Actions, problems in files become annotations on the PR's diff.
import { describe, expect, it } from "vitest";
import { githubAnnotation } from "../../src/cli/io.js";
import { cli, tempRepo } from "../support/repo.js";

const BROKEN = "name: broken\ngraph: writer\ncontext:\n  model_name: [unclosed\n";

describe("GitHub annotations", () => {
  it("validate prints ::error file=...,line=...,col=...::message when GITHUB_ACTIONS=true", async () => {
    const repo = await tempRepo({ "assistants/broken.yaml": BROKEN, "assistants/typo.yaml": "name: typo\ngraph: writer\ndescriptoin: x\n" });
    const run = await cli(["validate", "--dir", repo.dir], { GITHUB_ACTIONS: "true" });
    expect(run.code).toBe(1);
    const annotations = run.stdout.split("\n").filter((line) => line.startsWith("::"));
    expect(annotations.length).toBeGreaterThanOrEqual(2);
    expect(annotations.some((a) => /^::error file=assistants\/broken\.yaml,line=\d+,col=\d+::\S/.test(a))).toBe(true);
    expect(annotations).toContainEqual(expect.stringMatching(/^::error file=assistants\/typo\.yaml,line=3,col=1::.*descriptoin/));
    // The same problems, for people, on stderr.
    expect(run.stderr).toMatch(/^assistants\/typo\.yaml:3:1 /m);
  });

  it("are not printed outside GitHub Actions, and go to stderr with --output json", async () => {
    const repo = await tempRepo({ "assistants/broken.yaml": BROKEN });
    const plain = await cli(["validate", "--dir", repo.dir]);
    expect(plain.stdout + plain.stderr).not.toContain("::error");
    const json = await cli(["validate", "--dir", repo.dir, "--output", "json"], { GITHUB_ACTIONS: "true" });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ format_version: 1, errors: [{ file: "assistants/broken.yaml" }] });
    expect(json.stderr).toMatch(/^::error file=assistants\/broken\.yaml,/m);
  });

  it("escape what would end the command early", () => {
    const annotation = githubAnnotation({
      location: { file: "assistants/a,b:c.yaml", line: 2, col: 5 },
      message: "100% wrong\nsecond line",
      severity: "warning",
    });
    expect(annotation).toBe("::warning file=assistants/a%2Cb%3Ac.yaml,line=2,col=5::100%25 wrong%0Asecond line");
  });
});
