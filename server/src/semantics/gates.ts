// `@since` / `@unstable` / `@deprecated` / `@external-id`: combining an item's attributes into
// one gate, with wit-parser's messages for invalid combinations.

import type { Attribute, Span } from '../syntax/ast';
import type { AnalysisContext } from './context';
import { NO_GATE } from './context';
import type { Gate } from './model';

/** Reads the gate of an item; reports invalid combinations and returns the best gate it can. */
export function readGate(ctx: AnalysisContext, uri: string, attrs: readonly Attribute[]): Gate {
  let since: Attribute | undefined;
  let unstable: Attribute | undefined;
  let deprecated: Attribute | undefined;
  let externalId: Attribute | undefined;
  let failed = false;
  for (const attr of attrs) {
    const fail = (message: string): void => {
      if (!failed) ctx.error(uri, attr.span, message, 'gate-combination');
      failed = true;
    };
    switch (attr.kind) {
      case 'since':
        if (since) fail('cannot specify @since twice');
        else if (unstable) fail('cannot specify both @since and @unstable');
        since = since ?? attr;
        break;
      case 'unstable':
        if (unstable) fail('cannot specify @unstable twice');
        else if (since) fail('cannot specify both @since and @unstable');
        unstable = unstable ?? attr;
        break;
      case 'deprecated':
        if (deprecated) fail('cannot specify @deprecated twice');
        deprecated = deprecated ?? attr;
        break;
      case 'external-id':
        if (externalId) fail('cannot specify @external-id twice');
        externalId = externalId ?? attr;
        break;
    }
  }
  if (deprecated && !since && !unstable && !failed) {
    ctx.error(uri, deprecated.span, 'cannot specify both @deprecated without @since or @unstable', 'gate-deprecated');
  }
  const dep = deprecated?.value?.text;
  if (since) {
    const gate: Gate = { kind: 'since', version: since.value?.text ?? '', deprecated: dep };
    versionSpans.set(gate, since.value?.span ?? since.span);
    return gate;
  }
  if (unstable) return { kind: 'unstable', feature: unstable.value?.text ?? '', deprecated: dep };
  return NO_GATE;
}

/** Where each `@since` gate's version was written, for diagnostics about that version. */
const versionSpans = new WeakMap<Gate, Span>();

/** The span of the version in a gate's `@since(version = …)`, if it came from one. */
export function gateVersionSpan(gate: Gate): Span | undefined {
  return versionSpans.get(gate);
}

/** Whether an item with this gate is kept under the active feature set. */
export function gateActive(ctx: AnalysisContext, gate: Gate): boolean {
  return gate.kind !== 'unstable' || ctx.isFeatureActive(gate.feature);
}

/** Semver precedence comparison (major.minor.patch, then pre-release rules). */
export function compareSemver(a: string, b: string): number {
  const split = (v: string): { core: number[]; pre: string[] } => {
    const noBuild = v.split('+')[0] ?? '';
    const dash = noBuild.indexOf('-');
    const core = (dash < 0 ? noBuild : noBuild.slice(0, dash)).split('.').map((x) => Number(x));
    const pre = dash < 0 ? [] : noBuild.slice(dash + 1).split('.');
    return { core, pre };
  };
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < 3; i += 1) {
    const d = (x.core[i] ?? 0) - (y.core[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  if (x.pre.length === 0 && y.pre.length === 0) return 0;
  if (x.pre.length === 0) return 1;
  if (y.pre.length === 0) return -1;
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i += 1) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined) return -1;
    if (q === undefined) return 1;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) {
      const d = Number(p) - Number(q);
      if (d !== 0) return d < 0 ? -1 : 1;
    } else if (pn !== qn) {
      return pn ? -1 : 1;
    } else if (p !== q) {
      return p < q ? -1 : 1;
    }
  }
  return 0;
}
