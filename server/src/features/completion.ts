// Context-aware completion: types in scope (own, `use`d, built-ins and generic snippets) in type
// positions; packages, interfaces and their types in `use` paths; interfaces and worlds for
// `import`/`export`/`include`; the names of an included world in `with { … }`; keywords only
// where an item can start; gate attributes and their arguments. Documentation is filled in lazily
// by `resolveCompletion`, from data that identifies the definition (requests stay stateless).

import type { Span } from '../syntax/ast';
import { KEYWORDS, PRIMITIVE_TYPES } from '../syntax/identifiers';
import type { Analysis, Definition, PackageModel } from '../semantics/model';
import { completionSite, type BodyKind, type CompletionContext, type PathText } from './completionContext';
import { gateLines, originOf, signature } from './hover';
import { originalDefinition, typesIn } from './lookup';

export type CompletionKind =
  | 'keyword' | 'snippet' | 'builtin' | 'type' | 'resource' | 'interface' | 'world' | 'package'
  | 'function' | 'attribute' | 'value' | 'name';

/** Identifies a definition across requests: where its name is written. */
export interface DefinitionKey {
  readonly uri: string;
  readonly start: number;
  readonly name: string;
}

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  readonly detail?: string;
  /** Text to insert instead of the label; a snippet (`$1`, `${1:x}`) when `snippet` is set. */
  readonly insertText?: string;
  readonly snippet?: boolean;
  /** Orders groups: own names first, then used and dependency names, built-ins, keywords. */
  readonly sortGroup: number;
  /** Ask the editor to complete again after inserting (e.g. after `wasi:io/`). */
  readonly retrigger?: boolean;
  /** For `resolveCompletion`. */
  readonly definition?: DefinitionKey;
}

export interface CompletionResult {
  readonly replace: Span;
  readonly items: readonly CompletionEntry[];
}

/** Completion at `offset` in `uri`. `model` may be undefined when analysis failed (keywords only then). */
export function complete(model: Analysis | undefined, uri: string, text: string, offset: number, configuredFeatures: readonly string[] = []): CompletionResult {
  const site = completionSite(text, offset);
  const items = model ? itemsFor(site.context, new Scope(model, uri, offset), configuredFeatures) : keywordItems(site.context);
  return { replace: site.replace, items: dedupe(items) };
}

/** Markdown documentation for an entry's definition, or undefined when it is gone. */
export function resolveCompletion(model: Analysis, key: DefinitionKey): { detail: string; markdown: string } | undefined {
  const def = model.definitions.find((d) => d.uri === key.uri && d.nameSpan.start === key.start && d.name === key.name);
  if (!def) return undefined;
  const original = originalDefinition(def);
  const origin = originOf(model, original);
  const parts = ['```wit\n' + [...gateLines(original.gate), signature(original)].join('\n') + '\n```'];
  if (original.docs && original.docs.trim().length > 0) parts.push(original.docs.trim());
  return { detail: origin ?? original.kind, markdown: parts.join('\n\n') };
}

// ---------------------------------------------------------------------------------------------


const GENERICS: readonly [string, string][] = [
  ['list', 'list<${1:T}>'],
  ['option', 'option<${1:T}>'],
  ['result', 'result<${1:T}, ${2:E}>'],
  ['tuple', 'tuple<${1:T}, ${2:U}>'],
  ['map', 'map<${1:K}, ${2:V}>'],
  ['borrow', 'borrow<${1:R}>'],
  ['own', 'own<${1:R}>'],
  ['future', 'future<${1:T}>'],
  ['stream', 'stream<${1:T}>'],
];

/** Type definitions are allowed in interfaces and worlds alike. */
const TYPE_SNIPPETS: readonly [string, string][] = [
  ['type', 'type ${1:name} = $0;'],
  ['record', 'record ${1:name} {\n\t$0\n}'],
  ['variant', 'variant ${1:name} {\n\t$0\n}'],
  ['enum', 'enum ${1:name} {\n\t$0\n}'],
  ['flags', 'flags ${1:name} {\n\t$0\n}'],
  ['resource', 'resource ${1:name} {\n\t$0\n}'],
];

const ITEM_SNIPPETS: Record<BodyKind, readonly [string, string][]> = {
  top: [
    ['package', 'package ${1:namespace}:${2:name}@${3:0.1.0};'],
    ['interface', 'interface ${1:name} {\n\t$0\n}'],
    ['world', 'world ${1:name} {\n\t$0\n}'],
    ['use', 'use '],
  ],
  interface: [['use', 'use '], ...TYPE_SNIPPETS],
  world: [['import', 'import '], ['export', 'export '], ['include', 'include '], ['use', 'use '], ...TYPE_SNIPPETS],
  resource: [['constructor', 'constructor($1);']],
};

