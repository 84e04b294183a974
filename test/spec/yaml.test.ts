// YAML-level rules: syntax, one document per file, JSON-compatible values.
import { describe, expect, it } from "vitest";
import { issuesOf, parse } from "./helpers.js";

const FILE = "assistants/test.yaml";

function issueAt(line: number, col: number, message: string | RegExp) {
  return {
    location: { file: FILE, line, col },
    message: typeof message === "string" ? message : expect.stringMatching(message),
    severity: "error",
  };
}

describe("YAML syntax", () => {
  it("reports a syntax error where the parser found it", () => {
    expect(parse("name: a\ngraph: [writer\n").issues).toEqual([issueAt(3, 1, /^YAML syntax error: /)]);
  });

  it("rejects tabs used as indentation", () => {
    expect(parse("name: a\ngraph: g\ncontext:\n\tx: 1\n").issues).toEqual([issueAt(4, 1, /^YAML syntax error: .*tab/i)]);
  });

  it("reports a duplicate key at the second occurrence, naming the first", () => {
    expect(issuesOf("name: a\ngraph: g\nname: b\n")).toEqual([`${FILE}:3:1 duplicate key "name" (first set at line 1, column 1)`]);
  });

  it("reports duplicate keys in nested and flow mappings", () => {
    expect(issuesOf("name: a\ngraph: g\ncontext:\n  x: 1\n  x: 2\nmetadata: { a: 1, a: 2 }\n")).toEqual([
      `${FILE}:5:3 duplicate key "x" (first set at line 4, column 3)`,
      `${FILE}:6:19 duplicate key "a" (first set at line 6, column 13)`,
    ]);
  });
});

describe("documents", () => {
  it("rejects a second document at its start", () => {
    expect(issuesOf("name: a\ngraph: g\n---\nname: b\ngraph: g\n")).toEqual([
      `${FILE}:3:1 a second YAML document starts here; a file holds exactly one (remove the "---")`,
    ]);
  });

  it("accepts an explicit start marker on the only document", () => {
    expect(parse("---\nname: a\ngraph: g\n").assistant?.name).toBe("a");
  });

  it("rejects a trailing empty document too", () => {
    expect(issuesOf("---\nname: a\ngraph: g\n---\n")).toEqual([
      `${FILE}:4:1 a second YAML document starts here; a file holds exactly one (remove the "---")`,
    ]);
  });

  it.each([
    ["an empty file", ""],
    ["a file of comments", "# nothing yet\n\n# still nothing\n"],
    ["a file of blank lines", "\n\n  \n"],
  ])("rejects %s at 1:1", (_label, text) => {
    expect(issuesOf(text)).toEqual([`${FILE}:1:1 the file is empty: an assistant needs at least \`name\` and \`graph\``]);
  });

  it("rejects a top level that is not a mapping, at the value", () => {
    expect(issuesOf("- name: a\n- graph: g\n")).toEqual([`${FILE}:1:1 expected a mapping, got a list`]);
    expect(issuesOf("# a comment first\n  just text\n")).toEqual([`${FILE}:2:3 expected a mapping, got a string ("just text")`]);
  });
});

describe("JSON-compatible values", () => {
  it("uses the YAML 1.2 core schema: yes, no, on and dates stay strings", () => {
    const { assistant } = parse("name: a\ngraph: g\ncontext:\n  a: yes\n  b: no\n  c: on\n  d: 2024-01-01\n  e: 0x1F\n  f: ~\n");
    expect(assistant?.context).toEqual({ a: "yes", b: "no", c: "on", d: "2024-01-01", e: 31, f: null });
  });

  it("ignores a %YAML 1.1 directive", () => {
    expect(parse("%YAML 1.1\n---\nname: a\ngraph: g\ncontext: { flag: yes }\n").assistant?.context).toEqual({ flag: "yes" });
  });

  it("rejects dates, binary, NaN, inexact integers and non-string keys, each at its node", () => {
    const text = [
      "name: a",
      "graph: g",
      "metadata:",
      "  when: !!timestamp 2024-01-01",
      "  blob: !!binary aGVsbG8=",
      "  ratio: .nan",
      "  huge: 12345678901234567890",
      "  1: one",
      "  true: yes",
      "  ~: empty",
      "  ? [a, b]",
      "  : list",
      "",
    ].join("\n");
    const only = "values must be JSON (strings, numbers, true/false, null, lists, mappings) or !file";
    expect(issuesOf(text)).toEqual([
      `${FILE}:4:21 unsupported tag !!timestamp: ${only}`,
      `${FILE}:5:18 unsupported tag !!binary: ${only}`,
      `${FILE}:6:10 .nan is not a JSON number; quote it to keep it as a string`,
      `${FILE}:7:9 integer 12345678901234567890 is too large to keep exactly; quote it to keep it as a string`,
      `${FILE}:8:3 key 1 is a number; quote it ("1") to use it as a string key`,
      `${FILE}:9:3 key true is a boolean; quote it ("true") to use it as a string key`,
      `${FILE}:10:3 key ~ is null; quote it ("~") to use it as a string key`,
      `${FILE}:11:5 a key must be a string, but this one is a list`,
    ]);
  });

  it("rejects unknown tags", () => {
    expect(issuesOf("name: a\ngraph: !env GRAPH\n")).toEqual([
      `${FILE}:2:13 unsupported tag !env: values must be JSON (strings, numbers, true/false, null, lists, mappings) or !file`,
    ]);
  });

  it("rejects __proto__ as a key", () => {
    expect(issuesOf('name: a\ngraph: g\ncontext:\n  "__proto__": { polluted: true }\n')).toEqual([`${FILE}:4:3 key "__proto__" is not allowed`]);
  });

  it("expands aliases, keeping the alias's own position", () => {
    const { assistant, issues } = parse("name: a\ngraph: g\ncontext: &shared\n  tone: warm\nmetadata: *shared\n");
    expect(issues).toEqual([]);
    expect(assistant?.metadata).toEqual({ tone: "warm" });
    expect(assistant?.source.positions["metadata"]).toEqual({ line: 5, col: 11 });
  });

  it("rejects an alias inside its own anchor and an alias without anchor", () => {
    expect(issuesOf("name: a\ngraph: *nowhere\ncontext:\n  loop: &l [*l]\n")).toEqual([
      `${FILE}:2:8 alias *nowhere refers to no anchor`,
      `${FILE}:4:13 alias *l refers to a value that contains it`,
    ]);
  });

  it("stops an alias bomb instead of expanding it", () => {
    const levels = ["  a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"];
    for (const [previous, name] of [["a", "b"], ["b", "c"], ["c", "d"], ["d", "e"], ["e", "f"]] as const) {
      levels.push(`  ${name}: &${name} [${Array(10).fill(`*${previous}`).join(", ")}]`);
    }
    const issues = issuesOf(`name: a\ngraph: g\ncontext:\n${levels.join("\n")}\n`);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/ aliases expand to too many values \(over 10000\)$/);
  });
});
