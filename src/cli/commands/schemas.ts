// `assistantctl schemas pull`: the graphs' schemas from a deployment into schemas/.
import { resolve } from "node:path";
import { EXIT } from "../../errors.js";
import type { DesiredAssistant } from "../../model.js";
import type { LocalServer } from "../../local/index.js";
import { LangGraphClient } from "../../remote/index.js";
import {
  codegenFile,
  compareWithDisk,
  fileDiff,
  isChanged,
  pullSchemas,
  readStoredSchema,
  schemaFiles,
  validateAgainstSchemas,
  writeChanged,
  type StoredGraphSchema,
} from "../../schemas/index.js";
import { loadRepo } from "../../spec/index.js";
import { printIssues, stderrStyle, stdoutStyle, type CliIo } from "../io.js";
import { resolveTarget } from "../target.js";
import { startEmbedded } from "../embedded.js";

export interface SchemasPullFlags {
  dir: string;
  url?: string;
  env?: string;
  all: boolean;
  check: boolean;
  local: boolean;
  langgraphConfig?: string;
  stateDir?: string;
}

export async function runSchemasPull(flags: SchemasPullFlags, io: CliIo): Promise<number> {
  const dir = resolve(io.cwd, flags.dir);
  const repo = await loadRepo(dir);
  const out = stdoutStyle(io);
  const err = stderrStyle(io);

  if (repo.assistants.length === 0 && !flags.all) {
    io.stdout.write(`No assistant uses a graph, so there is nothing to pull (--all pulls every graph of the deployment).\n`);
    return EXIT.ok;
  }

  let local: LocalServer | null = null;
  let url: string;
  let apiKey: string | null;
  if (flags.local) {
    local = await startEmbedded(dir, flags, io);
    url = local.url;
    apiKey = null;
  } else {
    const target = resolveTarget(flags, repo.config, io.env);
    url = target.url;
    apiKey = target.apiKey;
  }

  let pulled: StoredGraphSchema[];
  try {
    pulled = await pullSchemas(new LangGraphClient({ url, apiKey }), { assistants: repo.assistants, all: flags.all });
  } finally {
    await local?.stop();
  }

  // What was committed before this pull: to tell which assistants the new schemas break.
  const before = new Map<string, StoredGraphSchema>();
  for (const schema of pulled) {
    const parsed = await readStoredSchema(dir, schema.graph_id);
    if (parsed && "schema" in parsed) before.set(schema.graph_id, parsed.schema);
  }

  const files = await compareWithDisk(dir, schemaFiles(pulled));
  const changed = files.filter(isChanged);
  const graphList = pulled.map((s) => s.graph_id).join(", ");

  if (flags.check) {
    if (changed.length > 0) {
      for (const file of changed) io.stdout.write(fileDiff(file));
      const names = changed.map((f) => f.path).join(", ");
      io.stderr.write(
        err.red(
          `The committed schemas are out of date: ${changed.length} file${changed.length === 1 ? "" : "s"} differ from ${url} (${names}). Run \`assistantctl schemas pull\` and commit the result.`,
        ) + "\n",
      );
    } else {
      io.stdout.write(out.green(`The committed schemas of ${pulled.length} graph${pulled.length === 1 ? "" : "s"} (${graphList}) match ${url}.`) + "\n");
    }
    reportInvalid(repo.assistants, before, pulled, io);
    return changed.length > 0 ? EXIT.failure : EXIT.ok;
  }

  await writeChanged(dir, changed);
  for (const file of files) io.stdout.write(`${isChanged(file) ? out.green("wrote    ") : out.dim("unchanged")} ${file.path}\n`);
  io.stdout.write(
    `Pulled the schemas of ${pulled.length} graph${pulled.length === 1 ? "" : "s"} (${graphList}) from ${url}: ` +
      (changed.length === 0 ? "nothing changed.\n" : `${changed.length} file${changed.length === 1 ? "" : "s"} written.\n`),
  );
  reportInvalid(repo.assistants, before, pulled, io);
  await hintCodegen(dir, repo.config.codegen.output, io);
  return EXIT.ok;
}

/**
 * Which assistants do not fit the pulled schemas, printed as warnings (the
 * pull itself succeeded; validate and reconcile will refuse them), and which
 * of them the pull newly broke.
 */
function reportInvalid(
  assistants: readonly DesiredAssistant[],
  before: ReadonlyMap<string, StoredGraphSchema>,
  pulled: readonly StoredGraphSchema[],
  io: CliIo,
): void {
  const after = new Map(pulled.map((s) => [s.graph_id, s]));
  const issues = validateAgainstSchemas(assistants, after);
  const errors = issues.filter((issue) => issue.severity === "error");
  if (issues.length === 0) return;
  printIssues(
    io,
    issues.map((issue) => ({ ...issue, severity: "warning" })),
  );
  const invalidFiles = new Set(errors.map((issue) => issue.location.file));
  const invalid = assistants.filter((a) => invalidFiles.has(a.source.file));
  if (invalid.length === 0) return;
  const wasInvalid = new Set(validateAgainstSchemas(assistants, before).filter((i) => i.severity === "error").map((i) => i.location.file));
  const newly = invalid.filter((a) => !wasInvalid.has(a.source.file));
  const already = invalid.filter((a) => wasInvalid.has(a.source.file));
  const list = (items: DesiredAssistant[]) => items.map((a) => `${a.name} (${a.source.file})`).join(", ");
  const style = stderrStyle(io);
  if (newly.length > 0) {
    io.stderr.write(
      style.yellow(
        `The pulled schemas make ${newly.length} assistant${newly.length === 1 ? "" : "s"} invalid: ${list(newly)}. \`assistantctl validate\` and \`reconcile\` fail until ${newly.length === 1 ? "it is" : "they are"} fixed.`,
      ) + "\n",
    );
  }
  if (already.length > 0) {
    io.stderr.write(style.yellow(`Already invalid before this pull: ${list(already)}.`) + "\n");
  }
}

/** A pull that changed the schemas usually means the generated types are stale. */
async function hintCodegen(dir: string, output: string, io: CliIo): Promise<void> {
  try {
    const file = await codegenFile(dir, output);
    if (file.before !== null && isChanged(file)) {
      io.stdout.write(stdoutStyle(io).yellow(`${output} is out of date with these schemas: run \`assistantctl codegen\`.`) + "\n");
    }
  } catch {
    // Only a hint: `assistantctl codegen` reports its own errors.
  }
}