const ATTRIBUTES: readonly [string, string, string][] = [
  ['since', 'since(version = ${1:VERSION})', 'available since a version of the package'],
  ['unstable', 'unstable(feature = ${1:name})', 'only present when a feature is enabled'],
  ['deprecated', 'deprecated(version = ${1:VERSION})', 'deprecated since a version (needs @since or @unstable)'],
];

/** The model seen from one position: the current package and the interface or world around it. */
class Scope {
  readonly pkg: PackageModel | undefined;
  readonly container: Definition | undefined;

  constructor(readonly model: Analysis, readonly uri: string, offset: number) {
    this.pkg = model.packages.find((p) => p.uris.includes(uri)) ?? model.packages.find((p) => p.isRoot);
    let best: Definition | undefined;
    for (const d of model.definitions) {
      if ((d.kind !== 'interface' && d.kind !== 'world') || d.uri !== uri) continue;
      if (d.span.start <= offset && offset <= d.span.end && (!best || d.span.end - d.span.start < best.span.end - best.span.start)) best = d;
    }
    this.container = best;
  }

  /** The names visible as types here: defined in or `use`d into the enclosing interface or world. */
  typesInScope(): Definition[] {
    if (!this.container) return [];
    return typesIn(this.model, this.container);
  }

  otherPackages(): PackageModel[] {
    return this.model.packages.filter((p) => p !== this.pkg);
  }

  packagesNamed(name: string, version?: string): PackageModel[] {
    return this.model.packages.filter((p) => `${p.namespace}:${p.name}` === name && (version === undefined || p.version === version));
  }

  /** The interface (or world) a path names, seen from the current package. */
  resolvePath(path: PathText, want: 'interface' | 'world'): Definition | undefined {
    const pkgs = path.packageName !== undefined ? this.packagesNamed(path.packageName, path.version) : this.pkg ? [this.pkg] : [];
    for (const p of pkgs) {
      const found = want === 'interface'
        ? p.interfaces.find((i) => i.definition.kind === 'interface' && i.definition.name === path.name)?.definition
        : p.worlds.find((w) => w.definition.name === path.name)?.definition;
      if (found) return found;
    }
    return undefined;
  }
}

function itemsFor(context: CompletionContext, scope: Scope, configuredFeatures: readonly string[]): CompletionEntry[] {
  switch (context.kind) {
    case 'type':
      return context.handle ? resourceItems(scope) : typeItems(scope);
    case 'path-start':
      return context.namespace !== undefined
        ? packageItems(scope.otherPackages().filter((p) => p.namespace === context.namespace), 'name')
        : [...memberItems(scope.pkg, context.want, 0).filter((i) => i.label !== scope.container?.name || scope.container.kind !== context.want), ...packageItems(scope.otherPackages(), 'full')];
    case 'package-member':
      return scope.packagesNamed(context.packageName).flatMap((p) => memberItems(p, context.want, 1));
    case 'package-version':
      return scope.packagesNamed(context.packageName).filter((p) => p.version !== undefined)
        .map((p) => ({ label: p.version ?? '', kind: 'value' as const, detail: p.id, sortGroup: 0 }));
    case 'use-name': {
      const iface = scope.resolvePath(context.path, 'interface');
      if (!iface) return [];
      return typesIn(scope.model, iface).map((d) => definitionItem(d, 0));
    }
    case 'extern':
      return [...memberItems(scope.pkg, 'interface', 0), ...packageItems(scope.otherPackages(), 'full')];
    case 'extern-type':
      return [
        keyword('func', 'func($1)', 3),
        keyword('async func', 'async func($1)', 3),
        keyword('interface', 'interface {\n\t$0\n}', 3),
        ...memberItems(scope.pkg, 'interface', 0),
        ...packageItems(scope.otherPackages().filter((p) => p.namespace === context.name), 'name'),
      ];
    case 'with-name': {
      const world = scope.resolvePath(context.path, 'world');
      const model = world ? scope.model.packages.flatMap((p) => p.worlds).find((w) => w.definition === world) : undefined;
      if (!model) return [];
      return [...model.imports, ...model.exports]
        .filter((e) => !e.implied && !e.key.includes(':') && !e.key.includes('/'))
        .map((e) => ({ label: e.key, kind: 'name' as const, detail: `${e.direction} ${e.kind}`, sortGroup: 0 }));
    }
    case 'attribute-value':
      return attributeValues(context.key, scope, configuredFeatures);
    case 'attribute': {
      // Default the version placeholder to the package's own version.
      const version = scope.pkg?.version;
      return keywordItems(context).map((i) => (version && i.insertText ? { ...i, insertText: i.insertText.replace('VERSION', version) } : i));
    }
    default:
      return keywordItems(context);
  }
}

