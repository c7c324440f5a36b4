// The reference oracle: wit-parser as bundled in the pinned `@bytecodealliance/jco` (test-only;
// never used at run time). It answers accept/reject and the root error message; it has no
// line/column API, so ranges are tested by our own conformance fixtures.
//
// - In-memory sources: `componentEmbed({ dummy: true, witSource, world: 'w', features })`. The
//   world must be named; when the package has no world `w`, the embed fails *after* the whole
//   package resolved, with "World `w` not found in package …": that counts as accepted.
// - Folders with `deps/`: `generateTypes` from jco-transpile after `_setPreopens({'/': '/'})`;
//   it throws the whole cause chain, whose last entry is the root message.

import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly message: string };

interface EmbedModule {
  componentEmbed(opts: { dummy: boolean; witSource: string; world: string; features: { tag: 'list'; val: string[] } | { tag: 'all' } }): Promise<Uint8Array>;
}
interface TranspileModule {
  $init: Promise<void>;
  generateTypes(name: string, opts: { wit: { tag: 'path'; val: string }; features: { tag: 'list'; val: string[] } | { tag: 'all' } }): unknown;
}
interface ShimModule {
  _setPreopens(preopens: Record<string, string>): void;
}

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
// `require.resolve` from the repo root finds the packages' ESM entry points; importing them by
// file URL keeps this CommonJS test module free of ESM-only static imports.
function resolveFrom(specifier: string): string {
  return pathToFileURL(require.resolve(specifier, { paths: [repoRoot] })).href;
}
async function importEsm<T>(url: string): Promise<T> {
  // A Function-built import survives TypeScript's CommonJS output, which would turn a plain
  // `import()` into `require()` and fail on these ESM-only packages.
  const dynamicImport = new Function('u', 'return import(u)') as (u: string) => Promise<T>;
  return dynamicImport(url);
}

let embedModule: Promise<EmbedModule> | undefined;
let transpileModule: Promise<TranspileModule> | undefined;

function features(list: readonly string[] | 'all'): { tag: 'list'; val: string[] } | { tag: 'all' } {
  return list === 'all' ? { tag: 'all' } : { tag: 'list', val: [...list] };
}

/** wit-parser's verdict on one source text (a single-file package, nested packages allowed). */
export async function oracleSource(witSource: string, featureList: readonly string[] | 'all' = ['active']): Promise<Verdict> {
  embedModule ??= importEsm<EmbedModule>(resolveFrom('@bytecodealliance/jco'));
  const jco = await embedModule;
  try {
    await jco.componentEmbed({ dummy: true, witSource, world: 'w', features: features(featureList) });
    return { ok: true };
  } catch (e) {
    const message = errorText(e);
    if (/^World `w` not found in package `[^`]*`$/.test(message)) return { ok: true };
    return { ok: false, message };
  }
}

/** wit-parser's verdict on a package folder (its `.wit` files and `deps/`). */
export async function oracleDir(dir: string, featureList: readonly string[] | 'all' = ['active']): Promise<Verdict> {
  transpileModule ??= (async () => {
    const shim = await importEsm<ShimModule>(resolveFrom('@bytecodealliance/preview2-shim/filesystem'));
    shim._setPreopens({ '/': '/' });
    const t = await importEsm<TranspileModule>(resolveFrom('@bytecodealliance/jco-transpile/component'));
    await t.$init;
    return t;
  })();
  const t = await transpileModule;
  try {
    t.generateTypes('oracle', { wit: { tag: 'path', val: dir }, features: features(featureList) });
    return { ok: true };
  } catch (e) {
    const message = rootCause(errorText(e));
    if (/^World `w` not found in package `[^`]*`$/.test(message)) return { ok: true };
    if (/no worlds? .*found|contains no worlds|multiple worlds/i.test(message)) return { ok: true };
    return { ok: false, message };
  }
}

function errorText(e: unknown): string {
  if (e && typeof e === 'object') {
    const payload = (e as { payload?: unknown }).payload;
    if (typeof payload === 'string') return payload;
    const message = (e as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return String(e);
}

/**
 * The last entry of an anyhow cause chain ("…\n\nCaused by:\n    0: a\n    1: b") with its
 * continuation lines dedented, e.g. the list after "known packages:".
 */
export function rootCause(text: string): string {
  const at = text.indexOf('\n\nCaused by:\n');
  if (at < 0) return text;
  const lines = text.slice(at + '\n\nCaused by:\n'.length).split('\n');
  let start = 0;
  let indent = 4;
  lines.forEach((line, i) => {
    const m = /^(\s*\d+: )/.exec(line);
    if (m && m[1]) { start = i; indent = m[1].length; }
  });
  const picked = lines.slice(start);
  return picked
    .map((line, i) => (i === 0 ? line.replace(/^\s*(\d+: )?/, '') : line.slice(Math.min(indent, line.length - line.trimStart().length))))
    .join('\n');
}
