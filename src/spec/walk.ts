// A parsed YAML document -> a JSON value, plus the position of every node.
// Anything JSON cannot hold (dates, binary, NaN, non-string keys, unknown
// tags) becomes an issue at its node; `!file` scalars are replaced by the
// text the include reader returns. Pure: the reader is passed in.
import { type Alias, type Document, type LineCounter, type Node, isAlias, isMap, isScalar, isSeq, type Pair, type Scalar } from "yaml";
import type { SpecIssue } from "../errors.js";
import type { Json, JsonObject, SourceLocation } from "../model.js";
import { resolveIncludePath } from "./include-path.js";
import { pathKey, type PathSegment, type Position } from "./paths.js";
import { FILE_TAG, locationAt } from "./yaml.js";

/**
 * Returns the exact text of the file at `path` (relative to the repository
 * root, already checked not to climb out of it), or an issue to report at
 * `location` (the `!file` node).
 */
export type IncludeReader = (path: string, location: SourceLocation) => string | SpecIssue;

export interface JsonTree {
  /** Undefined only for a document without content. */
  value: Json | undefined;
  /** Position of each value node, by dotted path ("" is the document). */
  positions: Record<string, Position>;
  /** Position of each mapping key node, by the dotted path of its entry. */
  keyPositions: Record<string, Position>;
  /** Paths whose value was replaced after an issue: schema checks skip them. */
  broken: Set<string>;
  /** Repository-relative paths of the `!file` references, in order. */
  includes: string[];
  issues: SpecIssue[];
}

export interface WalkOptions {
  file: string;
  lineCounter: LineCounter;
  /** Omitted where `!file` is not supported (the repository config). */
  readInclude?: IncludeReader;
}

const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((name) => `tag:yaml.org,2002:${name}`));

/**
 * Guards against alias bombs ("billion laughs"), where a few lines expand to
 * millions of values: far more than any real file copies through aliases.
 * Nodes written out in the file are bounded by its size and not counted.
 */
const MAX_ALIASED_NODES = 10_000;

export function yamlToJson(document: Document.Parsed, options: WalkOptions): JsonTree {
  return new JsonBuilder(document, options).build();
}

class JsonBuilder {
  private readonly tree: JsonTree = { value: undefined, positions: {}, keyPositions: {}, broken: new Set(), includes: [], issues: [] };
  /** Alias targets being expanded right now, to stop `&a [*a]` cycles. */
  private readonly expanding = new Set<Node>();
  private aliasedNodes = 0;
  private exhausted = false;

  constructor(
    private readonly document: Document.Parsed,
    private readonly options: WalkOptions,
  ) {}

  build(): JsonTree {
    const root = this.document.contents;
    if (root) this.tree.value = this.node(root, []);
    // The document's own position is its first key, where a reader's eye
    // lands; an empty or non-mapping document falls back to its content.
    const firstKey = isMap(root) ? root.items[0]?.key : undefined;
    const anchor = isNodeWithRange(firstKey) ? firstKey : root;
    if (anchor?.range) this.tree.positions[""] = this.position(anchor.range[0]);
    return this.tree;
  }

