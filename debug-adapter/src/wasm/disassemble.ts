// A small wasm disassembler: one function body → wasm text lines with their offsets, for the DAP
// `disassemble` request and for stepping code that has no source. Covers MVP, sign-extension,
// saturating truncation, bulk memory, reference types and tail calls; SIMD and atomics are shown
// as their prefix and sub-opcode. Malformed bytes end the listing with an `;; error` line.

import { ByteReader, WasmReadError } from './reader';
import { functionName, type FunctionBody, type WasmModuleInfo } from './module';

export interface Instruction {
  /** Absolute offset of the opcode in the file. */
  readonly offset: number;
  /** Offset relative to the Code section payload (= DWARF address; V8 column = codeOffset + this). */
  readonly codeOffset: number;
  /** Wasm text, e.g. `i32.add`, `local.get 3`, `call 12 <printf>`. */
  readonly text: string;
  /** Raw bytes as lowercase hex, space separated. */
  readonly bytes: string;
  /** Block nesting depth before this instruction (for indentation). */
  readonly depth: number;
}

/** Disassembles `fn` of `info`. Never throws. */
export function disassembleFunction(bytes: Uint8Array, info: WasmModuleInfo, fn: FunctionBody): Instruction[] {
  const out: Instruction[] = [];
  const codeBase = info.codeSectionOffset ?? 0;
  const r = new ByteReader(bytes, fn.instructionsOffset, fn.offset + fn.size);
  let depth = 0;
  while (!r.atEnd) {
    const start = r.pos;
    let text: string;
    try {
      const op = r.u8();
      if (op === 0x0b || op === 0x05) depth = Math.max(0, depth - 1);
      text = decode(op, r, info);
      const here = depth;
      if (op === 0x02 || op === 0x03 || op === 0x04 || op === 0x05 || op === 0x06 || op === 0x07) depth++;
      out.push({ offset: start, codeOffset: start - codeBase, text, bytes: hex(bytes, start, r.pos), depth: here });
    } catch (e) {
      if (!(e instanceof WasmReadError)) throw e;
      out.push({ offset: start, codeOffset: start - codeBase, text: `;; error: ${e.message}`, bytes: hex(bytes, start, Math.min(start + 1, r.end)), depth });
      break;
    }
  }
  return out;
}

function hex(bytes: Uint8Array, from: number, to: number): string {
  const parts: string[] = [];
  for (let i = from; i < to && i < from + 16; i++) parts.push(bytes[i].toString(16).padStart(2, '0'));
  return parts.join(' ');
}

const SIMPLE: Record<number, string> = {
  0x00: 'unreachable', 0x01: 'nop', 0x05: 'else', 0x0b: 'end', 0x0f: 'return', 0x1a: 'drop', 0x1b: 'select',
  0xd1: 'ref.is_null',
};

