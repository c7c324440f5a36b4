// Hover: what a name is (its kind and full definition in WIT syntax, with its gate), its doc
// comment rendered as Markdown, and where it comes from (`ns:pkg/iface@version`). For a name
// brought in by `use`, the original definition is shown.

import type { FuncType, Span, TypeDef } from '../syntax/ast';
import type { Analysis, Definition, Gate } from '../semantics/model';
import { funcText, typeText } from './documentSymbols';
import { occurrenceAt, originalDefinition, packageOf } from './lookup';

export interface HoverResult {
  /** The name the hover is about. */
  readonly span: Span;
  readonly markdown: string;
}

export function hover(model: Analysis, uri: string, offset: number, text?: string): HoverResult | undefined {
  const occ = occurrenceAt(model, uri, offset);
  if (!occ) return text === undefined ? undefined : builtinHover(text, offset);
  const def = originalDefinition(occ.def);
  const parts: string[] = ['```wit\n' + [...gateLines(def.gate), signature(def)].join('\n') + '\n```'];
  if (def.excluded) parts.push(`*Excluded: ${exclusionReason(def.gate)}*`);
  if (def.docs && def.docs.trim().length > 0) parts.push(def.docs.trim());
  const origin = originOf(model, def);
  const via = occ.def !== def ? viaText(occ.def) : undefined;
  const footer = [origin ? `Defined in \`${origin}\`` : undefined, via].filter((s): s is string => s !== undefined);
  if (footer.length > 0) parts.push(footer.join(' · '));
  return { span: occ.span, markdown: parts.join('\n\n---\n\n') };
}

/** One definition as WIT source: the full body for types, the signature for functions. */
export function signature(def: Definition): string {
  switch (def.kind) {
    case 'package': return `package ${def.name}`;
    case 'interface': return `interface ${def.name}`;
    case 'world': return `world ${def.name}`;
    case 'type':
    case 'resource':
      return def.typeDef ? typeDefText(def.typeDef) : `${def.kind} ${def.name}`;
    case 'function':
      return def.func ? `${def.name}: ${funcText(asFuncType(def))}` : `${def.name}: func`;
    case 'method':
      return `${def.name}: ${funcText(asFuncType(def))}`;
    case 'static':
      return `${def.name}: ${funcText(asFuncType(def), 'static func')}`;
    case 'constructor':
      return funcText(asFuncType(def), 'constructor');
    case 'field': {
      const field = def.container?.typeDef?.kind === 'record' ? def.container.typeDef.fields.find((f) => f.name.name === def.name) : undefined;
      return field ? `${def.name}: ${typeText(field.type)}` : def.name;
    }
    case 'case': {
      const typeDef = def.container?.typeDef;
      if (typeDef?.kind === 'variant') {
        const c = typeDef.cases.find((x) => x.name.name === def.name);
        return c?.type ? `${def.name}(${typeText(c.type)})` : def.name;
      }
      return def.name;
    }
    case 'flag':
      return def.name;
    case 'param': {
      const param = def.container?.func?.params.find((p) => p.name.name === def.name);
      return param ? `${def.name}: ${typeText(param.type)}` : def.name;
    }
    case 'use':
      return `use ${def.name}`;
    case 'import':
    case 'export':
      return def.target ? `${def.kind} ${def.name}: ${signature(def.target)}` : def.func ? `${def.kind} ${def.name}: ${funcText(asFuncType(def))}` : `${def.kind} ${def.name}`;
  }
}

/** `@since(version = 1.0.0)` etc. for a gate. */
export function gateLines(gate: Gate): string[] {
  const out: string[] = [];
  if (gate.kind === 'since') out.push(`@since(version = ${gate.version})`);
  if (gate.kind === 'unstable') out.push(`@unstable(feature = ${gate.feature})`);
  if (gate.kind !== 'none' && gate.deprecated !== undefined) out.push(`@deprecated(version = ${gate.deprecated})`);
  return out;
}

/** `ns:pkg/iface@version` for items inside an interface or world, the package id otherwise. */
export function originOf(model: Analysis, def: Definition): string | undefined {
  for (let c: Definition | undefined = def; c; c = c.container) {
    for (const pkg of model.packages) {
      const iface = pkg.interfaces.find((i) => i.definition === c);
      if (iface) return iface.qualifiedName;
      const world = pkg.worlds.find((w) => w.definition === c);
      if (world) return world.qualifiedName;
    }
  }
  return packageOf(model, def)?.id;
}

