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

/**
 * WebAssembly memory never shrinks: an instance grown for one large body would hold that memory for the life of
 * the server (a 50 MB body left ~400 MB resident). The pool keeps one instance whose memory stays within
 * `keepBytes` and serves anything larger from an instance of its own, dropped after the call (its memory goes
 * with it once the caller lets go of the views).
 */
export class WasmPool<E extends { readonly memory: WasmMemory }> {
  /** The instance kept between calls. */
  readonly kept: E;

  constructor(
    private readonly base64: string,
    readonly keepBytes: number,
  ) {
    this.kept = instantiate<E>(base64);
  }

  /**
   * An instance whose memory holds at least `bytes`: the kept one (grown) within the bound, else a new one for this
   * call only. Undefined past WebAssembly's 4 GiB: the caller takes its JavaScript path.
   */
  instanceFor(bytes: number): E | undefined {
    const instance = bytes <= this.keepBytes ? this.kept : instantiate<E>(this.base64);
    return ensureBytes(instance.memory, bytes) ? instance : undefined;
  }
}
