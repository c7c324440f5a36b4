// A minimal `.debug_info` walker (DWARF 2–5): for each compilation unit its name, compilation
// directory and line program offset, and every function (DW_TAG_subprogram with code) with its
// qualified name and address range. That is what line tables, function breakpoints and
// stopOnEntry need; types and variables are left to @vscode/dwarf-debugging.
// Pure and total: a malformed unit ends the walk with an error, earlier units are kept.

import { ByteReader, WasmReadError } from '../wasm/reader';
import { cString, readOffset } from './debugLine';

export interface DebugInfoSections {
  readonly debugInfo: Uint8Array;
  readonly debugAbbrev: Uint8Array;
  readonly debugStr?: Uint8Array;
  readonly debugLineStr?: Uint8Array;
  readonly debugStrOffsets?: Uint8Array;
  readonly debugAddr?: Uint8Array;
}

export interface CompileUnit {
  readonly offset: number;
  readonly version: number;
  readonly name: string;
  readonly compDir: string;
  /** Offset of the unit's line program in `.debug_line`, if it has one. */
  readonly stmtList?: number;
  readonly language?: number;
}

export interface DwarfFunction {
  /** Source name, e.g. `main` or `square`. */
  readonly name: string;
  /** Name with enclosing namespaces/types, e.g. `demo::main`; equals `name` in C. */
  readonly qualifiedName: string;
  readonly linkageName?: string;
  /** Code-section-relative address range [lowPc, highPc). */
  readonly lowPc: number;
  readonly highPc: number;
  readonly unitOffset: number;
  readonly declLine?: number;
}

export interface DebugInfoResult {
  readonly units: readonly CompileUnit[];
  readonly functions: readonly DwarfFunction[];
  readonly errors: readonly string[];
}

/** Walks `.debug_info`. Never throws. */
export function readDebugInfo(sections: DebugInfoSections): DebugInfoResult {
  const units: CompileUnit[] = [];
  const functions: DwarfFunction[] = [];
  const errors: string[] = [];
  const r = new ByteReader(sections.debugInfo);
  const abbrevCache = new Map<number, Map<number, Abbrev>>();
  while (r.pos < sections.debugInfo.length) {
    const offset = r.pos;
    try {
      const next = readUnit(r, offset, sections, abbrevCache, units, functions);
      r.pos = next;
    } catch (e) {
      if (!(e instanceof WasmReadError)) throw e;
      errors.push(`.debug_info unit at 0x${offset.toString(16)} is malformed at 0x${e.offset.toString(16)}: ${e.message}`);
      break;
    }
  }
  return { units, functions, errors };
}

interface AttrSpec {
  readonly name: number;
  readonly form: number;
  readonly implicitConst?: number;
}

interface Abbrev {
  readonly tag: number;
  readonly hasChildren: boolean;
  readonly attrs: readonly AttrSpec[];
}

const DW_TAG_compile_unit = 0x11;
const DW_TAG_subprogram = 0x2e;
const DW_TAG_namespace = 0x39;
const DW_TAG_structure_type = 0x13;
const DW_TAG_class_type = 0x02;
const DW_TAG_union_type = 0x17;
const DW_TAG_enumeration_type = 0x04;

const DW_AT_name = 0x03;
const DW_AT_stmt_list = 0x10;
const DW_AT_low_pc = 0x11;
const DW_AT_high_pc = 0x12;
const DW_AT_language = 0x13;
const DW_AT_comp_dir = 0x1b;
const DW_AT_decl_line = 0x3b;
const DW_AT_linkage_name = 0x6e;
const DW_AT_MIPS_linkage_name = 0x2007;
const DW_AT_str_offsets_base = 0x72;
const DW_AT_addr_base = 0x73;

function readAbbrevs(bytes: Uint8Array, offset: number): Map<number, Abbrev> {
  const r = new ByteReader(bytes, offset);
  const table = new Map<number, Abbrev>();
  for (;;) {
    const code = r.u32();
    if (code === 0) return table;
    const tag = r.u32();
    const hasChildren = r.u8() !== 0;
    const attrs: AttrSpec[] = [];
    for (;;) {
      const name = r.u32();
      const form = r.u32();
      if (name === 0 && form === 0) break;
      attrs.push(form === 0x21 ? { name, form, implicitConst: r.s32() } : { name, form });
    }
    table.set(code, { tag, hasChildren, attrs });
  }
}

/** A raw attribute value: a number, a string, or a deferred index that needs the unit's bases. */
type RawValue =
  | { kind: 'num'; value: number; isAddress: boolean }
  | { kind: 'str'; value: string }
  | { kind: 'strx'; index: number }
  | { kind: 'addrx'; index: number }
  | { kind: 'none' };

interface UnitContext {
  readonly version: number;
  readonly is64: boolean;
  readonly addressSize: number;
  readonly sections: DebugInfoSections;
}

