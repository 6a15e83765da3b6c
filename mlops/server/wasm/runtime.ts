// WebAssembly is global in Node, but its TypeScript types live in the DOM lib, which this project does not load.
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
const PAGE = 65536;
/** Compiled modules by their base64 text: each is compiled once per process, instantiated per user. */
const compiled = new Map<string, object>();

/** A module instance's linear memory. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** A new instance of the module whose bytes `base64` holds, its exports typed as `E` (no imports). */
export function instantiate<E extends { readonly memory: WasmMemory }>(base64: string): E {
  let module = compiled.get(base64);
  if (module === undefined) {
    module = new wasm.Module(Buffer.from(base64, "base64"));
    compiled.set(base64, module);
  }
  return new wasm.Instance(module, {}).exports as E;
}

/**
 * Grows `memory` to hold at least `bytes`. False when it cannot (past WebAssembly's 4 GiB): the caller then takes
 * its JavaScript path. After growing, views of the old `memory.buffer` are detached: make new ones.
 */
export function ensureBytes(memory: WasmMemory, bytes: number): boolean {
  const have = memory.buffer.byteLength;
  if (bytes <= have) return true;
  try {
    memory.grow(Math.ceil((bytes - have) / PAGE));
    return true;
  } catch {
    return false;
  }
}
