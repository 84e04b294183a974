// `!file`: exact text in, nothing outside the repository, errors at the node.
import { mkdir, symlink } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadAssistants, parseRepoConfigDocument, resolveIncludePath } from "../../src/spec/index.js";
import { fixture, issuesOf, lines, parse, rejectedLines, temporaryFolder, writeFiles } from "./helpers.js";

const FILE = "assistants/test.yaml";

function withPrompt(reference: string): string {
  return `name: a\ngraph: g\ncontext:\n  system_prompt: !file ${reference}\n`;
}

describe("!file text", () => {
  it.each([
    ["a trailing newline", "Be brief.\n"],
    ["no trailing newline", "Be brief."],
    ["CRLF line endings", "Line one\r\nLine two\r\n"],
    ["an empty file", ""],
    ["a byte-order mark and unicode", "\uFEFFhéllo 👋\n"],
  ])("keeps %s exactly", (_label, text) => {
    const { assistant, issues } = parse(withPrompt("../prompts/p.md"), { "prompts/p.md": text });
    expect(issues).toEqual([]);
    expect(assistant?.context).toEqual({ system_prompt: text });
  });

  it("works wherever a string may appear, relative to the YAML file", () => {
    const files = { "assistants/team/desc.txt": "D", "assistants/team/v.txt": "V", "shared/tag.txt": "T" };
    const text = [
      "name: a",
      "graph: g",
      "description: !file desc.txt",
      "config:",
      "  configurable: { x: !file v.txt }",
      "  tags: [!file ../../shared/tag.txt]",
      "metadata: { note: !file './v.txt' }",
      "",
    ].join("\n");
    const { assistant, issues } = parse(text, files, "assistants/team/a.yaml");
    expect(issues).toEqual([]);
    expect(assistant).toMatchObject({ description: "D", config: { configurable: { x: "V" }, tags: ["T"] }, metadata: { note: "V" } });
    expect(assistant?.source.includes).toEqual(["assistants/team/desc.txt", "assistants/team/v.txt", "shared/tag.txt"]);
  });
});

describe("!file paths refused without a filesystem", () => {
  it("reports a missing file at the !file node", () => {
    expect(issuesOf(withPrompt("../prompts/nope.md"))).toEqual([`${FILE}:4:24 !file "prompts/nope.md" does not exist`]);
  });

  it("refuses a .. escape", () => {
    expect(issuesOf(withPrompt("../../secret.md"))).toEqual([`${FILE}:4:24 !file path "../../secret.md" leads outside the repository`]);
    expect(issuesOf(withPrompt("../assistants/../../x"))).toEqual([`${FILE}:4:24 !file path "../assistants/../../x" leads outside the repository`]);
  });

  it("refuses absolute paths, POSIX and Windows", () => {
    expect(issuesOf(withPrompt("/etc/passwd"))).toEqual([`${FILE}:4:24 !file path "/etc/passwd" is absolute; write it relative to this YAML file`]);
    expect(issuesOf(withPrompt("'C:\\prompts\\a.md'"))).toEqual([
      `${FILE}:4:24 !file path "C:\\prompts\\a.md" is absolute; write it relative to this YAML file`,
    ]);
  });

  it("refuses !file on a mapping or a list, and without a path", () => {
    expect(issuesOf("name: a\ngraph: g\ncontext:\n  a: !file { path: x }\n  b: !file [x]\n  c: !file\n  d: !file ''\n")).toEqual([
      `${FILE}:4:12 !file takes a path written as a string, not a mapping`,
      `${FILE}:5:12 !file takes a path written as a string, not a list`,
      `${FILE}:6:11 !file needs a path to a file, relative to this YAML file`,
      `${FILE}:7:12 !file needs a path to a file, relative to this YAML file`,
    ]);
  });

  it("refuses !file as a key", () => {
    expect(issuesOf("name: a\ngraph: g\ncontext:\n  !file k.txt: v\n")).toEqual([`${FILE}:4:9 a key must be a string, but this one is a !file value`]);
  });

  it("is refused in the repository config", () => {
    expect(lines(parseRepoConfigDocument("owner: !file owner.txt\n").issues)).toEqual([
      "assistantctl.yaml:1:14 !file is only supported in assistant files",
    ]);
  });

  it("resolves paths against the YAML file's folder", () => {
    expect(resolveIncludePath("assistants/team/a.yaml", "./p.md")).toEqual({ path: "assistants/team/p.md" });
    expect(resolveIncludePath("assistants/a.yaml", "../prompts//x/../p.md")).toEqual({ path: "prompts/p.md" });
    expect(resolveIncludePath("assistants/a.yaml", "../..")).toEqual({ problem: '!file path "../.." leads outside the repository' });
  });
});

