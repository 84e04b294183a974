// The built binary, as users and CI scripts run it (npm test builds first).
import { execFile } from "node:child_process";
import { resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const BIN = resolve(import.meta.dirname, "..", "..", "dist", "cli", "bin.js");
const ROOT = resolve(import.meta.dirname, "..", "..");

async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: "1", LANGGRAPH_API_URL: "", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe("the assistantctl binary", () => {
  it("prints help with every command and exits 0", async () => {
    const { code, stdout } = await run(["--help"]);
    expect(code).toBe(0);
    for (const command of ["reconcile", "plan", "apply", "validate", "schemas", "codegen", "history", "dev"]) {
      expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    }
  });

  it("exits 1 on an unknown command or flag", async () => {
    expect((await run(["frobnicate"])).code).toBe(1);
    expect((await run(["reconcile", "--no-such-flag"])).code).toBe(1);
  });

  it("validates the repository's own assistants offline, without colour when NO_COLOR is set", async () => {
    const { code, stdout } = await run(["validate"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/assistants valid/);
    expect(stdout).not.toContain("\u001b[");
  });

  it("refuses to run without a deployment URL", async () => {
    const { code, stderr } = await run(["plan"]);
    expect(code).toBe(1);
    expect(stderr).toContain("no deployment given");
  });
});
