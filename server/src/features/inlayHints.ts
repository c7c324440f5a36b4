// Inlay hints: which package version a path resolved to, where the path does not say it.
// - A foreign path without a version (`use wasi:io/streams.{…}`) that resolved: `@0.2.0`.
// - A local path (`use types.{…}`, `import api;`, `include base;`) in a versioned package:
//   `example:app@0.1.0`, the package it resolves in.

import type { Span } from '../syntax/ast';
import type { Analysis, Definition, PackageModel } from '../semantics/model';
import { packageOf } from './lookup';

export interface InlayHintInfo {
  /** Where the hint is drawn (just after the path). */
  readonly offset: number;
  readonly label: string;
  readonly tooltip: string;
  /** Draw a space before the label. */
  readonly padded: boolean;
}

export function inlayHints(model: Analysis, uri: string, text: string, range: Span): InlayHintInfo[] {
  const out: InlayHintInfo[] = [];
  for (const ref of model.references) {
    if (ref.uri !== uri || !ref.target || ref.span.end < range.start || ref.span.start > range.end) continue;
    if (ref.kind === 'package') {
      const hint = foreignPathHint(model, ref.target, ref.span, text);
      if (hint) out.push(hint);
    } else if (ref.kind === 'interface' || ref.kind === 'world') {
      const hint = localPathHint(model, ref.target, ref.span, text);
      if (hint) out.push(hint);
    }
  }
  return out.sort((a, b) => a.offset - b.offset);
}

function foreignPathHint(model: Analysis, target: Definition, span: Span, text: string): InlayHintInfo | undefined {
  const pkg = model.packages.find((p) => p.definition === target);
  if (!pkg?.version) return undefined;
  // The path continues with `/name`; a version, if written, follows as `@…`.
  const rest = /^\s*\/\s*%?[A-Za-z0-9-]+/.exec(text.slice(span.end));
  if (!rest) return undefined;
  const end = span.end + rest[0].length;
  if (/^\s*@/.test(text.slice(end))) return undefined;
  return { offset: end, label: `@${pkg.version}`, tooltip: `resolved to ${pkg.id}`, padded: false };
}

function localPathHint(model: Analysis, target: Definition, span: Span, text: string): InlayHintInfo | undefined {
  // Only plain local names: `ns:pkg/name` paths say their package already.
  if (/\/\s*$/.test(text.slice(Math.max(0, span.start - 64), span.start))) return undefined;
  const pkg: PackageModel | undefined = packageOf(model, target);
  if (!pkg?.version) return undefined;
  return { offset: span.end, label: pkg.id, tooltip: `resolves to ${pkg.namespace}:${pkg.name}/${target.name}@${pkg.version}`, padded: true };
}
