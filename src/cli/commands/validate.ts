// `assistantctl validate`: every file checked offline, no deployment needed.
import { resolve } from "node:path";
import { EXIT } from "../../errors.js";
import { issueJson, stdoutStyle, type CliIo } from "../io.js";
import { loadCheckedRepo } from "../schema-check.js";

export interface ValidateFlags {
  dir: string;
  output: "text" | "json";
}

export async function runValidate(flags: ValidateFlags, io: CliIo): Promise<number> {
  const dir = resolve(io.cwd, flags.dir);
  const repo = await loadCheckedRepo(dir, io, flags.output !== "text");
  const count = repo.assistants.length;
  if (flags.output === "json") {
    const report = {
      format_version: 1,
      valid: true,
      assistants: repo.assistants.map((a) => ({ name: a.name, graph: a.graph, file: a.source.file })),
      errors: [],
      warnings: repo.warnings.map(issueJson),
    };
    io.stdout.write(JSON.stringify(report, null, 2) + "\n");
  } else {
    io.stdout.write(stdoutStyle(io).green(`${count} assistant${count === 1 ? "" : "s"} valid (owner "${repo.config.owner}").`) + "\n");
  }
  return EXIT.ok;
}
