// Guest linear memory access. Only the area modules read guest memory; fd classes get plain
// Uint8Arrays and strings. Views are rebuilt only when the memory buffer changed (growth), which is
// also where the maximum-memory limit is checked, so the per-call cost is one identity comparison.
import { WasiLimitExceeded } from './errors';
import type { WasmMemory } from './wasmTypes';

/** Thrown by the accessors for a pointer outside linear memory; the dispatcher returns `fault`. */
export class GuestFault extends Error {
  constructor() {
    super('guest pointer out of bounds');
    this.name = 'GuestFault';
  }
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

export function encodeUtf8(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

export class GuestMemory {
  u8: Uint8Array = new Uint8Array(0);
  dv: DataView = new DataView(new ArrayBuffer(0));
  size = 0;
  private memory: WasmMemory | undefined;
  private buffer: ArrayBufferLike | undefined;
  private shared = false;

  constructor(private readonly maxBytes: number | undefined) {}

  attach(memory: WasmMemory): void {
    this.memory = memory;
    this.buffer = undefined;
    this.size = 0;
    this.refresh();
  }

  get attached(): boolean {
    return this.memory !== undefined;
  }

  /** Call at the start of every WASI call that touches memory: picks up growth, enforces the limit. */
  refresh(): void {
    // Growing a non-shared memory detaches its old buffer, so a view that still has its length
    // proves nothing changed, without calling the (slower) `memory.buffer` accessor.
    if (this.size !== 0 && this.u8.length === this.size && !this.shared) return;
    const memory = this.memory;
    if (memory === undefined) throw new Error('WASI host has no memory: call start() or initialize() first, or attachMemory()');
    const buffer = memory.buffer;
    if (buffer === this.buffer) return;
    this.buffer = buffer;
    this.shared = !(buffer instanceof ArrayBuffer);
    this.u8 = new Uint8Array(buffer);
    this.dv = new DataView(buffer);
    this.size = buffer.byteLength;
    if (this.maxBytes !== undefined && this.size > this.maxBytes) {
      throw new WasiLimitExceeded('memory', `linear memory is ${this.size} bytes, over the limit of ${this.maxBytes} bytes`);
    }
  }

  /** Throws GuestFault unless [ptr, ptr+len) lies inside memory; returns ptr as an unsigned number. */
  check(ptr: number, len: number): number {
    const p = ptr >>> 0;
    if (p + (len >>> 0) > this.size) throw new GuestFault();
    return p;
  }

  setU32(ptr: number, value: number): void {
    this.dv.setUint32(this.check(ptr, 4), value, true);
  }

  setU16(ptr: number, value: number): void {
    this.dv.setUint16(this.check(ptr, 2), value, true);
  }

  setU8(ptr: number, value: number): void {
    this.u8[this.check(ptr, 1)] = value;
  }

  setU64(ptr: number, value: bigint): void {
    this.dv.setBigUint64(this.check(ptr, 8), value, true);
  }

  /** Writes a non-negative safe integer as u64 without going through a bigint. */
  setU64n(ptr: number, value: number): void {
    const p = this.check(ptr, 8);
    this.dv.setUint32(p, value % 0x1_0000_0000, true);
    this.dv.setUint32(p + 4, Math.floor(value / 0x1_0000_0000), true);
  }

  bytes(ptr: number, len: number): Uint8Array {
    const p = this.check(ptr, len);
    return this.u8.subarray(p, p + (len >>> 0));
  }

  /**
   * Decodes UTF-8; returns undefined for invalid UTF-8 (callers answer `ilseq`). The same bytes as the
   * previous call give the same string object back, so a path used in a loop is decoded, hashed and
   * joined once (the caches in DirectoryFd and the access log key on it).
   */
  string(ptr: number, len: number): string | undefined {
    const p = this.check(ptr, len);
    const n = len >>> 0;
    const u8 = this.u8;
    const last = this.lastBytes;
    // Compared in place: a repeated path costs no view allocation.
    if (last.length === n && this.lastString !== undefined) {
      let same = true;
      for (let i = 0; i < n; i++) if (u8[p + i] !== last[i]) { same = false; break; }
      if (same) return this.lastString;
    }
    const view = u8.subarray(p, p + n);
    const text = this.decode(view);
    if (text !== undefined && view.length <= 256) {
      this.lastBytes = view.slice();
      this.lastString = text;
    }
    return text;
  }

  private lastBytes: Uint8Array = new Uint8Array(0);
  private lastString: string | undefined;

  private decode(view: Uint8Array): string | undefined {
    // Short ASCII strings (most paths) are cheaper to build directly than through TextDecoder.
    if (view.length <= 64) {
      let ascii = true;
      for (let i = 0; i < view.length; i++) if (view[i] > 0x7f) { ascii = false; break; }
      if (ascii) return String.fromCharCode.apply(null, view as unknown as number[]);
    }
    try {
      // TextDecoder refuses views of a SharedArrayBuffer (shared memories), so copy those first.
      return utf8Decoder.decode(view.buffer instanceof ArrayBuffer ? view : view.slice());
    } catch {
      return undefined;
    }
  }
}