const NUMERIC = [
  'i32.eqz', 'i32.eq', 'i32.ne', 'i32.lt_s', 'i32.lt_u', 'i32.gt_s', 'i32.gt_u', 'i32.le_s', 'i32.le_u', 'i32.ge_s', 'i32.ge_u',
  'i64.eqz', 'i64.eq', 'i64.ne', 'i64.lt_s', 'i64.lt_u', 'i64.gt_s', 'i64.gt_u', 'i64.le_s', 'i64.le_u', 'i64.ge_s', 'i64.ge_u',
  'f32.eq', 'f32.ne', 'f32.lt', 'f32.gt', 'f32.le', 'f32.ge',
  'f64.eq', 'f64.ne', 'f64.lt', 'f64.gt', 'f64.le', 'f64.ge',
  'i32.clz', 'i32.ctz', 'i32.popcnt', 'i32.add', 'i32.sub', 'i32.mul', 'i32.div_s', 'i32.div_u', 'i32.rem_s', 'i32.rem_u',
  'i32.and', 'i32.or', 'i32.xor', 'i32.shl', 'i32.shr_s', 'i32.shr_u', 'i32.rotl', 'i32.rotr',
  'i64.clz', 'i64.ctz', 'i64.popcnt', 'i64.add', 'i64.sub', 'i64.mul', 'i64.div_s', 'i64.div_u', 'i64.rem_s', 'i64.rem_u',
  'i64.and', 'i64.or', 'i64.xor', 'i64.shl', 'i64.shr_s', 'i64.shr_u', 'i64.rotl', 'i64.rotr',
  'f32.abs', 'f32.neg', 'f32.ceil', 'f32.floor', 'f32.trunc', 'f32.nearest', 'f32.sqrt', 'f32.add', 'f32.sub', 'f32.mul',
  'f32.div', 'f32.min', 'f32.max', 'f32.copysign',
  'f64.abs', 'f64.neg', 'f64.ceil', 'f64.floor', 'f64.trunc', 'f64.nearest', 'f64.sqrt', 'f64.add', 'f64.sub', 'f64.mul',
  'f64.div', 'f64.min', 'f64.max', 'f64.copysign',
  'i32.wrap_i64', 'i32.trunc_f32_s', 'i32.trunc_f32_u', 'i32.trunc_f64_s', 'i32.trunc_f64_u', 'i64.extend_i32_s',
  'i64.extend_i32_u', 'i64.trunc_f32_s', 'i64.trunc_f32_u', 'i64.trunc_f64_s', 'i64.trunc_f64_u', 'f32.convert_i32_s',
  'f32.convert_i32_u', 'f32.convert_i64_s', 'f32.convert_i64_u', 'f32.demote_f64', 'f64.convert_i32_s', 'f64.convert_i32_u',
  'f64.convert_i64_s', 'f64.convert_i64_u', 'f64.promote_f32', 'i32.reinterpret_f32', 'i64.reinterpret_f64',
  'f32.reinterpret_i32', 'f64.reinterpret_i64', 'i32.extend8_s', 'i32.extend16_s', 'i64.extend8_s', 'i64.extend16_s',
  'i64.extend32_s',
]; // 0x45 … 0xc4

const MEMORY = [
  'i32.load', 'i64.load', 'f32.load', 'f64.load', 'i32.load8_s', 'i32.load8_u', 'i32.load16_s', 'i32.load16_u',
  'i64.load8_s', 'i64.load8_u', 'i64.load16_s', 'i64.load16_u', 'i64.load32_s', 'i64.load32_u',
  'i32.store', 'i64.store', 'f32.store', 'f64.store', 'i32.store8', 'i32.store16', 'i64.store8', 'i64.store16', 'i64.store32',
]; // 0x28 … 0x3e

const PREFIX_FC = [
  'i32.trunc_sat_f32_s', 'i32.trunc_sat_f32_u', 'i32.trunc_sat_f64_s', 'i32.trunc_sat_f64_u',
  'i64.trunc_sat_f32_s', 'i64.trunc_sat_f32_u', 'i64.trunc_sat_f64_s', 'i64.trunc_sat_f64_u',
  'memory.init', 'data.drop', 'memory.copy', 'memory.fill', 'table.init', 'elem.drop', 'table.copy',
  'table.grow', 'table.size', 'table.fill',
];

function blockType(r: ByteReader): string {
  const b = r.bytes[r.pos];
  if (b === 0x40) { r.pos++; return ''; }
  if (b === 0x7f || b === 0x7e || b === 0x7d || b === 0x7c || b === 0x7b || b === 0x70 || b === 0x6f) {
    r.pos++;
    return ` (result ${({ 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' } as Record<number, string>)[b]})`;
  }
  return ` (type ${r.s32()})`;
}

function memarg(r: ByteReader): string {
  const align = r.u32();
  const offset = r.u32();
  const memIndex = align & 0x40 ? r.u32() : 0;
  const parts: string[] = [];
  if (memIndex !== 0) parts.push(String(memIndex));
  if (offset !== 0) parts.push(`offset=${offset}`);
  parts.push(`align=${2 ** (align & 0x3f)}`);
  return ' ' + parts.join(' ');
}

