// Shared state of one analysis: the arenas of definitions and references, and the ordered
// diagnostic list. Every stage appends here; nothing is ever removed, so ids stay stable.

import type { Ident, Span } from '../syntax/ast';
import type { Definition, DefinitionKind, Gate, Reference, ReferenceKind, UriDiagnostic } from './model';

export const NO_GATE: Gate = { kind: 'none' };

export interface DefinitionInit {
  readonly container?: Definition;
  readonly docs?: string;
  readonly gate?: Gate;
  readonly typeDef?: Definition['typeDef'];
  readonly func?: Definition['func'];
  readonly target?: Definition;
}

export class AnalysisContext {
  readonly definitions: Definition[] = [];
  readonly references: Reference[] = [];
  readonly diagnostics: UriDiagnostic[] = [];
  /** Package references waiting for their package to be found: reference → package key. */
  readonly pendingPackageRefs = new Map<Reference, string>();
  /** Definitions whose `target` is a foreign item, filled in when packages are joined. */
  readonly pendingTargets: { readonly def: Definition; readonly resolve: () => Definition | undefined }[] = [];
  /**
   * Definitions standing for not-yet-bound foreign types. They are never targets of references
   * (those are filled in when packages are joined) and are left out of the final model.
   */
  readonly placeholderDefs = new Set<Definition>();
  /**
   * Files with syntax errors. A name missing from an interface in such a file is most likely
   * one the parser had to drop, so lookups into it stay quiet instead of cascading.
   */
  readonly brokenUris = new Set<string>();
  /** Enabled features; `undefined` means all of them. */
  readonly features: ReadonlySet<string> | undefined;

  constructor(features: ReadonlySet<string> | undefined) {
    this.features = features;
  }

  define(kind: DefinitionKind, name: string, uri: string, nameSpan: Span, span: Span, init: DefinitionInit = {}): Definition {
    const def: Definition = {
      id: this.definitions.length,
      kind,
      name,
      uri,
      nameSpan,
      span,
      container: init.container,
      docs: init.docs === undefined ? undefined : normalizeDocs(init.docs),
      gate: init.gate ?? NO_GATE,
      typeDef: init.typeDef,
      func: init.func,
      target: init.target && this.placeholderDefs.has(init.target) ? undefined : init.target,
    };
    this.definitions.push(def);
    return def;
  }

  reference(kind: ReferenceKind, ident: Ident, uri: string, target?: Definition): Reference {
    const ref: Reference = { kind, name: ident.name, uri, span: ident.span, target: target && this.placeholderDefs.has(target) ? undefined : target };
    this.references.push(ref);
    return ref;
  }

  error(uri: string, span: Span, message: string, code: string): void {
    this.diagnostics.push({ uri, span, message, severity: 'error', code });
  }

  warning(uri: string, span: Span, message: string, code: string): void {
    this.diagnostics.push({ uri, span, message, severity: 'warning', code });
  }

  isFeatureActive(feature: string): boolean {
    return this.features === undefined || this.features.has(feature);
  }
}

/**
 * Doc text as wit-parser keeps it: trailing spaces removed, the indentation common to all
 * non-empty lines removed, trailing blank lines dropped. Empty docs become undefined.
 */
export function normalizeDocs(text: string): string | undefined {
  const lines = text.split(/\r?\n/).map((l) => l.trimEnd());
  let min = Infinity;
  for (const l of lines) {
    if (l.length === 0) continue;
    const lead = l.length - l.trimStart().length;
    if (lead < min) min = lead;
  }
  const cut = Number.isFinite(min) ? min : 0;
  const out = lines.map((l) => l.slice(Math.min(cut, l.length))).join('\n').replace(/\n+$/, '');
  return out.length > 0 ? out : undefined;
}