function readValue(r: ByteReader, form: number, ctx: UnitContext, spec: AttrSpec): RawValue {
  const num = (value: number, isAddress = false): RawValue => ({ kind: 'num', value, isAddress });
  switch (form) {
    case 0x01: { // addr
      let v = 0;
      for (let i = 0; i < ctx.addressSize; i++) v += r.u8() * 2 ** (8 * i);
      return num(v, true);
    }
    case 0x03: r.skip(r.u8() | (r.u8() << 8)); return { kind: 'none' };
    case 0x04: r.skip(r.u32le()); return { kind: 'none' };
    case 0x05: return num(r.u8() | (r.u8() << 8));
    case 0x06: return num(r.u32le());
    case 0x07: { const lo = r.u32le(); const hi = r.u32le(); return num(hi * 2 ** 32 + lo); }
    case 0x08: {
      const start = r.pos;
      while (r.u8() !== 0) { /* scan */ }
      return { kind: 'str', value: cString(r.bytes, start) };
    }
    case 0x09: case 0x18: r.skip(r.u32()); return { kind: 'none' };
    case 0x0a: r.skip(r.u8()); return { kind: 'none' };
    case 0x0b: return num(r.u8());
    case 0x0c: return num(r.u8());
    case 0x0d: return num(r.s32());
    case 0x0e: return { kind: 'str', value: cString(ctx.sections.debugStr, readOffset(r, ctx.is64)) };
    case 0x0f: return num(Number(r.u64()));
    case 0x10: return num(ctx.version <= 2 ? r.u32le() : readOffset(r, ctx.is64));
    case 0x11: return num(r.u8());
    case 0x12: return num(r.u8() | (r.u8() << 8));
    case 0x13: return num(r.u32le());
    case 0x14: r.skip(8); return { kind: 'none' };
    case 0x15: return num(r.u32());
    case 0x16: return readValue(r, r.u32(), ctx, spec);
    case 0x17: return num(readOffset(r, ctx.is64));
    case 0x19: return num(1);
    case 0x1a: return { kind: 'strx', index: r.u32() };
    case 0x1b: return { kind: 'addrx', index: r.u32() };
    case 0x1c: return num(r.u32le());
    case 0x1d: readOffset(r, ctx.is64); return { kind: 'none' };
    case 0x1e: r.skip(16); return { kind: 'none' };
    case 0x1f: return { kind: 'str', value: cString(ctx.sections.debugLineStr, readOffset(r, ctx.is64)) };
    case 0x20: r.skip(8); return { kind: 'none' };
    case 0x21: return num(spec.implicitConst ?? 0);
    case 0x22: case 0x23: return num(r.u32());
    case 0x24: r.skip(8); return { kind: 'none' };
    case 0x25: return { kind: 'strx', index: r.u8() };
    case 0x26: return { kind: 'strx', index: r.u8() | (r.u8() << 8) };
    case 0x27: return { kind: 'strx', index: r.u8() | (r.u8() << 8) | (r.u8() << 16) };
    case 0x28: return { kind: 'strx', index: r.u32le() };
    case 0x29: return { kind: 'addrx', index: r.u8() };
    case 0x2a: return { kind: 'addrx', index: r.u8() | (r.u8() << 8) };
    case 0x2b: return { kind: 'addrx', index: r.u8() | (r.u8() << 8) | (r.u8() << 16) };
    case 0x2c: return { kind: 'addrx', index: r.u32le() };
    case 0x1f01: return { kind: 'addrx', index: r.u32() };
    case 0x1f02: return { kind: 'strx', index: r.u32() };
    case 0x1f20: case 0x1f21: readOffset(r, ctx.is64); return { kind: 'none' };
    default: throw new WasmReadError(`unknown attribute form 0x${form.toString(16)}`, r.pos);
  }
}

interface Bases {
  strOffsets: number;
  addr: number;
}

function resolveString(v: RawValue | undefined, ctx: UnitContext, bases: Bases): string | undefined {
  if (!v) return undefined;
  if (v.kind === 'str') return v.value;
  if (v.kind === 'strx' && ctx.sections.debugStrOffsets) {
    const size = ctx.is64 ? 8 : 4;
    const at = bases.strOffsets + v.index * size;
    if (at + size > ctx.sections.debugStrOffsets.length) return undefined;
    const r = new ByteReader(ctx.sections.debugStrOffsets, at);
    return cString(ctx.sections.debugStr, readOffset(r, ctx.is64));
  }
  return undefined;
}

