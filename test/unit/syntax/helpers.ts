// Shared helpers for the syntax tests: one parser per process, `«…»` span markers, and a compact
// rendering of the AST that makes shape tests readable as data.

import { join } from 'node:path';
import type {
  Attribute, ExternItem, FuncType, InterfaceMember, PackageName, SourceFile, Span, TopLevelItem,
  Type, TypeDef, UsePath, WorldMember,
} from '../../../server/src/syntax/ast';
import { loadWitParser, ParsedFile, WitParser } from '../../../server/src/syntax/parser';

/** The repository root, from out/test/unit/syntax/. */
export const repoRoot = join(__dirname, '..', '..', '..', '..');

let shared: Promise<WitParser> | undefined;

export function witParser(): Promise<WitParser> {
  shared ??= loadWitParser();
  return shared;
}

let parses = 0;

/** Parses under a fresh uri, so that no later parse releases this file's tree. */
export async function parse(text: string, uri = `file:///test-${++parses}.wit`): Promise<ParsedFile> {
  return (await witParser()).parse(uri, text);
}

/** Removes one `«…»` pair from `source`, returning the text and the span it marked. */
export function marked(source: string): { text: string; span: Span } {
  const start = source.indexOf('«');
  const end = source.indexOf('»');
  if (start === -1 || end < start) throw new Error(`no «…» marker in ${source}`);
  const text = source.slice(0, start) + source.slice(start + 1, end) + source.slice(end + 1);
  return { text, span: { start, end: end - 1 } };
}

/** A small deterministic random generator (tests must be reproducible). */
export function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
}

// ---------------------------------------------------------------------------------------------
// A compact, indented rendering of the AST: one line per item or member.

export function summarize(file: SourceFile): string {
  const lines: string[] = [];
  if (file.packageDecl !== undefined) {
    lines.push(`package ${packageName(file.packageDecl.name)}${attrs(file.packageDecl.attributes)}${docs(file.packageDecl.docs?.text)}`);
  }
  for (const item of file.items) topLevel(item, '', lines);
  return lines.join('\n');
}

function topLevel(item: TopLevelItem, indent: string, lines: string[]): void {
  const head = `${indent}${attrs(item.attributes).trimStart()}${item.attributes.length > 0 ? ' ' : ''}`;
  switch (item.kind) {
    case 'interface':
      lines.push(`${head}interface ${item.name.name}${docs(item.docs?.text)}`);
      for (const m of item.members) interfaceMember(m, `${indent}  `, lines);
      return;
    case 'world':
      lines.push(`${head}world ${item.name.name}${docs(item.docs?.text)}`);
      for (const m of item.members) worldMember(m, `${indent}  `, lines);
      return;
    case 'top-level-use':
      lines.push(`${head}use ${usePath(item.path)}${item.alias === undefined ? '' : ` as ${item.alias.name}`}`);
      return;
    case 'package':
      lines.push(`${head}package ${packageName(item.name)} {`);
      for (const inner of item.items) topLevel(inner, `${indent}  `, lines);
      lines.push(`${indent}}`);
      return;
  }
}

function interfaceMember(m: InterfaceMember, indent: string, lines: string[]): void {
  const head = `${indent}${attrs(m.attributes).trimStart()}${m.attributes.length > 0 ? ' ' : ''}`;
  switch (m.kind) {
    case 'use':
      lines.push(`${head}use ${usePath(m.path)}.{${m.names.map((n) => n.name.name + (n.alias ? ` as ${n.alias.name}` : '')).join(', ')}}`);
      return;
    case 'func':
      lines.push(`${head}${m.name.name}: ${func(m.func)}${docs(m.docs?.text)}`);
      return;
    default:
      typedef(m, head, indent, lines);
  }
}

function typedef(t: TypeDef, head: string, indent: string, lines: string[]): void {
  switch (t.kind) {
    case 'type':
      lines.push(`${head}type ${t.name.name} = ${type(t.type)}${docs(t.docs?.text)}`);
      return;
    case 'record':
      lines.push(`${head}record ${t.name.name} { ${t.fields.map((f) => `${f.name.name}: ${type(f.type)}`).join(', ')} }${docs(t.docs?.text)}`);
      return;
    case 'variant':
      lines.push(`${head}variant ${t.name.name} { ${t.cases.map((c) => c.name.name + (c.type ? `(${type(c.type)})` : '')).join(', ')} }`);
      return;
    case 'enum':
      lines.push(`${head}enum ${t.name.name} { ${t.cases.map((c) => c.name.name).join(', ')} }`);
      return;
    case 'flags':
      lines.push(`${head}flags ${t.name.name} { ${t.flags.map((c) => c.name.name).join(', ')} }`);
      return;
    case 'resource':
      if (!t.hasBody) {
        lines.push(`${head}resource ${t.name.name};`);
        return;
      }
      lines.push(`${head}resource ${t.name.name} {`);
      for (const m of t.members) {
        const mh = `${indent}  ${attrs(m.attributes).trimStart()}${m.attributes.length > 0 ? ' ' : ''}`;
        if (m.kind === 'constructor') {
          lines.push(`${mh}constructor(${m.params.map((p) => `${p.name.name}: ${type(p.type)}`).join(', ')})${m.result ? ` -> ${type(m.result)}` : ''}`);
        } else {
          lines.push(`${mh}${m.name.name}: ${m.kind === 'static' ? 'static ' : ''}${func(m.func)}`);
        }
      }
      lines.push(`${indent}}`);
      return;
  }
}

