// Structural types for the few WebAssembly JS API objects the host touches. The project compiles
// against lib ES2022 without DOM, which has no WebAssembly namespace; these match the real objects
// (a WebAssembly.Memory and WebAssembly.Instance are assignable to them).

export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(deltaPages: number): number;
}

export interface WasmInstance {
  readonly exports: Readonly<Record<string, unknown>>;
}

interface WasmGlobal {
  readonly Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}

/** The runtime's WebAssembly object (always present in Node). */
export function wasmApi(): WasmGlobal {
  return (globalThis as unknown as { WebAssembly: WasmGlobal }).WebAssembly;
}

export function isWasmMemory(value: unknown): value is WasmMemory {
  return value instanceof (wasmApi().Memory as unknown as new () => object);
}
