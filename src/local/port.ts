// An ephemeral loopback port: the kernel picks one that is free right now.
// Another process can still take it before the server binds it, so the
// caller retries on EADDRINUSE.
import { createServer } from "node:net";

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address !== null ? address.port : null;
      probe.close(() => (port === null ? reject(new Error("no port assigned")) : resolve(port)));
    });
  });
}

/** Whether a loopback port can be bound right now (another server may already answer on it). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.unref();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}
