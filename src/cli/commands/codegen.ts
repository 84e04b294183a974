// `assistantctl codegen`: schemas/*.json -> one TypeScript module of graph types.
import { resolve } from "node:path";
import { EXIT } from "../../errors.js";
import { codegenFile, fileDiff, isChanged, writeChanged } from "../../schemas/index.js";
import { loadRepoConfig } from "../../spec/index.js";
import { stderrStyle, stdoutStyle, type CliIo } from "../io.js";

export interface CodegenFlags {
  dir: string;
  check: boolean;
}

export async function runCodegen(flags: CodegenFlags, io: CliIo): Promise<number> {
  const dir = resolve(io.cwd, flags.dir);
  const config = await loadRepoConfig(dir);
  const output = config.codegen.output;
  const file = await codegenFile(dir, output);
  const out = stdoutStyle(io);

  if (flags.check) {
    if (!isChanged(file)) {
      io.stdout.write(out.green(`${output} is up to date.`) + "\n");
      return EXIT.ok;
    }
    io.stdout.write(fileDiff(file));
    const what = file.before === null ? "does not exist" : "is out of date with schemas/*.json";
    io.stderr.write(stderrStyle(io).red(`${output} ${what}: run \`assistantctl codegen\` and commit the result.`) + "\n");
    return EXIT.failure;
  }

  if (!isChanged(file)) {
    io.stdout.write(out.dim(`${output} is up to date; nothing written.`) + "\n");
    return EXIT.ok;
  }
  await writeChanged(dir, [file]);
  io.stdout.write(out.green(`wrote ${output}`) + "\n");
  return EXIT.ok;
}