function resolveNumber(v: RawValue | undefined, ctx: UnitContext, bases: Bases): number | undefined {
  if (!v) return undefined;
  if (v.kind === 'num') return v.value;
  if (v.kind === 'addrx' && ctx.sections.debugAddr) {
    const at = bases.addr + v.index * ctx.addressSize;
    if (at + ctx.addressSize > ctx.sections.debugAddr.length) return undefined;
    const r = new ByteReader(ctx.sections.debugAddr, at);
    return ctx.addressSize === 8 ? readOffset(r, true) : r.u32le();
  }
  return undefined;
}

function readUnit(
  r: ByteReader, offset: number, sections: DebugInfoSections, abbrevCache: Map<number, Map<number, Abbrev>>,
  units: CompileUnit[], functions: DwarfFunction[],
): number {
  let length = r.u32le();
  let is64 = false;
  if (length === 0xffffffff) {
    is64 = true;
    length = readOffset(r, true);
  }
  const end = r.pos + length;
  if (end > r.end) throw new WasmReadError('unit runs past the end of .debug_info', r.pos);
  const version = r.u8() | (r.u8() << 8);
  if (version < 2 || version > 5) throw new WasmReadError(`unsupported unit version ${version}`, r.pos - 2);
  let abbrevOffset: number;
  let addressSize: number;
  if (version >= 5) {
    const unitType = r.u8();
    addressSize = r.u8();
    abbrevOffset = readOffset(r, is64);
    if (unitType === 2 || unitType === 6) r.skip(8 + (is64 ? 8 : 4)); // type units: signature + type offset
    else if (unitType === 4 || unitType === 5) r.skip(8); // skeleton / split: dwo id
  } else {
    abbrevOffset = readOffset(r, is64);
    addressSize = r.u8();
  }
  let abbrevs = abbrevCache.get(abbrevOffset);
  if (!abbrevs) {
    abbrevs = readAbbrevs(sections.debugAbbrev, abbrevOffset);
    abbrevCache.set(abbrevOffset, abbrevs);
  }
  const ctx: UnitContext = { version, is64, addressSize, sections };
  // DWARF 5 defaults when the unit does not name its bases: just past the section headers.
  const bases: Bases = { strOffsets: 8, addr: 8 };
  /** Enclosing scopes: a name for namespaces/types, undefined for other DIEs with children. */
  const scope: (string | undefined)[] = [];
  let first = true;
  while (r.pos < end) {
    const code = r.u32();
    if (code === 0) {
      scope.pop();
      continue;
    }
    const abbrev = abbrevs.get(code);
    if (!abbrev) throw new WasmReadError(`unknown abbreviation code ${code}`, r.pos);
    const values = new Map<number, RawValue>();
    for (const spec of abbrev.attrs) values.set(spec.name, readValue(r, spec.form, ctx, spec));
    if (first) {
      first = false;
      const so = values.get(DW_AT_str_offsets_base);
      if (so?.kind === 'num') bases.strOffsets = so.value;
      const ab = values.get(DW_AT_addr_base);
      if (ab?.kind === 'num') bases.addr = ab.value;
      if (abbrev.tag === DW_TAG_compile_unit || abbrev.tag === 0x41 /* skeleton */) {
        const stmt = values.get(DW_AT_stmt_list);
        const lang = values.get(DW_AT_language);
        units.push({
          offset, version,
          name: resolveString(values.get(DW_AT_name), ctx, bases) ?? '',
          compDir: resolveString(values.get(DW_AT_comp_dir), ctx, bases) ?? '',
          stmtList: stmt?.kind === 'num' ? stmt.value : undefined,
          language: lang?.kind === 'num' ? lang.value : undefined,
        });
      }
    }
    const name = resolveString(values.get(DW_AT_name), ctx, bases);
    if (abbrev.tag === DW_TAG_subprogram) {
      const low = resolveNumber(values.get(DW_AT_low_pc), ctx, bases);
      const highRaw = values.get(DW_AT_high_pc);
      const high = resolveNumber(highRaw, ctx, bases);
      if (name !== undefined && low !== undefined && high !== undefined && low > 0) {
        const highPc = highRaw?.kind === 'num' && !highRaw.isAddress ? low + high : high;
        const path = scope.filter((s): s is string => s !== undefined);
        const linkage = resolveString(values.get(DW_AT_linkage_name) ?? values.get(DW_AT_MIPS_linkage_name), ctx, bases);
        const declLine = resolveNumber(values.get(DW_AT_decl_line), ctx, bases);
        functions.push({
          name, qualifiedName: [...path, name].join('::'), linkageName: linkage,
          lowPc: low, highPc, unitOffset: offset, declLine,
        });
      }
    }
    if (abbrev.hasChildren) {
      const named = abbrev.tag === DW_TAG_namespace || abbrev.tag === DW_TAG_structure_type || abbrev.tag === DW_TAG_class_type
        || abbrev.tag === DW_TAG_union_type || abbrev.tag === DW_TAG_enumeration_type;
      scope.push(named ? name : undefined);
    }
  }
  return end;
}
