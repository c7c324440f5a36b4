// A test memory for ABI-level tests: a real WebAssembly.Memory with a bump allocator for strings,
// iovecs and structs, plus readers for what the host wrote back.
import type { WasmMemory } from '../../../debug-adapter/src/wasi/wasmTypes';
import { wasmApi } from '../../../debug-adapter/src/wasi/wasmTypes';

export class TestMemory {
  readonly memory: WasmMemory;
  private next = 16;

  constructor(pages = 1, maximum?: number) {
    this.memory = new (wasmApi().Memory)({ initial: pages, maximum });
  }

  get view(): DataView {
    return new DataView(this.memory.buffer);
  }

  get bytes(): Uint8Array {
    return new Uint8Array(this.memory.buffer);
  }

  alloc(size: number, align = 8): number {
    this.next = Math.ceil(this.next / align) * align;
    const ptr = this.next;
    this.next += size;
    if (this.next > this.memory.buffer.byteLength) throw new Error('test memory exhausted');
    return ptr;
  }

  /** Copies bytes (or a UTF-8 string) into memory; returns [ptr, len]. */
  data(content: string | Uint8Array): [number, number] {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    const ptr = this.alloc(Math.max(bytes.length, 1), 1);
    this.bytes.set(bytes, ptr);
    return [ptr, bytes.length];
  }

  /** Builds an iovec array over the given buffers; returns [iovsPtr, count]. */
  iovecs(buffers: readonly (readonly [number, number])[]): [number, number] {
    const ptr = this.alloc(buffers.length * 8, 4);
    buffers.forEach(([p, len], i) => {
      this.view.setUint32(ptr + i * 8, p, true);
      this.view.setUint32(ptr + i * 8 + 4, len, true);
    });
    return [ptr, buffers.length];
  }

  u32(ptr: number): number { return this.view.getUint32(ptr, true); }
  u16(ptr: number): number { return this.view.getUint16(ptr, true); }
  u8(ptr: number): number { return this.view.getUint8(ptr); }
  u64(ptr: number): bigint { return this.view.getBigUint64(ptr, true); }
  setU32(ptr: number, v: number): void { this.view.setUint32(ptr, v, true); }
  setU64(ptr: number, v: bigint): void { this.view.setBigUint64(ptr, v, true); }
  setU16(ptr: number, v: number): void { this.view.setUint16(ptr, v, true); }
  setU8(ptr: number, v: number): void { this.view.setUint8(ptr, v); }

  text(ptr: number, len: number): string {
    return Buffer.from(this.bytes.subarray(ptr, ptr + len)).toString('utf8');
  }
}
