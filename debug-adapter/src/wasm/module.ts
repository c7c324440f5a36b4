// Reads the structure of a wasm binary: sections with their offsets, imports, exports, memories,
// custom sections, the name section and where each function body sits. Pure and total: malformed
// input gives `{ error }` (or a warning for a broken optional section), never an exception.
//
// Offsets are absolute file offsets unless a field says otherwise. V8 reports a module's
// `codeOffset` as the start of the Code section payload, and DWARF addresses are relative to it.

import { ByteReader, WasmReadError } from './reader';

export type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128' | 'funcref' | 'externref' | `0x${string}`;
export type ExternKind = 'func' | 'table' | 'memory' | 'global' | 'tag';

export interface FuncType {
  readonly params: readonly ValType[];
  readonly results: readonly ValType[];
}

export interface WasmSection {
  /** Section id (0 = custom, 1 = type, … 10 = code, 11 = data, 12 = data count). */
  readonly id: number;
  /** `custom:<name>` for custom sections, else the section's spec name. */
  readonly name: string;
  /** Offset of the section id byte. */
  readonly offset: number;
  /** Offset of the first payload byte. */
  readonly payloadOffset: number;
  readonly payloadSize: number;
}

export interface Limits {
  readonly min: number;
  readonly max?: number;
  readonly shared: boolean;
  readonly memory64: boolean;
}

export interface GlobalType {
  readonly type: ValType;
  readonly mutable: boolean;
}

export type WasmImport =
  | { readonly module: string; readonly name: string; readonly kind: 'func'; readonly typeIndex: number; readonly type?: FuncType }
  | { readonly module: string; readonly name: string; readonly kind: 'table'; readonly elementType: ValType; readonly limits: Limits }
  | { readonly module: string; readonly name: string; readonly kind: 'memory'; readonly limits: Limits }
  | { readonly module: string; readonly name: string; readonly kind: 'global'; readonly global: GlobalType }
  | { readonly module: string; readonly name: string; readonly kind: 'tag'; readonly typeIndex: number };

export interface WasmExport {
  readonly name: string;
  readonly kind: ExternKind;
  readonly index: number;
}

export interface CustomSection {
  readonly name: string;
  /** Offset of the data after the name. */
  readonly dataOffset: number;
  readonly dataSize: number;
}

export interface FunctionBody {
  /** Function index in the function index space (imports first). */
  readonly index: number;
  readonly typeIndex: number;
  /** Absolute offset of the body (just after its size LEB); DWARF `low_pc` points here, relative to the Code payload. */
  readonly offset: number;
  readonly size: number;
  /** Absolute offset of the first instruction, after the local declarations. */
  readonly instructionsOffset: number;
  /** Declared locals after the parameters, expanded: one entry per local. Capped for absurd counts. */
  readonly locals: readonly ValType[];
}

export interface WasmModuleInfo {
  /** Binary version field (1 for core modules, 0x0d for current components). */
  readonly version: number;
  readonly size: number;
  readonly sections: readonly WasmSection[];
  readonly types: readonly FuncType[];
  readonly imports: readonly WasmImport[];
  readonly exports: readonly WasmExport[];
  /** Memories in index order, imported ones first. */
  readonly memories: readonly Limits[];
  /** Globals in index order, imported ones first. */
  readonly globals: readonly GlobalType[];
  readonly importedFunctionCount: number;
  /** Type index for every function (imports first). */
  readonly functionTypes: readonly number[];
  readonly functions: readonly FunctionBody[];
  readonly startFunction?: number;
  readonly customSections: readonly CustomSection[];
  /** From the name section: function index → name. */
  readonly functionNames: ReadonlyMap<number, string>;
  /** From the name section: function index → (local index → name). */
  readonly localNames: ReadonlyMap<number, ReadonlyMap<number, string>>;
  /** From the name section: global index → name. */
  readonly globalNames: ReadonlyMap<number, string>;
  readonly moduleName?: string;
  /** Absolute offset of the Code section payload (= V8 `codeOffset`); undefined without a Code section. */
  readonly codeSectionOffset?: number;
  /** True when DWARF sections (`.debug_info` or `.debug_line`) are embedded. */
  readonly hasDwarf: boolean;
  /**
   * A component-model binary (layer 1), not a core module. Its sections are listed but not interpreted,
   * so imports, exports, functions etc. are empty; a warning says so.
   */
  readonly isComponent: boolean;
  /** Problems in optional parts (a broken name section): the rest of the module is still usable. */
  readonly warnings: readonly string[];
}

