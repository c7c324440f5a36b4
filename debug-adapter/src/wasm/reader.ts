// A bounds-checked cursor over wasm bytes. It throws `WasmReadError` on truncated or malformed
// input; the public readers catch it at their boundary and turn it into an error value.

/** Thrown internally when the bytes end early or an encoding is invalid; never escapes this folder. */
export class WasmReadError extends Error {
  constructor(message: string, readonly offset: number) {
    super(message);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export class ByteReader {
  pos: number;

  constructor(readonly bytes: Uint8Array, start = 0, readonly end = bytes.length) {
    this.pos = start;
  }

  get atEnd(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) throw new WasmReadError('unexpected end of data', this.pos);
    return this.bytes[this.pos++];
  }

  u32le(): number {
    this.need(4);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 4;
    return (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16) | (b[p + 3] << 24)) >>> 0;
  }

  /** Unsigned LEB128 up to 32 bits. */
  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = this.u8();
      if (shift === 28 && (byte & 0x70) !== 0) throw new WasmReadError('LEB128 value exceeds 32 bits', this.pos - 1);
      result += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7;
      if (shift > 28) throw new WasmReadError('LEB128 too long', this.pos);
    }
  }

  /** Unsigned LEB128 up to 64 bits, as a bigint. */
  u64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      const byte = this.u8();
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
    throw new WasmReadError('LEB128 too long', this.pos);
  }

  /** Signed LEB128 up to 32 bits. */
  s32(): number {
    let result = 0;
    let shift = 0;
    let byte: number;
    do {
      if (shift > 35) throw new WasmReadError('LEB128 too long', this.pos);
      byte = this.u8();
      result |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    if (shift < 32 && (byte & 0x40) !== 0) result |= -1 << shift;
    return result | 0;
  }

  /** Signed LEB128 up to 64 bits, as a bigint. */
  s64(): bigint {
    let result = 0n;
    let shift = 0n;
    let byte: number;
    let count = 0;
    do {
      if (++count > 10) throw new WasmReadError('LEB128 too long', this.pos);
      byte = this.u8();
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
    } while (byte & 0x80);
    if (shift < 64n && (byte & 0x40) !== 0) result |= -1n << shift;
    return BigInt.asIntN(64, result);
  }

  f32(): number {
    this.need(4);
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 4).getFloat32(0, true);
    this.pos += 4;
    return v;
  }

  f64(): number {
    this.need(8);
    const v = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.pos, 8).getFloat64(0, true);
    this.pos += 8;
    return v;
  }

  bytesOf(length: number): Uint8Array {
    this.need(length);
    const out = this.bytes.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  skip(length: number): void {
    this.need(length);
    this.pos += length;
  }

  /** A length-prefixed UTF-8 name. */
  name(): string {
    const length = this.u32();
    return utf8.decode(this.bytesOf(length));
  }

  private need(length: number): void {
    if (length < 0 || this.pos + length > this.end) throw new WasmReadError('unexpected end of data', this.pos);
  }
}