function worldMember(m: WorldMember, indent: string, lines: string[]): void {
  const head = `${indent}${attrs(m.attributes).trimStart()}${m.attributes.length > 0 ? ' ' : ''}`;
  switch (m.kind) {
    case 'import':
    case 'export':
      extern(m.kind, m.item, head, indent, lines);
      return;
    case 'include':
      lines.push(`${head}include ${usePath(m.path)}${m.with.length === 0 ? '' : ` with { ${m.with.map((w) => `${w.from.name} as ${w.to.name}`).join(', ')} }`}`);
      return;
    case 'use':
      interfaceMember(m, indent, lines);
      return;
    default:
      typedef(m, head, indent, lines);
  }
}

function extern(kind: string, item: ExternItem, head: string, indent: string, lines: string[]): void {
  switch (item.kind) {
    case 'func':
      lines.push(`${head}${kind} ${item.name.name}: ${func(item.func)}`);
      return;
    case 'inline-interface':
      lines.push(`${head}${kind} ${item.name.name}: interface`);
      for (const m of item.members) interfaceMember(m, `${indent}  `, lines);
      return;
    case 'path':
      lines.push(`${head}${kind} ${item.name === undefined ? '' : `${item.name.name}: `}${usePath(item.path)}`);
      return;
  }
}

function func(f: FuncType): string {
  const params = f.params.map((p) => `${p.name.name}: ${type(p.type)}`).join(', ');
  return `${f.async ? 'async ' : ''}func(${params})${f.result ? ` -> ${type(f.result)}` : ''}`;
}

export function type(t: Type): string {
  switch (t.kind) {
    case 'primitive':
      return t.name;
    case 'named':
      return t.name.name;
    case 'list':
      return `list<${type(t.element)}${t.size ? `, ${t.size.text}` : ''}>`;
    case 'option':
      return `option<${type(t.inner)}>`;
    case 'result':
      if (t.ok === undefined && t.err === undefined) return 'result';
      if (t.err === undefined) return `result<${type(t.ok as Type)}>`;
      return `result<${t.ok === undefined ? '_' : type(t.ok)}, ${type(t.err)}>`;
    case 'tuple':
      return `tuple<${t.elements.map(type).join(', ')}>`;
    case 'map':
      return `map<${type(t.key)}, ${type(t.value)}>`;
    case 'borrow':
    case 'own':
      return `${t.kind}<${t.resource.name}>`;
    case 'future':
    case 'stream':
      return t.inner === undefined ? t.kind : `${t.kind}<${type(t.inner)}>`;
  }
}

function usePath(p: UsePath): string {
  return p.kind === 'local' ? p.name.name : `${packageName(p.package).replace(/@.*/, '')}/${p.name.name}${p.package.version ? `@${p.package.version.text}` : ''}`;
}

function packageName(p: PackageName): string {
  const names = [p.namespace, ...p.nestedNamespaces, p.name].map((i) => i.name).join(':');
  return `${names}${p.version ? `@${p.version.text}` : ''}`;
}

function attrs(list: readonly Attribute[]): string {
  return list.map((a) => ` @${a.kind}(${a.value?.text ?? ''})`).join('');
}

function docs(text: string | undefined): string {
  return text === undefined ? '' : `  /// ${JSON.stringify(text)}`;
}

/** A valid WIT file of about `lines` lines: many interfaces using every kind of item. */
export function bigWit(lines: number): string {
  const out = ['package demo:big@1.0.0;', ''];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `/// Interface number ${i}.`,
      `interface iface${i} {`,
      `  type id${i} = u64;`,
      `  record point${i} { x: s32, y: s32, label: option<string> }`,
      `  variant shape${i} { circle(f64), square(tuple<f32, f32>), none }`,
      `  enum color${i} { red, green, blue }`,
      `  resource blob${i} {`,
      '    constructor(init: list<u8>);',
      '    read: func(n: u32) -> result<list<u8>, string>;',
      '  }',
      `  lookup${i}: func(k: string, v: borrow<blob${i}>) -> option<map<string, u32>>;`,
      '}',
      '',
    );
  }
  return out.join('\n');
}
