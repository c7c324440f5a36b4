// Semantic tokens: every declared name classified by what it declares (from the syntax tree, so
// they are there while the package does not resolve) and every reference classified by what it
// resolves to (from the resolved model, when there is one). Keywords and punctuation are left to
// the TextMate grammar.

import type {
  Attribute, ExternItem, FuncType, Ident, InterfaceMember, Param, SourceFile, Span, TypeDef, WorldMember,
} from '../syntax/ast';
import type { Analysis, Definition } from '../semantics/model';

/** Token types, in legend order (the index is what goes on the wire). */
export const TOKEN_TYPES = [
  'namespace', // packages
  'interface', // interfaces
  'class', // worlds
  'type', // type aliases and resources
  'struct', // records
  'enum', // variants, enums, flags
  'enumMember', // cases and flags
  'property', // record fields
  'function', // functions
  'method', // methods, static functions, constructors
  'parameter', // parameters
  'decorator', // `@since`, `@unstable`, `@deprecated`
] as const;

/** Token modifiers, in legend order (bit i is modifier i). */
export const TOKEN_MODIFIERS = ['declaration', 'deprecated', 'gated'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export interface SemanticToken {
  readonly span: Span;
  readonly type: TokenType;
  readonly modifiers: readonly TokenModifier[];
}

/**
 * The tokens of one file, sorted by offset and never overlapping. `analysis` adds the references
 * when the file's package has been analysed.
 */
export function semanticTokens(file: SourceFile, analysis?: Analysis): SemanticToken[] {
  const out: SemanticToken[] = [];
  new DeclarationCollector(out).file(file);
  if (analysis) {
    for (const ref of analysis.references) {
      if (ref.uri !== file.uri || !ref.target) continue;
      const type = definitionTokenType(ref.target);
      if (type) out.push({ span: ref.span, type, modifiers: gateModifiers(ref.target) });
    }
  }
  out.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  // A name can be both declared and referenced (e.g. `use a.{b}`); keep the first, drop overlaps.
  const result: SemanticToken[] = [];
  let end = -1;
  for (const t of out) {
    if (t.span.start < end || t.span.end <= t.span.start) continue;
    result.push(t);
    end = t.span.end;
  }
  return result;
}

/** How a definition's name is classified wherever it appears. */
export function definitionTokenType(def: Definition): TokenType | undefined {
  switch (def.kind) {
    case 'package': return 'namespace';
    case 'interface': return 'interface';
    case 'world': return 'class';
    case 'resource': return 'type';
    case 'type': return typeDefTokenType(def.typeDef?.kind);
    case 'use': return def.target ? definitionTokenType(def.target) : 'type';
    case 'function': return 'function';
    case 'method': case 'static': case 'constructor': return 'method';
    case 'field': return 'property';
    case 'case': case 'flag': return 'enumMember';
    case 'param': return 'parameter';
    case 'import': case 'export': return def.target ? definitionTokenType(def.target) : undefined;
  }
}

// ---------------------------------------------------------------------------------------------

function typeDefTokenType(kind: TypeDef['kind'] | undefined): TokenType {
  switch (kind) {
    case 'record': return 'struct';
    case 'variant': case 'enum': case 'flags': return 'enum';
    default: return 'type';
  }
}

function gateModifiers(def: Definition): TokenModifier[] {
  const mods: TokenModifier[] = [];
  if (def.gate.kind !== 'none' && def.gate.deprecated !== undefined) mods.push('deprecated');
  if (def.gate.kind === 'unstable') mods.push('gated');
  return mods;
}

function attributeModifiers(attributes: readonly Attribute[]): TokenModifier[] {
  const mods: TokenModifier[] = ['declaration'];
  if (attributes.some((a) => a.kind === 'deprecated')) mods.push('deprecated');
  if (attributes.some((a) => a.kind === 'unstable')) mods.push('gated');
  return mods;
}

class DeclarationCollector {
  constructor(private readonly out: SemanticToken[]) {}

  file(file: SourceFile): void {
    if (file.packageDecl) {
      this.attributes(file.packageDecl.attributes);
      this.out.push({ span: file.packageDecl.name.span, type: 'namespace', modifiers: ['declaration'] });
    }
    for (const item of file.items) {
      this.attributes(item.attributes);
      switch (item.kind) {
        case 'interface':
          this.declare(item.name, 'interface', item.attributes);
          this.interfaceMembers(item.members);
          break;
        case 'world':
          this.declare(item.name, 'class', item.attributes);
          this.worldMembers(item.members);
          break;
        case 'top-level-use':
          if (item.alias) this.declare(item.alias, 'interface', item.attributes);
          break;
        case 'package':
          this.out.push({ span: item.name.span, type: 'namespace', modifiers: ['declaration'] });
          for (const child of item.items) {
            this.attributes(child.attributes);
            if (child.kind === 'interface') {
              this.declare(child.name, 'interface', child.attributes);
              this.interfaceMembers(child.members);
            } else if (child.kind === 'world') {
              this.declare(child.name, 'class', child.attributes);
              this.worldMembers(child.members);
            } else if (child.alias) {
              this.declare(child.alias, 'interface', child.attributes);
            }
          }
          break;
      }
    }
  }

  private interfaceMembers(members: readonly InterfaceMember[]): void {
    for (const m of members) {
      this.attributes(m.attributes);
      if (m.kind === 'func') {
        this.declare(m.name, 'function', m.attributes);
        this.func(m.func);
      } else if (m.kind === 'use') {
        for (const n of m.names) if (n.alias) this.declare(n.alias, 'type', m.attributes);
      } else {
        this.typeDef(m);
      }
    }
  }

  private worldMembers(members: readonly WorldMember[]): void {
    for (const m of members) {
      this.attributes(m.attributes);
      switch (m.kind) {
        case 'import':
        case 'export':
          this.externItem(m.item, m.attributes);
          break;
        case 'include':
          break;
        case 'use':
          for (const n of m.names) if (n.alias) this.declare(n.alias, 'type', m.attributes);
          break;
        default:
          this.typeDef(m);
      }
    }
  }

  private externItem(item: ExternItem, attributes: readonly Attribute[]): void {
    if (item.kind === 'func') {
      this.declare(item.name, 'function', attributes);
      this.func(item.func);
    } else if (item.kind === 'inline-interface') {
      this.declare(item.name, 'interface', attributes);
      this.interfaceMembers(item.members);
    }
  }

  private typeDef(def: TypeDef): void {
    switch (def.kind) {
      case 'type':
        this.declare(def.name, 'type', def.attributes);
        break;
      case 'record':
        this.declare(def.name, 'struct', def.attributes);
        for (const f of def.fields) {
          this.attributes(f.attributes);
          this.declare(f.name, 'property', f.attributes);
        }
        break;
      case 'variant':
        this.declare(def.name, 'enum', def.attributes);
        for (const c of def.cases) {
          this.attributes(c.attributes);
          this.declare(c.name, 'enumMember', c.attributes);
        }
        break;
      case 'enum':
      case 'flags':
        this.declare(def.name, 'enum', def.attributes);
        for (const c of def.kind === 'enum' ? def.cases : def.flags) {
          this.attributes(c.attributes);
          this.declare(c.name, 'enumMember', c.attributes);
        }
        break;
      case 'resource':
        this.declare(def.name, 'type', def.attributes);
        for (const m of def.members) {
          this.attributes(m.attributes);
          if (m.kind === 'constructor') {
            this.out.push({ span: m.keywordSpan, type: 'method', modifiers: attributeModifiers(m.attributes) });
            this.params(m.params);
          } else {
            this.declare(m.name, 'method', m.attributes);
            this.func(m.func);
          }
        }
        break;
    }
  }

  // Types in signatures hold only references, which come from the resolved model.
  private func(func: FuncType): void {
    this.params(func.params);
  }

  private params(params: readonly Param[]): void {
    for (const p of params) this.out.push({ span: p.name.span, type: 'parameter', modifiers: ['declaration'] });
  }

  private attributes(attributes: readonly Attribute[]): void {
    for (const a of attributes) this.out.push({ span: a.nameSpan, type: 'decorator', modifiers: [] });
  }

  private declare(name: Ident, type: TokenType, attributes: readonly Attribute[]): void {
    this.out.push({ span: name.span, type, modifiers: attributeModifiers(attributes) });
  }
}
