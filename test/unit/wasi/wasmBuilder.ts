// A tiny WebAssembly binary writer for tests: enough to build command modules that import WASI
// functions, own one memory with data, and run a _start body, without any compiler at test time.

export const I32 = 0x7f;
export const I64 = 0x7e;

export interface WasiImport {
  readonly name: string;
  readonly params: readonly number[];
  readonly results: readonly number[];
}

export interface ModuleSpec {
  readonly imports: readonly WasiImport[];
  /** Body of _start (instructions only, without locals or the final `end`). */
  readonly start: readonly number[];
  readonly memoryPages?: number;
  readonly memoryMax?: number;
  readonly data?: readonly { offset: number; bytes: Uint8Array | string }[];
}

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function sleb(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const str = (s: string): number[] => {
  const b = [...new TextEncoder().encode(s)];
  return [...uleb(b.length), ...b];
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** Instruction helpers. */
export const op = {
  i32: (n: number): number[] => [0x41, ...sleb(n)],
  i64: (n: number | bigint): number[] => [0x42, ...sleb(n)],
  call: (idx: number): number[] => [0x10, ...uleb(idx)],
  drop: [0x1a],
  memoryGrow: [0x40, 0x00],
  loop: [0x03, 0x40],
  br: (depth: number): number[] => [0x0c, ...uleb(depth)],
  end: [0x0b],
};

export function buildModule(spec: ModuleSpec): Uint8Array {
  const types = spec.imports.map((i) => [0x60, ...vec(i.params.map((p) => [p])), ...vec(i.results.map((r) => [r]))]);
  types.push([0x60, 0x00, 0x00]);
  const startType = types.length - 1;
  const imports = spec.imports.map((imp, i) => [...str('wasi_snapshot_preview1'), ...str(imp.name), 0x00, ...uleb(i)]);
  const memory = spec.memoryMax === undefined ? [0x00, ...uleb(spec.memoryPages ?? 1)] : [0x01, ...uleb(spec.memoryPages ?? 1), ...uleb(spec.memoryMax)];
  const startIndex = spec.imports.length;
  const exportEntries = [[...str('memory'), 0x02, 0x00], [...str('_start'), 0x00, ...uleb(startIndex)]];
  const body = [0x00, ...spec.start, 0x0b];
  const data = (spec.data ?? []).map((d) => {
    const bytes = typeof d.bytes === 'string' ? [...new TextEncoder().encode(d.bytes)] : [...d.bytes];
    return [0x00, ...op.i32(d.offset), 0x0b, ...uleb(bytes.length), ...bytes];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec(imports)),
    ...section(3, vec([uleb(startType)])),
    ...section(5, vec([memory])),
    ...section(7, vec(exportEntries)),
    ...section(10, vec([[...uleb(body.length), ...body]])),
    ...section(11, vec(data)),
  ]);
}

export const FD_WRITE: WasiImport = { name: 'fd_write', params: [I32, I32, I32, I32], results: [I32] };
export const PROC_EXIT: WasiImport = { name: 'proc_exit', params: [I32], results: [] };
export const RANDOM_GET: WasiImport = { name: 'random_get', params: [I32, I32], results: [I32] };
export const CLOCK_TIME_GET: WasiImport = { name: 'clock_time_get', params: [I32, I64, I32], results: [I32] };
export const PATH_OPEN: WasiImport = { name: 'path_open', params: [I32, I32, I32, I32, I32, I64, I64, I32, I32], results: [I32] };
export const SCHED_YIELD: WasiImport = { name: 'sched_yield', params: [], results: [I32] };