/** Items that need no model: keywords, built-ins and attribute snippets. */
function keywordItems(context: CompletionContext): CompletionEntry[] {
  switch (context.kind) {
    case 'item-start':
      return ITEM_SNIPPETS[context.body].map(([label, body]) => keyword(label, body, 3));
    case 'func-keyword':
      if (context.after) return [keyword('func', 'func($1)', 3)];
      return [
        keyword('func', 'func($1)', 3),
        keyword('async func', 'async func($1)', 3),
        ...(context.inResource ? [keyword('static func', 'static func($1)', 3)] : []),
      ];
    case 'type':
      return builtinItems();
    case 'after-include':
      return [keyword('with', 'with { $1 as $2 }', 3)];
    case 'attribute':
      return ATTRIBUTES.map(([label, body, detail]) => ({ label, kind: 'attribute', detail, insertText: body, snippet: true, sortGroup: 0 }));
    case 'attribute-key':
      return [context.attribute === 'unstable' ? keyword('feature', 'feature = ', 0) : keyword('version', 'version = ', 0)];
    case 'extern':
    case 'extern-type':
      return [keyword('func', 'func($1)', 3), keyword('interface', 'interface {\n\t$0\n}', 3)];
    default:
      return [];
  }
}

function typeItems(scope: Scope): CompletionEntry[] {
  return [...scope.typesInScope().map((d) => definitionItem(d, d.kind === 'use' ? 1 : 0)), ...builtinItems()];
}

function resourceItems(scope: Scope): CompletionEntry[] {
  return scope.typesInScope().filter((d) => originalDefinition(d).kind === 'resource').map((d) => definitionItem(d, 0));
}

function builtinItems(): CompletionEntry[] {
  return [
    ...PRIMITIVE_TYPES.map((p): CompletionEntry => ({ label: p, kind: 'builtin', detail: 'built-in type', sortGroup: 2 })),
    ...GENERICS.map(([label, body]): CompletionEntry => ({ label, kind: 'builtin', detail: body.replace(/\$\{\d:(\w)\}/g, '$1'), insertText: body, snippet: true, sortGroup: 2 })),
    { label: 'result', kind: 'builtin', detail: 'result (no payloads)', sortGroup: 2 },
    { label: 'future', kind: 'builtin', detail: 'future (no payload)', sortGroup: 2 },
    { label: 'stream', kind: 'builtin', detail: 'stream (no payload)', sortGroup: 2 },
  ];
}

/** The interfaces (or worlds) of a package, by plain name. */
function memberItems(pkg: PackageModel | undefined, want: 'interface' | 'world', sortGroup: number): CompletionEntry[] {
  if (!pkg) return [];
  const defs = want === 'interface'
    ? pkg.interfaces.map((i) => i.definition).filter((d) => d.kind === 'interface' && d.container?.kind !== 'world')
    : pkg.worlds.map((w) => w.definition);
  return defs.map((d) => ({ ...definitionItem(d, sortGroup), detail: `${want} in ${pkg.id}` }));
}

/** Packages as the start of a path: `ns:name/` (`full`) or, after `ns:`, `name/` (`name`). */
function packageItems(pkgs: readonly PackageModel[], form: 'full' | 'name'): CompletionEntry[] {
  return pkgs.map((p) => {
    const label = form === 'full' ? `${p.namespace}:${p.name}` : p.name;
    return { label, kind: 'package', detail: p.id, insertText: `${label}/`, sortGroup: 1, retrigger: true };
  });
}

function attributeValues(key: string, scope: Scope, configuredFeatures: readonly string[]): CompletionEntry[] {
  if (key === 'version') {
    const version = scope.pkg?.version;
    return version ? [{ label: version, kind: 'value', detail: `version of ${scope.pkg?.id ?? 'this package'}`, sortGroup: 0 }] : [];
  }
  if (key === 'feature') {
    const names = new Set<string>(configuredFeatures);
    for (const d of scope.model.definitions) if (d.gate.kind === 'unstable') names.add(d.gate.feature);
    return [...names].sort().map((f) => ({ label: f, kind: 'value', detail: 'feature', sortGroup: 0 }));
  }
  return [];
}

function definitionItem(def: Definition, sortGroup: number): CompletionEntry {
  const original = originalDefinition(def);
  const kind: CompletionKind = original.kind === 'resource' ? 'resource'
    : original.kind === 'interface' ? 'interface'
      : original.kind === 'world' ? 'world'
        : original.kind === 'function' ? 'function' : 'type';
  return {
    label: def.name,
    kind,
    detail: def.kind === 'use' ? `use ${original.kind} ${original.name}` : original.typeDef?.kind ?? original.kind,
    insertText: needsEscape(def.name) ? `%${def.name}` : undefined,
    sortGroup,
    definition: { uri: def.uri, start: def.nameSpan.start, name: def.name },
  };
}

function keyword(label: string, body: string, sortGroup: number): CompletionEntry {
  return { label, kind: 'keyword', insertText: body, snippet: body.includes('$'), sortGroup };
}

function needsEscape(name: string): boolean {
  return KEYWORDS.has(name);
}

function dedupe(items: readonly CompletionEntry[]): CompletionEntry[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const key = `${i.label}|${i.kind}|${i.detail ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
