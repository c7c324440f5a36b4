// Names of a component's top-level imports and exports, read from its import (id 10) and export
// (id 11) sections as the component-model binary format defines them. Only names and kinds are
// decoded; types are skipped. Pure and total: malformed input yields an error value.

export type ComponentItemKind = 'core module' | 'func' | 'value' | 'type' | 'component' | 'instance';

export interface ComponentItem {
  readonly name: string;
  readonly kind: ComponentItemKind;
}

export interface ComponentNames {
  readonly imports: readonly ComponentItem[];
  readonly exports: readonly ComponentItem[];
}

const SECTION_IMPORT = 10;
const SECTION_EXPORT = 11;
const SORTS: Readonly<Record<number, ComponentItemKind>> = { 0: 'core module', 1: 'func', 2: 'value', 3: 'type', 4: 'component', 5: 'instance' };

export function readComponentNames(bytes: Uint8Array): ComponentNames | { readonly error: string } {
  try {
    const imports: ComponentItem[] = [];
    const exports: ComponentItem[] = [];
    const r = new Cursor(bytes, 8);
    while (r.pos < bytes.length) {
      const id = r.byte();
      const size = r.u32();
      const end = r.pos + size;
      if (end > bytes.length) throw new Error(`section ${id} runs past the end of the file`);
      if (id === SECTION_IMPORT || id === SECTION_EXPORT) {
        const s = new Cursor(bytes.subarray(0, end), r.pos);
        const count = s.u32();
        for (let i = 0; i < count; i++) {
          const name = externName(s);
          if (id === SECTION_IMPORT) {
            imports.push({ name, kind: externDesc(s) });
          } else {
            const kind = sort(s);
            s.u32(); // the index of the exported item
            if (s.byte() === 0x01) externDesc(s); // an optional type ascription
            exports.push({ name, kind });
          }
        }
      }
      r.pos = end;
    }
    return { imports, exports };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

function externName(s: Cursor): string {
  const tag = s.byte();
  if (tag !== 0x00 && tag !== 0x01) throw new Error(`unknown import/export name form 0x${tag.toString(16)}`);
  const name = s.string();
  // Form 0x01 carries a version suffix after the name.
  if (tag === 0x01) s.string();
  return name;
}

function sort(s: Cursor): ComponentItemKind {
  const b = s.byte();
  if (b === 0x00) s.byte(); // core sort
  const kind = SORTS[b];
  if (kind === undefined) throw new Error(`unknown sort 0x${b.toString(16)}`);
  return kind;
}

function externDesc(s: Cursor): ComponentItemKind {
  const b = s.byte();
  switch (b) {
    case 0x00: s.byte(); s.u32(); return 'core module';
    case 0x01: s.u32(); return 'func';
    case 0x02: if (s.byte() === 0x00) s.u32(); else s.s33(); return 'value';
    case 0x03: if (s.byte() === 0x00) s.u32(); return 'type';
    case 0x04: s.u32(); return 'component';
    case 0x05: s.u32(); return 'instance';
    default: throw new Error(`unknown extern descriptor 0x${b.toString(16)}`);
  }
}

class Cursor {
  constructor(private readonly bytes: Uint8Array, public pos: number) {}

  byte(): number {
    if (this.pos >= this.bytes.length) throw new Error('unexpected end of component');
    return this.bytes[this.pos++];
  }

  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
      if (shift > 28) throw new Error('LEB128 number too long');
    }
  }

  /** A signed LEB128 of up to 33 bits: primitive value types are single negative bytes. */
  s33(): void {
    for (let i = 0; i < 5; i++) if ((this.byte() & 0x80) === 0) return;
    throw new Error('LEB128 number too long');
  }

  string(): string {
    const len = this.u32();
    if (this.pos + len > this.bytes.length) throw new Error('name runs past the end of the component');
    const text = new TextDecoder('utf-8', { fatal: true }).decode(this.bytes.subarray(this.pos, this.pos + len));
    this.pos += len;
    return text;
  }
}
