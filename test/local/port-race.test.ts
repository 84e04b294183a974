// The port race: findFreePort's port can be taken before the server binds it.
// The server then dies with EADDRINUSE while the CLI and tsx hang; startLocalServer
// must notice, clean up and try again on a new port.
import { createServer, type Server, type Socket } from "node:net";
import { randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, it, vi } from "vitest";

const race = vi.hoisted(() => ({ takenPort: 0, calls: 0 }));

vi.mock("../../src/local/port.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/local/port.js")>();
  return {
    ...real,
    // The first port handed out is one somebody else already listens on.
    findFreePort: async () => (++race.calls === 1 ? race.takenPort : real.findFreePort()),
  };
});

const { startLocalServer } = await import("../../src/local/index.js");

const ROOT = resolve(import.meta.dirname, "..", "..");
const stateDir = join(ROOT, "test", ".tmp", `port-race-${randomUUID().slice(0, 8)}`);
let squatter: Server;
const sockets = new Set<Socket>();

beforeAll(async () => {
  // It accepts connections and never answers; the sockets are tracked so that close() cannot wait on them.
  squatter = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((done) => squatter.listen(0, "127.0.0.1", done));
  const address = squatter.address();
  race.takenPort = typeof address === "object" && address ? address.port : 0;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((done) => squatter.close(done));
  await rm(stateDir, { recursive: true, force: true });
});

it("retries on a new port when the first one was taken meanwhile", async () => {
  const lines: string[] = [];
  const server = await startLocalServer({ projectDir: join(ROOT, "example"), stateDir, onOutput: (line) => lines.push(line) });
  try {
    expect(race.calls).toBe(2);
    expect(lines.join("\n")).toContain(`EADDRINUSE: address already in use 127.0.0.1:${race.takenPort}`);
    expect(server.url).not.toContain(`:${race.takenPort}`);
    expect(server.output()).toMatch(/Server running at/);
  } finally {
    await server.stop();
  }
});
