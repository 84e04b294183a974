// Progress of an apply: one line per finished change, numbered against the
// total ("[3/40] ✓ updated blog-writer v7 (84 ms)"). On stdout for text
// output; on stderr when stdout carries one document (JSON, Markdown).
import type { ChangeResult, Plan } from "../model.js";
import { renderResultLine } from "../render/text.js";
import { stderrStyle, stdoutStyle, type CliIo } from "./io.js";

export interface Progress {
  /** The plan about to be applied: sets the total. */
  planned(plan: Plan): void;
  finished(result: ChangeResult): void;
}

export function progressPrinter(io: CliIo, output: string): Progress {
  const machineOutput = output !== "text";
  const stream = machineOutput ? io.stderr : io.stdout;
  const style = machineOutput ? stderrStyle(io) : stdoutStyle(io);
  let done = 0;
  let total = 0;
  return {
    planned: (plan) => {
      total = plan.changes.filter((c) => c.action !== "noop").length;
    },
    finished: (result) => {
      done++;
      stream.write(`${style.dim(`[${done}/${total}]`)} ${renderResultLine(result, style).trimStart()}\n`);
    },
  };
}
