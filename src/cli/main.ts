// argv -> options -> a command. Each command returns its exit code; errors
// are reported here, once, in one line each.
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { createRequire } from "node:module";
import { reportError, type CliIo } from "./io.js";
import { runReconcile, type ReconcileFlags } from "./commands/reconcile.js";
import { runValidate, type ValidateFlags } from "./commands/validate.js";
import { runSchemasPull, type SchemasPullFlags } from "./commands/schemas.js";
import { runCodegen, type CodegenFlags } from "./commands/codegen.js";
import { runApply, type ApplyFlags } from "./commands/apply.js";
import { runHistory, type HistoryFlags } from "./commands/history.js";
import { parseDebounce, parsePort, runDev, runWatch, type DevFlags, type WatchOnlyFlags } from "./commands/watch.js";

const packageJson = createRequire(import.meta.url)("../../package.json") as { version: string };

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > 256) throw new InvalidArgumentError("expected a whole number from 1 to 256");
  return parsed;
}

const outputOption = (formats: string[]) =>
  new Option("-o, --output <format>", "output format").choices(formats).default("text");

/** Options every command accepts. */
function common(command: Command): Command {
  return command
    .option("--dir <dir>", "repository root (holds assistants/, schemas/, assistantctl.yaml)", ".")
    .option("--debug", "print stack traces of errors", false);
}

function deploymentOptions(command: Command): Command {
  return command
    .option("--url <url>", "deployment URL (default: $LANGGRAPH_API_URL)")
    .option("--env <name>", "an environment from assistantctl.yaml");
}