export type ReadResult = WasmModuleInfo | { readonly error: string };

export function isReadError(r: ReadResult): r is { readonly error: string } {
  return 'error' in r;
}

/** Reads a wasm binary. Never throws. */
export function readModule(bytes: Uint8Array): ReadResult {
  try {
    return read(bytes);
  } catch (e) {
    if (e instanceof WasmReadError) return { error: `malformed wasm at offset 0x${e.offset.toString(16)}: ${e.message}` };
    return { error: `malformed wasm: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** The custom section's bytes, or undefined. */
export function customSectionBytes(bytes: Uint8Array, info: WasmModuleInfo, name: string): Uint8Array | undefined {
  const s = info.customSections.find((c) => c.name === name);
  return s ? bytes.subarray(s.dataOffset, s.dataOffset + s.dataSize) : undefined;
}

/** The function whose body contains `codeRelative` (an offset relative to the Code payload), if any. */
export function functionAtCodeOffset(info: WasmModuleInfo, codeRelative: number): FunctionBody | undefined {
  if (info.codeSectionOffset === undefined) return undefined;
  const abs = codeRelative + info.codeSectionOffset;
  let lo = 0;
  let hi = info.functions.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const f = info.functions[mid];
    if (abs < f.offset) hi = mid - 1;
    else if (abs >= f.offset + f.size) lo = mid + 1;
    else return f;
  }
  return undefined;
}

/** The name of function `index`: from the name section, else its export name, else `$func<index>`. */
export function functionName(info: WasmModuleInfo, index: number): string {
  const named = info.functionNames.get(index);
  if (named !== undefined) return named;
  const exported = info.exports.find((e) => e.kind === 'func' && e.index === index);
  if (exported) return exported.name;
  if (index < info.importedFunctionCount) {
    const imp = info.imports.filter((i) => i.kind === 'func')[index];
    if (imp) return `${imp.module}.${imp.name}`;
  }
  return `$func${index}`;
}

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'];
const MAX_LOCALS = 50_000;

function read(bytes: Uint8Array): ReadResult {
  if (bytes.length < 8) return { error: 'not a wasm file: shorter than the 8-byte header' };
  if (bytes[0] !== 0x00 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    return { error: 'not a wasm file: missing the \\0asm magic number' };
  }
  const version = bytes[4] | (bytes[5] << 8);
  const layer = bytes[6] | (bytes[7] << 8);
  const warnings: string[] = [];
  if (layer === 1) {
    warnings.push('this is a WebAssembly component; only core modules can be run and debugged');
    return {
      version, size: bytes.length, sections: readSectionList(bytes, warnings), types: [], imports: [], exports: [],
      memories: [], globals: [], importedFunctionCount: 0, functionTypes: [], functions: [], customSections: [],
      functionNames: new Map(), localNames: new Map(), globalNames: new Map(), hasDwarf: false, isComponent: true, warnings,
    };
  }
  if (layer !== 0 || version !== 1) return { error: `unsupported wasm binary version ${version} (layer ${layer})` };

  const r = new ByteReader(bytes, 8);
  const sections: WasmSection[] = [];
  const types: FuncType[] = [];
  const imports: WasmImport[] = [];
  const exports: WasmExport[] = [];
  const memories: Limits[] = [];
  const globals: GlobalType[] = [];
  const functionTypes: number[] = [];
  const functions: FunctionBody[] = [];
  const customSections: CustomSection[] = [];
  const names: Names = { functions: new Map(), locals: new Map(), globals: new Map() };
  let importedFunctionCount = 0;
  let startFunction: number | undefined;
  let codeSectionOffset: number | undefined;

  while (!r.atEnd) {
    const offset = r.pos;
    const id = r.u8();
    const size = r.u32();
    const payloadOffset = r.pos;
    if (payloadOffset + size > bytes.length) throw new WasmReadError(`section ${SECTION_NAMES[id] ?? id} runs past the end of the file`, offset);
    const s = new ByteReader(bytes, payloadOffset, payloadOffset + size);
    let name = SECTION_NAMES[id] ?? `unknown(${id})`;
    switch (id) {
      case 0: {
        const customName = s.name();
        name = `custom:${customName}`;
        customSections.push({ name: customName, dataOffset: s.pos, dataSize: payloadOffset + size - s.pos });
        if (customName === 'name') readNameSection(bytes, s, names, warnings);
        break;
      }
      case 1:
        for (let n = s.u32(), i = 0; i < n; i++) types.push(readFuncType(s));
        break;
      case 2:
        for (let n = s.u32(), i = 0; i < n; i++) {
          const imp = readImport(s, types);
          imports.push(imp);
          if (imp.kind === 'func') {
            importedFunctionCount++;
            functionTypes.push(imp.typeIndex);
          } else if (imp.kind === 'memory') memories.push(imp.limits);
          else if (imp.kind === 'global') globals.push(imp.global);
        }
        break;
      case 3:
        for (let n = s.u32(), i = 0; i < n; i++) functionTypes.push(s.u32());
        break;
      case 5:
        for (let n = s.u32(), i = 0; i < n; i++) memories.push(readLimits(s));
        break;
      case 6:
        for (let n = s.u32(), i = 0; i < n; i++) {
          globals.push(readGlobalType(s));
          skipConstExpr(s);
        }
        break;
      case 7:
        for (let n = s.u32(), i = 0; i < n; i++) {
          const exportName = s.name();
          exports.push({ name: exportName, kind: externKind(s.u8(), s.pos), index: s.u32() });
        }
        break;
      case 8:
        startFunction = s.u32();
        break;
      case 10: {
        codeSectionOffset = payloadOffset;
        const count = s.u32();
        for (let i = 0; i < count; i++) {
          const bodySize = s.u32();
          const bodyOffset = s.pos;
          const index = importedFunctionCount + i;
          const body = new ByteReader(bytes, bodyOffset, bodyOffset + bodySize);
          if (bodyOffset + bodySize > s.end) throw new WasmReadError('function body runs past the Code section', bodyOffset);
          const locals = readLocals(body);
          functions.push({ index, typeIndex: functionTypes[index] ?? -1, offset: bodyOffset, size: bodySize, instructionsOffset: body.pos, locals });
          s.pos = bodyOffset + bodySize;
        }
        break;
      }
      default:
        break;
    }
    sections.push({ id, name, offset, payloadOffset, payloadSize: size });
    r.pos = payloadOffset + size;
  }

  const hasDwarf = customSections.some((c) => c.name === '.debug_info' || c.name === '.debug_line');
  return {
    version, size: bytes.length, sections, types, imports, exports, memories, globals,
    importedFunctionCount, functionTypes, functions, startFunction, customSections,
    functionNames: names.functions, localNames: names.locals, globalNames: names.globals, moduleName: names.module,
    codeSectionOffset, hasDwarf, isComponent: false, warnings,
  };
}

function readSectionList(bytes: Uint8Array, warnings: string[]): WasmSection[] {
  const out: WasmSection[] = [];
  const r = new ByteReader(bytes, 8);
  try {
    while (!r.atEnd) {
      const offset = r.pos;
      const id = r.u8();
      const size = r.u32();
      out.push({ id, name: `component-section(${id})`, offset, payloadOffset: r.pos, payloadSize: size });
      r.skip(size);
    }
  } catch (e) {
    if (!(e instanceof WasmReadError)) throw e;
    warnings.push(`component section list is truncated at offset 0x${e.offset.toString(16)}`);
  }
  return out;
}

function valType(code: number): ValType {
  switch (code) {
    case 0x7f: return 'i32';
    case 0x7e: return 'i64';
    case 0x7d: return 'f32';
    case 0x7c: return 'f64';
    case 0x7b: return 'v128';
    case 0x70: return 'funcref';
    case 0x6f: return 'externref';
    default: return `0x${code.toString(16)}`;
  }
}

function readFuncType(s: ByteReader): FuncType {
  const form = s.u8();
  if (form !== 0x60) throw new WasmReadError(`unsupported type form 0x${form.toString(16)}`, s.pos - 1);
  const params: ValType[] = [];
  for (let n = s.u32(), i = 0; i < n; i++) params.push(valType(s.u8()));
  const results: ValType[] = [];
  for (let n = s.u32(), i = 0; i < n; i++) results.push(valType(s.u8()));
  return { params, results };
}

function readLimits(s: ByteReader): Limits {
  const flags = s.u8();
  const memory64 = (flags & 0x04) !== 0;
  const shared = (flags & 0x02) !== 0;
  const min = memory64 ? Number(s.u64()) : s.u32();
  const max = flags & 0x01 ? (memory64 ? Number(s.u64()) : s.u32()) : undefined;
  return { min, max, shared, memory64 };
}

function readGlobalType(s: ByteReader): GlobalType {
  const type = valType(s.u8());
  return { type, mutable: s.u8() === 1 };
}

function externKind(code: number, pos: number): ExternKind {
  switch (code) {
    case 0: return 'func';
    case 1: return 'table';
    case 2: return 'memory';
    case 3: return 'global';
    case 4: return 'tag';
    default: throw new WasmReadError(`unknown external kind ${code}`, pos - 1);
  }
}

function readImport(s: ByteReader, types: readonly FuncType[]): WasmImport {
  const module = s.name();
  const name = s.name();
  const kindPos = s.pos + 1;
  const kind = externKind(s.u8(), kindPos);
  switch (kind) {
    case 'func': {
      const typeIndex = s.u32();
      return { module, name, kind, typeIndex, type: types[typeIndex] };
    }
    case 'table': {
      const elementType = valType(s.u8());
      return { module, name, kind, elementType, limits: readLimits(s) };
    }
    case 'memory':
      return { module, name, kind, limits: readLimits(s) };
    case 'global':
      return { module, name, kind, global: readGlobalType(s) };
    case 'tag': {
      s.u8();
      return { module, name, kind, typeIndex: s.u32() };
    }
  }
}

/** Skips a constant expression up to and including its `end`. */
function skipConstExpr(s: ByteReader): void {
  for (;;) {
    const op = s.u8();
    switch (op) {
      case 0x0b: return;
      case 0x41: s.s32(); break;
      case 0x42: s.s64(); break;
      case 0x43: s.skip(4); break;
      case 0x44: s.skip(8); break;
      case 0x23: case 0xd2: s.u32(); break;
      case 0xd0: s.u8(); break;
      case 0x6a: case 0x6b: case 0x6c: case 0x7c: case 0x7d: case 0x7e: break;
      case 0xfd: s.u32(); s.skip(16); break;
      default: throw new WasmReadError(`unsupported opcode 0x${op.toString(16)} in a constant expression`, s.pos - 1);
    }
  }
}

function readLocals(body: ByteReader): ValType[] {
  const locals: ValType[] = [];
  for (let n = body.u32(), i = 0; i < n; i++) {
    const count = body.u32();
    const type = valType(body.u8());
    for (let k = 0; k < count && locals.length < MAX_LOCALS; k++) locals.push(type);
  }
  return locals;
}

interface Names {
  functions: Map<number, string>;
  locals: Map<number, Map<number, string>>;
  globals: Map<number, string>;
  module?: string;
}

/** The name section is optional metadata: a broken one becomes a warning, and whatever was read is kept. */
function readNameSection(bytes: Uint8Array, s: ByteReader, names: Names, warnings: string[]): void {
  try {
    while (!s.atEnd) {
      const sub = s.u8();
      const size = s.u32();
      const end = s.pos + size;
      if (end > s.end) throw new WasmReadError('name subsection runs past the section', s.pos);
      const r = new ByteReader(bytes, s.pos, end);
      if (sub === 0) names.module = r.name();
      else if (sub === 1) readNameMap(r, names.functions);
      else if (sub === 2) {
        for (let n = r.u32(), i = 0; i < n; i++) {
          const fn = r.u32();
          const map = new Map<number, string>();
          readNameMap(r, map);
          names.locals.set(fn, map);
        }
      } else if (sub === 7) readNameMap(r, names.globals);
      s.pos = end;
    }
  } catch (e) {
    if (!(e instanceof WasmReadError)) throw e;
    warnings.push(`name section is malformed at offset 0x${e.offset.toString(16)} (${e.message}); names read before it are kept`);
  }
}

function readNameMap(r: ByteReader, into: Map<number, string>): void {
  for (let n = r.u32(), i = 0; i < n; i++) {
    const index = r.u32();
    into.set(index, r.name());
  }
}
