// The server's side of the hand-written WebAssembly modules. build.ts (wabt, a development dependency) is not
// exported here on purpose: only the modules' build-module.ts scripts import it.
export { ensureBytes, instantiate, type WasmMemory, WasmPool } from "./runtime.js";