  private node(node: unknown, path: PathSegment[]): Json {
    if (!isNodeWithRange(node)) {
      // `key:` with nothing after it has a null scalar, so this is a parser oddity.
      return null;
    }
    this.tree.positions[pathKey(path)] = this.position(node.range[0]);
    if (this.expanding.size > 0 && ++this.aliasedNodes > MAX_ALIASED_NODES) {
      if (!this.exhausted) this.fail(node, path, `aliases expand to too many values (over ${MAX_ALIASED_NODES})`);
      this.exhausted = true;
      return null;
    }
    if (isAlias(node)) return this.alias(node, path);
    if (node.tag === FILE_TAG) {
      if (isScalar(node)) return this.include(node, path);
      return this.fail(node, path, `!file takes a path written as a string, not a ${isMap(node) ? "mapping" : "list"}`);
    }
    if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
      return this.fail(node, path, `unsupported tag ${shortTag(node.tag)}: values must be JSON (strings, numbers, true/false, null, lists, mappings) or !file`);
    }
    if (isMap(node)) return this.mapping(node.items, path);
    if (isSeq(node)) return node.items.map((item, index) => this.node(item, [...path, index]));
    if (isScalar(node)) return this.scalar(node, path);
    return this.fail(node, path, "unsupported YAML node");
  }

  private alias(node: Alias, path: PathSegment[]): Json {
    const target = node.resolve(this.document);
    if (!target) return this.fail(node, path, `alias *${node.source} refers to no anchor`);
    if (this.expanding.has(target)) return this.fail(node, path, `alias *${node.source} refers to a value that contains it`);
    this.expanding.add(target);
    const aliasPosition = this.tree.positions[pathKey(path)];
    try {
      // Positions inside the expansion point at the anchored original; the
      // alias itself keeps its own place.
      const value = this.node(target, path);
      if (aliasPosition) this.tree.positions[pathKey(path)] = aliasPosition;
      return value;
    } finally {
      this.expanding.delete(target);
    }
  }

  private mapping(pairs: Pair[], path: PathSegment[]): JsonObject {
    const result: JsonObject = {};
    const firstSeen = new Map<string, Position>();
    for (const pair of pairs) {
      const key = this.key(pair);
      if (key === undefined) continue;
      const entryPath = [...path, key.name];
      const earlier = firstSeen.get(key.name);
      if (earlier) {
        this.tree.issues.push(this.issue(key.offset, `duplicate key "${key.name}" (first set at line ${earlier.line}, column ${earlier.col})`));
        continue;
      }
      firstSeen.set(key.name, this.position(key.offset));
      this.tree.keyPositions[pathKey(entryPath)] = this.position(key.offset);
      result[key.name] = this.node(pair.value, entryPath);
    }
    return result;
  }

  /** A mapping key as a string, or undefined after reporting why it cannot be one. */
  private key(pair: Pair): { name: string; offset: number } | undefined {
    const keyNode = isAlias(pair.key) ? pair.key.resolve(this.document) : pair.key;
    const offset = rangeStart(pair.key) ?? rangeStart(pair.value) ?? 0;
    if (!isScalar(keyNode) || keyNode.tag === FILE_TAG) {
      const what = isMap(keyNode) ? "a mapping" : isSeq(keyNode) ? "a list" : isScalar(keyNode) ? "a !file value" : "empty";
      this.tree.issues.push(this.issue(offset, `a key must be a string, but this one is ${what}`));
      return undefined;
    }
    const value: unknown = keyNode.value;
    if (typeof value !== "string") {
      const shown = String(keyNode.source ?? value);
      const kind = value === null ? "null" : typeof value === "number" ? "a number" : typeof value === "boolean" ? "a boolean" : "not a string";
      this.tree.issues.push(this.issue(offset, `key ${shown} is ${kind}; quote it ("${shown}") to use it as a string key`));
      return undefined;
    }
    if (value === "__proto__") {
      // JavaScript objects treat this key specially; refusing it is simpler than guarding every consumer.
      this.tree.issues.push(this.issue(offset, `key "__proto__" is not allowed`));
      return undefined;
    }
    return { name: value, offset };
  }

  private scalar(node: Scalar, path: PathSegment[]): Json {
    const value: unknown = node.value;
    if (value === null || typeof value === "string" || typeof value === "boolean") return value;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) {
        return this.fail(node, path, `${node.source ?? String(value)} is not a JSON number; quote it to keep it as a string`);
      }
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        return this.fail(node, path, `integer ${node.source ?? String(value)} is too large to keep exactly; quote it to keep it as a string`);
      }
      return value;
    }
    return this.fail(node, path, "this value has no JSON equivalent (dates and binary data are not supported)");
  }

  private include(node: Scalar, path: PathSegment[]): Json {
    const location = this.location(rangeStart(node));
    if (!this.options.readInclude) return this.fail(node, path, "!file is only supported in assistant files");
    const written = typeof node.value === "string" ? node.value : String(node.value);
    const resolved = resolveIncludePath(this.options.file, written);
    if ("problem" in resolved) return this.fail(node, path, resolved.problem);
    if (!this.tree.includes.includes(resolved.path)) this.tree.includes.push(resolved.path);
    const text = this.options.readInclude(resolved.path, location);
    if (typeof text === "string") return text;
    this.tree.issues.push(text);
    this.tree.broken.add(pathKey(path));
    return "";
  }

  /** Reports an issue at `node` and marks its path so schema checks skip it. */
  private fail(node: unknown, path: PathSegment[], message: string): null {
    this.tree.issues.push(this.issue(rangeStart(node), message));
    this.tree.broken.add(pathKey(path));
    return null;
  }

  private issue(offset: number | undefined, message: string): SpecIssue {
    return { location: this.location(offset), message, severity: "error" };
  }

  private location(offset: number | undefined): SourceLocation {
    return locationAt(this.options.file, this.options.lineCounter, offset ?? 0);
  }

  private position(offset: number): Position {
    const { line, col } = this.options.lineCounter.linePos(offset);
    return { line, col };
  }
}

function isNodeWithRange(node: unknown): node is Node & { range: [number, number, number] } {
  return typeof node === "object" && node !== null && Array.isArray((node as { range?: unknown }).range);
}

function rangeStart(node: unknown): number | undefined {
  return isNodeWithRange(node) ? node.range[0] : undefined;
}

/** "tag:yaml.org,2002:timestamp" -> "!!timestamp", as it is written in files. */
function shortTag(tag: string): string {
  return tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice("tag:yaml.org,2002:".length)}` : tag;
}
