// The embedded LangGraph dev server, for --local runs and for tests.
export { startLocalServer } from "./server.js";
export type { LocalServer, StartLocalServerOptions } from "./server.js";
export { findFreePort } from "./port.js";
export { resolveCliScript } from "./cli-script.js";
export { rebaseConfig } from "./state-dir.js";
