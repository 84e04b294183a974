// The last lines a child process printed, without colour codes, for error
// messages ("the server exited: <tail>") and for callers that want to log it.

// CSI sequences (colours, cursor moves) and OSC sequences (terminal titles, links).
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

export class OutputTail {
  private readonly lines: string[] = [];
  /** The unfinished last line of each stream: stdout and stderr chunks interleave mid-line. */
  private readonly partial = new Map<string, string>();

  constructor(
    private readonly maxLines: number,
    private readonly onLine?: (line: string) => void,
  ) {}

  /** Add a chunk of one stream's output; complete lines are kept and reported. */
  push(stream: string, chunk: string): void {
    const pieces = ((this.partial.get(stream) ?? "") + chunk).split(/\r?\n/);
    this.partial.set(stream, pieces.pop() ?? "");
    for (const piece of pieces) this.add(stripAnsi(piece).replace(/\r/g, ""));
  }

  /** Every kept line, the unfinished last ones included. */
  text(): string {
    const unfinished = [...this.partial.values()].filter((line) => line !== "").map(stripAnsi);
    return [...this.lines, ...unfinished].join("\n");
  }

  /** The last `count` lines, for one error message. */
  last(count: number): string {
    return this.text().split("\n").slice(-count).join("\n");
  }

  private add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > this.maxLines) this.lines.splice(0, this.lines.length - this.maxLines);
    this.onLine?.(line);
  }
}
