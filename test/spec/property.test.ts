// The pure parsers never throw: any text yields an assistant or issues, and
// never an "internal error" (the catch-all that would hide a bug).
import fc from "fast-check";
import { describe, it } from "vitest";
import type { SpecIssue } from "../../src/errors.js";
import { parseAssistantDocument, parseRepoConfigDocument } from "../../src/spec/index.js";
import { memoryReader } from "./helpers.js";

const reader = memoryReader({ "prompts/p.md": "Hello\n", "assistants/p.md": "x" });

/** Fragments that steer random text into the parser's deeper paths. */
const yamlFragment = fc.constantFrom(
  "name: a\n",
  "graph: g\n",
  "context:\n",
  "config:\n",
  "metadata:\n",
  "  ",
  "- ",
  ": ",
  "? ",
  "!file ",
  "../prompts/p.md",
  "p.md",
  "/abs",
  "&a ",
  "*a",
  "!!binary ",
  "!!timestamp ",
  "[",
  "]",
  "{",
  "}",
  ",",
  "---\n",
  "#",
  '"',
  "'",
  "\t",
  "\r\n",
  "\n",
  "|\n",
  ".nan",
  "123456789012345678901",
  "assistantctl/x: 1\n",
  "id: 4F0C2D44-5E6A-4B7C-8D9E-0A1B2C3D4E5F\n",
  "__proto__: 1\n",
);

const yamlLike = fc.array(fc.oneof(yamlFragment, fc.string({ maxLength: 5 })), { maxLength: 40 }).map((parts) => parts.join(""));
const anyText = fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), yamlLike);

/** True when the result is well-formed: an assistant xor issues, all located, none internal. */
function wellFormed(result: { issues: SpecIssue[] }, value: unknown): boolean {
  const hasValue = value !== undefined;
  const located = result.issues.every((issue) => issue.location.line >= 1 && issue.location.col >= 1);
  const noInternalError = result.issues.every((issue) => !issue.message.startsWith("internal error"));
  return hasValue !== result.issues.length > 0 && located && noInternalError;
}

// Plain boolean properties: fast-check reports the shrunk counterexample,
// and they stay fast (expect() per run costs more than the parse).
describe("never throws", () => {
  it("parseAssistantDocument returns an assistant or issues for any text", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = parseAssistantDocument(text, "assistants/x.yaml", reader);
        return wellFormed(result, result.assistant);
      }),
      { numRuns: 1000 },
    );
  });

  it("parseRepoConfigDocument returns a config or issues for any text", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const result = parseRepoConfigDocument(text);
        return wellFormed(result, result.config);
      }),
      { numRuns: 500 },
    );
  });
});
