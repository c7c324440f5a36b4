// Disassembly windows for the DAP `disassemble` request: `count` instructions starting
// `instructionOffset` instructions away from a code address, crossing function boundaries, padded
// with placeholder rows past either end of the Code section (DAP wants exactly `count` rows).

import { disassembleFunction, type Instruction } from '../wasm/disassemble';
import type { Program } from './program';

export interface DisassemblyLine {
  /** Code-section-relative offset. */
  readonly codeOffset: number;
  readonly text: string;
  readonly bytes: string;
  /** The function name, on its first instruction. */
  readonly symbol?: string;
}

export function disassembleAround(program: Program, address: number, instructionOffset: number, count: number): DisassemblyLine[] {
  const functions = program.info.functions;
  if (functions.length === 0 || count <= 0) return [];
  const body = program.bodyAt(address);
  let fnIndex = body ? functions.indexOf(body) : -1;
  if (fnIndex < 0) fnIndex = address < program.bodyRange(functions[0]).start ? 0 : functions.length - 1;
  const cache = new Map<number, DisassemblyLine[]>();
  const linesOf = (i: number): DisassemblyLine[] => {
    let l = cache.get(i);
    if (!l) {
      const f = functions[i];
      const name = program.functionNameAt(f.offset - program.codeOffset);
      l = disassembleFunction(program.bytes, program.info, f).map((ins: Instruction, k) => ({
        codeOffset: ins.codeOffset, text: '  '.repeat(ins.depth) + ins.text, bytes: ins.bytes, symbol: k === 0 ? name : undefined,
      }));
      cache.set(i, l);
    }
    return l;
  };
  // Position of the instruction at (or just before) `address` inside its function.
  const own = linesOf(fnIndex);
  let pos = own.findIndex((l) => l.codeOffset > address) - 1;
  if (pos < -1) pos = own.length - 1;
  pos = Math.max(pos, 0);
  let fi = fnIndex;
  let target = pos + instructionOffset;
  // Walk backwards or forwards across functions until `target` lies inside function `fi`.
  while (target < 0 && fi > 0) { fi--; target += linesOf(fi).length; }
  while (target >= linesOf(fi).length && fi < functions.length - 1) { target -= linesOf(fi).length; fi++; }
  const out: DisassemblyLine[] = [];
  const firstOffset = linesOf(0)[0]?.codeOffset ?? 0;
  for (; target < 0 && out.length < count; target++) out.push({ codeOffset: Math.max(0, firstOffset + target), text: '??', bytes: '' });
  while (out.length < count && fi < functions.length) {
    const lines = linesOf(fi);
    for (; target < lines.length && out.length < count; target++) out.push(lines[target]);
    fi++;
    target = 0;
  }
  const end = program.bodyRange(functions[functions.length - 1]).end;
  while (out.length < count) out.push({ codeOffset: end, text: '??', bytes: '' });
  return out;
}
