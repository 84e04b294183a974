// Zod's verdict on a JsonTree, rephrased as SpecIssues in plain English and
// pinned to the YAML node each one is about.
import type { z } from "zod";
import type { SpecIssue } from "../errors.js";
import type { Json, SourceLocation } from "../model.js";
import { nearestPosition, pathKey, type PathSegment, type Position } from "./paths.js";
import { knownKeysAt } from "./schema.js";
import type { JsonTree } from "./walk.js";

type ZodIssue = z.core.$ZodIssue;

export interface Validated<T> {
  /** Present only when the value passed the schema and the tree had no issues. */
  data?: T;
  issues: SpecIssue[];
}

/** Checks a walked document against `schema`; the tree's own issues come first. */
export function validateTree<T>(schema: z.ZodType<T>, tree: JsonTree, file: string): Validated<T> {
  const result = schema.safeParse(tree.value);
  const issues = [...tree.issues];
  if (!result.success) {
    const explainer = new IssueExplainer(schema, tree, file);
    for (const issue of result.error.issues) issues.push(...explainer.explain(issue));
  }
  if (issues.length > 0 || !result.success) return { issues: sortByPosition(issues) };
  return { data: result.data, issues };
}

export function sortByPosition(issues: SpecIssue[]): SpecIssue[] {
  return [...issues].sort((a, b) => a.location.line - b.location.line || a.location.col - b.location.col);
}

class IssueExplainer {
  constructor(
    private readonly schema: z.ZodType,
    private readonly tree: JsonTree,
    private readonly file: string,
  ) {}

  explain(issue: ZodIssue): SpecIssue[] {
    const path = issue.path.map(toSegment);
    if (issue.code === "unrecognized_keys") {
      const known = knownKeysAt(this.schema, path);
      return issue.keys
        .filter((key) => !this.isBroken([...path, key]))
        .map((key) =>
          this.issue(this.tree.keyPositions[pathKey([...path, key])] ?? this.near(path), `${prefix(path)}unknown key "${key}"${didYouMean(key, known)}`),
        );
    }
    if (this.isBroken(path)) return [];
    const actual = valueAt(this.tree.value, path);
    if (issue.code === "invalid_type" && actual === undefined && path.length > 0) {
      const parent = path.slice(0, -1);
      return [this.issue(this.near(parent), `${prefix(parent)}missing required key "${String(path.at(-1))}"`)];
    }
    if (issue.code === "invalid_key") {
      const parent = path.slice(0, -1);
      const reasons = issue.issues.map((inner) => inner.message).join("; ");
      const keyPosition = this.tree.keyPositions[pathKey(path)] ?? this.near(path);
      return [this.issue(keyPosition, `${prefix(parent)}key "${String(path.at(-1))}" ${reasons}`)];
    }
    return [this.issue(this.near(path), `${prefix(path)}${rephrase(issue, actual)}`)];
  }

  private isBroken(path: readonly PathSegment[]): boolean {
    const key = pathKey(path);
    for (const broken of this.tree.broken) {
      if (broken === "" || key === broken || key.startsWith(`${broken}.`)) return true;
    }
    return false;
  }

  private near(path: readonly PathSegment[]): Position {
    return nearestPosition(this.tree.positions, path) ?? { line: 1, col: 1 };
  }

  private issue(position: Position, message: string): SpecIssue {
    const location: SourceLocation = { file: this.file, line: position.line, col: position.col };
    return { location, message, severity: "error" };
  }
}

function rephrase(issue: ZodIssue, actual: Json | undefined): string {
  switch (issue.code) {
    case "invalid_type":
      return `expected ${expectedPhrase(issue.expected)}, got ${describeValue(actual)}`;
    case "too_small":
      if (issue.origin === "string" && Number(issue.minimum) === 1) return "must not be empty";
      if (issue.origin === "array") return `must have at least ${issue.minimum} item(s)`;
      return issue.inclusive ? `must be at least ${issue.minimum}` : `must be greater than ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") return `must be at most ${issue.maximum} characters long`;
      if (issue.origin === "array") return `must have at most ${issue.maximum} item(s)`;
      return issue.inclusive ? `must be at most ${issue.maximum}` : `must be less than ${issue.maximum}`;
    case "invalid_value":
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}`;
    default:
      // Formats, regexes and refinements carry messages written in schema.ts.
      return issue.message;
  }
}

const EXPECTED_PHRASES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "a mapping",
  record: "a mapping",
  array: "a list",
  null: "null",
};

function expectedPhrase(expected: string): string {
  return EXPECTED_PHRASES[expected] ?? expected;
}

/** How a value reads in "expected X, got ___". */
export function describeValue(value: Json | undefined): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") {
    const shown = value.length > 40 ? `${value.slice(0, 37)}...` : value;
    return `a string (${JSON.stringify(shown)})`;
  }
  if (typeof value === "number") return `the number ${value}`;
  return String(value);
}

function prefix(path: readonly PathSegment[]): string {
  return path.length > 0 ? `${pathKey(path)}: ` : "";
}

function toSegment(segment: PropertyKey): PathSegment {
  return typeof segment === "number" ? segment : String(segment);
}

function valueAt(root: Json | undefined, path: readonly PathSegment[]): Json | undefined {
  let current: Json | undefined = root;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = Array.isArray(current) ? current[Number(segment)] : Object.hasOwn(current, segment) ? current[segment] : undefined;
  }
  return current;
}

/** ` (did you mean "graph"?)` for a near miss such as "grpah", else "". */
export function didYouMean(key: string, known: readonly string[]): string {
  const best = closestKey(key, known);
  return best === undefined ? "" : ` (did you mean "${best}"?)`;
}

export function closestKey(key: string, known: readonly string[]): string | undefined {
  // Same letters in another case or style (recursionLimit, Recursion-Limit).
  const squashed = squash(key);
  const sameWord = known.find((candidate) => squash(candidate) === squashed);
  if (sameWord !== undefined) return sameWord;
  // A truncated key ("api_key" for "api_key_env").
  const extended = squashed.length >= 3 ? known.find((candidate) => squash(candidate).startsWith(squashed)) : undefined;
  if (extended !== undefined) return extended;
  const allowed = key.length <= 3 ? 1 : 2;
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(key.toLowerCase(), candidate);
    if (distance <= allowed && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

function squash(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, "");
}

/** Levenshtein distance where swapping two neighbours counts as one edit. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}