function reconcileOptions(command: Command, dryRunDefault: boolean): Command {
  deploymentOptions(common(command));
  if (!dryRunDefault) command.option("--dry-run", "plan only: write nothing", false);
  return command
    .option("--detailed-exitcode", "with a dry run, exit 2 when changes are pending", false)
    .option("--prune", "delete owned assistants whose file is gone (after a backup of all their versions)", false)
    .addOption(outputOption(["text", "json", "markdown"]))
    .option("--allow-dirty", "apply even when the assistants' files have uncommitted changes", false)
    .option("--out <file>", "with a dry run: save the plan to FILE for `assistantctl apply FILE`")
    .option("--concurrency <n>", "requests in flight at once", positiveInteger, 8)
    .option("--local", "start the embedded LangGraph dev server for the repo's langgraph.json, reconcile into it, stop it", false)
    .option("--langgraph-config <path>", "langgraph.json for --local (default: DIR/langgraph.json, else DIR/example/langgraph.json)")
    .option("--state-dir <dir>", "with --local: where the embedded server keeps its state (default: beside langgraph.json)")
    .option("-v, --verbose", "list unchanged assistants too", false);
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  let debug = argv.includes("--debug");
  let output = "text";
  const run = (action: () => Promise<number>) => async () => {
    exitCode = await action();
  };

  const program = new Command("assistantctl")
    .description("GitOps for LangGraph assistants: YAML files in git, reconciled into a deployment with versions.")
    .version(packageJson.version)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  const reconcile = reconcileOptions(program.command("reconcile"), false).description(
    "plan the difference between assistants/ and the deployment, and apply it",
  );
  reconcile
    .option("-w, --watch", "keep running: reconcile again on every save of an assistant, prompt, schema or assistantctl.yaml", false)
    .option("--debounce <ms>", "with --watch: quiet time after the last save before reconciling", parseDebounce, 150);
  reconcile.action(async (opts: ReconcileFlags & WatchOnlyFlags & { debug: boolean }) => {
    debug = opts.debug;
    output = opts.output;
    await run(() => (opts.watch ? runWatch(opts, io) : runReconcile(opts, io)))();
  });

  const plan = reconcileOptions(program.command("plan"), true).description("show what reconcile would do (= reconcile --dry-run)");
  plan.action(async (opts: Omit<ReconcileFlags, "dryRun"> & { debug: boolean }) => {
    debug = opts.debug;
    output = opts.output;
    await run(() => runReconcile({ ...opts, dryRun: true }, io))();
  });

  common(program.command("validate"))
    .description("check every assistant file offline (no deployment needed)")
    .addOption(outputOption(["text", "json"]))
    .action(async (opts: ValidateFlags & { debug: boolean }) => {
      debug = opts.debug;
      output = opts.output;
      await run(() => runValidate(opts, io))();
    });

  const schemas = program.command("schemas").description("the graphs' JSON Schemas, committed under schemas/");
  deploymentOptions(common(schemas.command("pull")))
    .description("fetch the schemas of every graph the assistants use into schemas/<graph>.json (and editor schemas)")
    .option("--all", "every graph of the deployment, not only those the assistants use", false)
    .option("--check", "write nothing; exit 1 and print the difference when the committed schemas are out of date", false)
    .option("--local", "pull from the embedded LangGraph dev server for the repo's langgraph.json", false)
    .option("--langgraph-config <path>", "langgraph.json for --local (default: DIR/langgraph.json, else DIR/example/langgraph.json)")
    .option("--state-dir <dir>", "with --local: where the embedded server keeps its state (default: beside langgraph.json)")
    .action(async (opts: SchemasPullFlags & { debug: boolean }) => {
      debug = opts.debug;
      await run(() => runSchemasPull(opts, io))();
    });

  common(program.command("codegen"))
    .description("generate TypeScript types of the graphs' context and config from schemas/*.json")
    .option("--check", "write nothing; exit 1 when the generated module is out of date", false)
    .action(async (opts: CodegenFlags & { debug: boolean }) => {
      debug = opts.debug;
      await run(() => runCodegen(opts, io))();
    });

  common(program.command("dev"))
    .description("local development: start the embedded LangGraph dev server, reconcile assistants/ into it, and again on every save")
    .option("--langgraph-config <path>", "langgraph.json of the graphs (default: DIR/langgraph.json, else DIR/example/langgraph.json)")
    .option("--prune", "delete owned assistants whose file is gone (after a backup of all their versions)", false)
    .option("--port <n>", "the server's port on 127.0.0.1 (default: a free one)", parsePort)
    .option("--state-dir <dir>", "where the server keeps its state (default: beside langgraph.json, in .langgraph_api/)")
    .option("--debounce <ms>", "quiet time after the last save before reconciling", parseDebounce, 150)
    .addOption(outputOption(["text", "json"]))
    .option("--concurrency <n>", "requests in flight at once", positiveInteger, 8)
    .option("-v, --verbose", "list unchanged assistants too, and what changed before each reconcile", false)
    .action(async (opts: DevFlags & { debug: boolean }) => {
      debug = opts.debug;
      output = opts.output;
      await run(() => runDev(opts, io))();
    });

  deploymentOptions(common(program.command("apply")))
    .description("apply exactly a plan saved with `plan --out FILE`; refused if the deployment changed since")
    .argument("<plan-file>", "the file `plan --out` wrote")
    .addOption(outputOption(["text", "json", "markdown"]))
    .option("--allow-dirty", "apply a plan made from files with uncommitted changes", false)
    .option("--concurrency <n>", "requests in flight at once", positiveInteger, 8)
    .option("-v, --verbose", "list unchanged assistants too", false)
    .action(async (planFile: string, opts: ApplyFlags & { debug: boolean }) => {
      debug = opts.debug;
      output = opts.output;
      await run(() => runApply(planFile, opts, io))();
    });

  deploymentOptions(common(program.command("history")))
    .description("the versions of an assistant, newest first, with the commit, author and date of each")
    .argument("<name>", "the assistant's name")
    .option("--diff <range>", "show what changed between two versions: A..B (e.g. 3..5, or 3..latest)")
    .addOption(outputOption(["text", "json"]))
    .action(async (name: string, opts: HistoryFlags & { debug: boolean }) => {
      debug = opts.debug;
      output = opts.output;
      await run(() => runHistory(name, opts, io))();
    });

  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors with 1.
      return error.exitCode === 0 ? 0 : 1;
    }
    return reportError(io, error, debug, output);
  }
}
