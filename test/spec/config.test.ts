// assistantctl.yaml: defaults, strict keys, environments, codegen output.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRepoConfig, parseRepoConfigDocument } from "../../src/spec/index.js";
import { fixture, lines, rejectedLines, temporaryFolder } from "./helpers.js";

const FILE = "assistantctl.yaml";
const DEFAULTS = { owner: "default", environments: {}, codegen: { output: "schemas/index.ts" } };

function issuesOf(text: string): string[] {
  return lines(parseRepoConfigDocument(text).issues);
}

describe("loadRepoConfig", () => {
  it("uses every default when the file is absent", async () => {
    expect(await loadRepoConfig(fixture("duplicates"))).toEqual({ ...DEFAULTS, file: null });
  });

  it("reads a full config", async () => {
    expect(await loadRepoConfig(fixture("valid"))).toEqual({
      owner: "content-team",
      environments: {
        staging: { url: "http://localhost:2024", api_key_env: null },
        prod: { url: "https://writer.example.com", api_key_env: "LANGSMITH_API_KEY" },
      },
      codegen: { output: "generated/schemas.ts" },
      file: FILE,
    });
  });

  it("reports every problem with its position", async () => {
    expect(await rejectedLines(loadRepoConfig(fixture("config-invalid")))).toEqual([
      `${FILE}:1:8 owner: must be 1 to 128 characters: letters, digits, '.', '_' or '-', starting with a letter or digit (pattern ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$)`,
      `${FILE}:4:10 environments.prod.url: must be an http or https URL, such as https://my-deployment.example.com`,
      `${FILE}:5:5 environments.prod: unknown key "api_key" (did you mean "api_key_env"?)`,
      `${FILE}:7:5 environments.dev: missing required key "url"`,
      `${FILE}:9:11 codegen.output: "/abs/schemas.ts" is absolute; write it relative to the repository root`,
      `${FILE}:10:3 codegen: unknown key "format"`,
    ]);
  });

  it("refuses a config path that is a folder", async () => {
    const root = await temporaryFolder();
    await mkdir(join(root, FILE));
    expect(await rejectedLines(loadRepoConfig(root))).toEqual([`${FILE}:1:1 "${FILE}" is a folder, not a file`]);
  });

  it("reads a config with Windows line endings", async () => {
    const root = await temporaryFolder();
    await writeFile(join(root, FILE), "owner: team\r\nenvironments:\r\n  prod: { url: https://x.example.com }\r\n");
    expect((await loadRepoConfig(root)).environments).toEqual({ prod: { url: "https://x.example.com", api_key_env: null } });
  });
});

describe("parseRepoConfigDocument", () => {
  it("treats an empty file as all defaults", () => {
    expect(parseRepoConfigDocument("# settings come later\n")).toEqual({ config: { ...DEFAULTS, file: FILE }, issues: [] });
  });

  it("rejects unknown top-level keys with a suggestion", () => {
    expect(issuesOf("ownr: me\nenvironment: {}\n")).toEqual([
      `${FILE}:1:1 unknown key "ownr" (did you mean "owner"?)`,
      `${FILE}:2:1 unknown key "environment" (did you mean "environments"?)`,
    ]);
  });

  it("rejects a top level that is not a mapping", () => {
    expect(issuesOf("- owner\n")).toEqual([`${FILE}:1:1 expected a mapping, got a list`]);
  });

  it("checks environment names, URLs and variable names", () => {
    const text = [
      "environments:",
      '  "prod env": { url: https://x.example.com }',
      "  a: { url: localhost:2024 }",
      "  b: { url: https://x.example.com, api_key_env: my key }",
      "  c: { url: https://x.example.com, api_key_env: lsv2_pt_0123456789abcdef }",
      "  d: https://x.example.com",
      "",
    ].join("\n");
    expect(issuesOf(text)).toEqual([
      `${FILE}:2:3 environments: key "prod env" is not a valid environment name: it must be 1 to 128 characters: letters, digits, '.', '_' or '-', starting with a letter or digit (pattern ^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$)`,
      `${FILE}:3:13 environments.a.url: must be an http or https URL, such as https://my-deployment.example.com`,
      `${FILE}:4:49 environments.b.api_key_env: must be the name of an environment variable (letters, digits and '_'), not the key itself`,
      `${FILE}:5:49 environments.c.api_key_env: looks like an API key; store it in an environment variable and name that variable here`,
      `${FILE}:6:6 environments.d: expected a mapping, got a string ("https://x.example.com")`,
    ]);
  });

  it("keeps codegen.output inside the repository and normalises it", () => {
    expect(parseRepoConfigDocument("codegen: { output: ./gen//types.ts }\n").config?.codegen).toEqual({ output: "gen/types.ts" });
    expect(issuesOf("codegen: { output: ../types.ts }\n")).toEqual([`${FILE}:1:20 codegen.output: "../types.ts" leads outside the repository`]);
    expect(issuesOf("codegen: { output: gen/ }\n")).toEqual([
      `${FILE}:1:20 codegen.output: "gen/" names a folder; name the file to write, such as schemas/index.ts`,
    ]);
    expect(issuesOf('codegen: { output: "" }\n')).toEqual([`${FILE}:1:20 codegen.output: must not be empty`]);
  });

  it("reports YAML errors with their location", () => {
    expect(issuesOf("owner: a\nowner: b\n")).toEqual([`${FILE}:2:1 duplicate key "owner" (first set at line 1, column 1)`]);
    expect(issuesOf("owner: a\n---\nowner: b\n")).toEqual([
      `${FILE}:2:1 a second YAML document starts here; a file holds exactly one (remove the "---")`,
    ]);
  });
});
