// Dotted paths into a YAML document, and the positions recorded for them.
// One convention everywhere: "" is the document, segments are joined with
// "." ("context.system_prompt", "config.tags.0").
import type { AssistantSource, SourceLocation } from "../model.js";

export type PathSegment = string | number;

/** A 1-based place inside a known file. */
export interface Position {
  line: number;
  col: number;
}

export function pathKey(path: readonly PathSegment[]): string {
  return path.join(".");
}

/**
 * Splits a string path. A leading "/" marks a JSON Pointer (what Ajv reports
 * as instancePath), so validation errors can be located without conversion.
 */
export function splitPath(path: string): string[] {
  if (path === "") return [];
  if (path.startsWith("/")) {
    return path
      .slice(1)
      .split("/")
      .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
  }
  return path.split(".");
}

/** The position of the deepest recorded ancestor of `path` (itself included). */
export function nearestPosition(
  positions: Readonly<Record<string, Position>>,
  path: readonly PathSegment[] | string,
): Position | undefined {
  const segments = typeof path === "string" ? splitPath(path) : path.map(String);
  for (let length = segments.length; length >= 0; length--) {
    const position = positions[pathKey(segments.slice(0, length))];
    if (position) return position;
  }
  return undefined;
}

/**
 * Where `path` is in the assistant's YAML file: the node itself when it
 * exists, else its deepest existing ancestor, else the top of the file. Lets
 * later stages (JSON-Schema validation of context/config) point at YAML.
 */
export function locate(source: AssistantSource, path: readonly PathSegment[] | string): SourceLocation {
  const position = nearestPosition(source.positions, path) ?? { line: 1, col: 1 };
  return { file: source.file, line: position.line, col: position.col };
}