describe("!file on disk", () => {
  it("reads nested, spaced and repeated includes exactly", async () => {
    const [ok] = await loadAssistants(fixture("includes-ok"));
    expect(ok).toMatchObject({
      description: "short, no trailing newline",
      context: { nested: "# Deep\n\nline two\n", again: "short, no trailing newline" },
      metadata: { note: "spaced\n" },
    });
    expect(ok?.source.includes).toEqual(["prompts/short.txt", "prompts/nested/deep.md", "prompts/with space.md"]);
  });

  it("reports every bad include at its node", async () => {
    expect(await rejectedLines(loadAssistants(fixture("includes-bad")))).toEqual([
      `assistants/bad.yaml:4:18 !file "prompts/missing.md" does not exist`,
      `assistants/bad.yaml:5:17 !file path "../../outside.md" leads outside the repository`,
      `assistants/bad.yaml:6:19 !file path "/etc/hostname" is absolute; write it relative to this YAML file`,
      `assistants/bad.yaml:7:17 !file "prompts/nested" is a folder, not a file`,
      `assistants/bad.yaml:8:18 !file takes a path written as a string, not a mapping`,
    ]);
  });

  it("keeps CRLF, a byte-order mark and the trailing newline from disk", async () => {
    const root = await temporaryFolder();
    const text = "\uFEFFLine one\r\nLine two\r\n";
    await writeFiles(root, { "assistants/a.yaml": withPrompt("../prompts/p.md"), "prompts/p.md": text });
    const [assistant] = await loadAssistants(root);
    expect(assistant?.context).toEqual({ system_prompt: text });
  });

  it("refuses a file that is not UTF-8", async () => {
    const root = await temporaryFolder();
    await writeFiles(root, { "assistants/a.yaml": withPrompt("../prompts/p.bin"), "prompts/p.bin": new Uint8Array([0xff, 0xfe, 0x00, 0xc3]) });
    expect(await rejectedLines(loadAssistants(root))).toEqual([`assistants/a.yaml:4:24 !file "prompts/p.bin" is not UTF-8 text`]);
  });

  it("refuses a symlink that leads outside the repository", async () => {
    const base = await temporaryFolder();
    const root = join(base, "repo");
    await writeFiles(base, { "outside/secret.md": "secret", "outside/dir/x.md": "x" });
    await writeFiles(root, {
      "assistants/a.yaml": withPrompt("../prompts/link.md"),
      "assistants/b.yaml": withPrompt("../linked-dir/x.md").replace("name: a", "name: b"),
    });
    await mkdir(join(root, "prompts"));
    await symlink(join(base, "outside/secret.md"), join(root, "prompts/link.md"));
    await symlink(join(base, "outside/dir"), join(root, "linked-dir"));
    expect(await rejectedLines(loadAssistants(root))).toEqual([
      `assistants/a.yaml:4:24 !file "prompts/link.md" leads outside the repository through a symbolic link`,
      `assistants/b.yaml:4:24 !file "linked-dir/x.md" leads outside the repository through a symbolic link`,
    ]);
  });

  it("follows symlinks that stay inside, even when the root itself is a symlink", async () => {
    const base = await temporaryFolder();
    const root = join(base, "repo");
    await writeFiles(root, { "assistants/a.yaml": withPrompt("../prompts/alias.md"), "prompts/real.md": "real\n" });
    await symlink("real.md", join(root, "prompts/alias.md"));
    await symlink(root, join(base, "repo-link"));
    const [assistant] = await loadAssistants(join(base, "repo-link"));
    expect(assistant?.context).toEqual({ system_prompt: "real\n" });
    expect(assistant?.source.includes).toEqual(["prompts/alias.md"]);
  });

  it("reports a symlink loop", async () => {
    const root = await temporaryFolder();
    await writeFiles(root, { "assistants/a.yaml": withPrompt("../prompts/loop.md") });
    await mkdir(join(root, "prompts"));
    await symlink("loop.md", join(root, "prompts/loop.md"));
    expect(await rejectedLines(loadAssistants(root))).toEqual([`assistants/a.yaml:4:24 !file "prompts/loop.md" is a loop of symbolic links`]);
  });
});