function decode(op: number, r: ByteReader, info: WasmModuleInfo): string {
  const simple = SIMPLE[op];
  if (simple !== undefined) return simple;
  if (op >= 0x45 && op <= 0xc4) return NUMERIC[op - 0x45];
  if (op >= 0x28 && op <= 0x3e) return MEMORY[op - 0x28] + memarg(r);
  switch (op) {
    case 0x02: return 'block' + blockType(r);
    case 0x03: return 'loop' + blockType(r);
    case 0x04: return 'if' + blockType(r);
    case 0x06: return 'try' + blockType(r);
    case 0x07: return `catch ${r.u32()}`;
    case 0x08: return `throw ${r.u32()}`;
    case 0x09: return `rethrow ${r.u32()}`;
    case 0x18: return `delegate ${r.u32()}`;
    case 0x19: return 'catch_all';
    case 0x0c: return `br ${r.u32()}`;
    case 0x0d: return `br_if ${r.u32()}`;
    case 0x0e: {
      const targets: number[] = [];
      for (let n = r.u32(), i = 0; i <= n; i++) targets.push(r.u32());
      return `br_table ${targets.join(' ')}`;
    }
    case 0x10: case 0x12: {
      const index = r.u32();
      return `${op === 0x10 ? 'call' : 'return_call'} ${index} <${functionName(info, index)}>`;
    }
    case 0x11: case 0x13: {
      const type = r.u32();
      const table = r.u32();
      return `${op === 0x11 ? 'call_indirect' : 'return_call_indirect'}${table ? ` ${table}` : ''} (type ${type})`;
    }
    case 0x1c: {
      const types: number[] = [];
      for (let n = r.u32(), i = 0; i < n; i++) types.push(r.u8());
      return `select (result ${types.map((t) => t.toString(16)).join(' ')})`;
    }
    case 0x20: return `local.get ${r.u32()}`;
    case 0x21: return `local.set ${r.u32()}`;
    case 0x22: return `local.tee ${r.u32()}`;
    case 0x23: return globalText('global.get', r.u32(), info);
    case 0x24: return globalText('global.set', r.u32(), info);
    case 0x25: return `table.get ${r.u32()}`;
    case 0x26: return `table.set ${r.u32()}`;
    case 0x3f: return `memory.size${memIndex(r)}`;
    case 0x40: return `memory.grow${memIndex(r)}`;
    case 0x41: return `i32.const ${r.s32()}`;
    case 0x42: return `i64.const ${r.s64()}`;
    case 0x43: return `f32.const ${r.f32()}`;
    case 0x44: return `f64.const ${r.f64()}`;
    case 0xd0: return `ref.null ${r.u8() === 0x70 ? 'func' : 'extern'}`;
    case 0xd2: return `ref.func ${r.u32()}`;
    case 0xfc: return prefixFC(r);
    case 0xfd: return prefixed('simd', r);
    case 0xfe: return prefixed('atomic', r);
    default: throw new WasmReadError(`unknown opcode 0x${op.toString(16)}`, r.pos - 1);
  }
}

function globalText(mnemonic: string, index: number, info: WasmModuleInfo): string {
  const name = info.globalNames.get(index);
  return name ? `${mnemonic} ${index} <${name}>` : `${mnemonic} ${index}`;
}

function memIndex(r: ByteReader): string {
  const m = r.u32();
  return m ? ` ${m}` : '';
}

function prefixFC(r: ByteReader): string {
  const sub = r.u32();
  const name = PREFIX_FC[sub];
  if (name === undefined) throw new WasmReadError(`unknown 0xfc sub-opcode ${sub}`, r.pos - 1);
  switch (sub) {
    case 8: { const seg = r.u32(); return `${name} ${seg}${memIndex(r)}`; }
    case 9: case 13: case 15: case 16: case 17: return `${name} ${r.u32()}`;
    case 10: { const a = r.u32(); const b = r.u32(); return a || b ? `${name} ${a} ${b}` : name; }
    case 11: return name + memIndex(r);
    case 12: case 14: { const a = r.u32(); const b = r.u32(); return `${name} ${a} ${b}`; }
    default: return name;
  }
}

/**
 * SIMD and atomics are shown by sub-opcode only. Their immediates vary per instruction; rather than
 * guess, the listing stops here with a note, which is honest and keeps offsets correct up to it.
 */
function prefixed(kind: string, r: ByteReader): string {
  const sub = r.u32();
  throw new WasmReadError(`${kind} instruction 0x${sub.toString(16)} is not decoded`, r.pos);
}