// ---------------------------------------------------------------------------------------------

const BUILT_INS: Readonly<Record<string, string>> = {
  bool: 'A boolean: `true` or `false`.',
  u8: 'An unsigned 8-bit integer.', u16: 'An unsigned 16-bit integer.', u32: 'An unsigned 32-bit integer.', u64: 'An unsigned 64-bit integer.',
  s8: 'A signed 8-bit integer.', s16: 'A signed 16-bit integer.', s32: 'A signed 32-bit integer.', s64: 'A signed 64-bit integer.',
  f32: 'A 32-bit IEEE 754 float.', f64: 'A 64-bit IEEE 754 float.',
  char: 'A Unicode scalar value.', string: 'A Unicode string.',
  'error-context': 'Debugging information about an error, passed between components.',
  list: '`list<T>`: a sequence of values; `list<T, N>`: exactly N values.',
  option: '`option<T>`: a value that may be absent.',
  result: '`result<T, E>`: success with `T` or failure with `E`; `result<T>`, `result<_, E>` and `result` leave payloads out.',
  tuple: '`tuple<T, U, …>`: a fixed sequence of values.',
  map: '`map<K, V>`: a map from keys (bool, integers, char, string) to values.',
  borrow: '`borrow<R>`: a handle to resource `R`, lent for one call.',
  own: '`own<R>`: an owned handle to resource `R` (what a plain `R` means).',
  future: '`future<T>`: a value that becomes available later.',
  stream: '`stream<T>`: a sequence of values that arrive over time.',
};

/** Hover for a built-in type name (which the model has no definition for). */
function builtinHover(text: string, offset: number): HoverResult | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && /[A-Za-z0-9-]/.test(text[start - 1])) start -= 1;
  while (end < text.length && /[A-Za-z0-9-]/.test(text[end])) end += 1;
  const word = text.slice(start, end);
  const doc = BUILT_INS[word];
  if (!doc || text[start - 1] === '%') return undefined;
  return { span: { start, end }, markdown: `\`\`\`wit\n${word}\n\`\`\`\n\n---\n\nBuilt-in type. ${doc}` };
}

function asFuncType(def: Definition): FuncType {
  const f = def.func;
  return { async: f !== undefined && 'async' in f ? f.async : false, params: f?.params ?? [], result: f?.result, span: def.span };
}

function typeDefText(t: TypeDef): string {
  switch (t.kind) {
    case 'type':
      return `type ${t.name.name} = ${typeText(t.type)}`;
    case 'record':
      return block(`record ${t.name.name}`, t.fields.map((f) => `${f.name.name}: ${typeText(f.type)},`));
    case 'variant':
      return block(`variant ${t.name.name}`, t.cases.map((c) => `${c.name.name}${c.type ? `(${typeText(c.type)})` : ''},`));
    case 'enum':
      return block(`enum ${t.name.name}`, t.cases.map((c) => `${c.name.name},`));
    case 'flags':
      return block(`flags ${t.name.name}`, t.flags.map((c) => `${c.name.name},`));
    case 'resource':
      if (!t.hasBody) return `resource ${t.name.name}`;
      return block(`resource ${t.name.name}`, t.members.map((m) =>
        m.kind === 'constructor'
          ? `${funcText({ async: false, params: m.params, result: m.result, span: m.span }, 'constructor')};`
          : `${m.name.name}: ${funcText(m.func, m.kind === 'static' ? 'static func' : 'func')};`));
  }
}

function block(head: string, lines: readonly string[]): string {
  if (lines.length === 0) return `${head} {}`;
  return `${head} {\n${lines.map((l) => `  ${l}`).join('\n')}\n}`;
}

function exclusionReason(gate: Gate): string {
  return gate.kind === 'unstable' ? `feature \`${gate.feature}\` is not active` : 'its feature gate is not active';
}

function viaText(binding: Definition): string | undefined {
  const original = originalDefinition(binding);
  if (binding.kind === 'use') return binding.name === original.name ? 'brought in by `use`' : `brought in by \`use\` as \`${binding.name}\``;
  if (binding.kind === 'import' || binding.kind === 'export') return `${binding.kind}ed as \`${binding.name}\``;
  return undefined;
}
