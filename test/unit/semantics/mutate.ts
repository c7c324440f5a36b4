// Deterministic token mutations for the differential test: delete, duplicate, or swap tokens
// of a WIT source, driven by a seeded PRNG so every run checks the same inputs.

const TOKEN = /\/\/[^\n]*|\/\*[\s\S]*?\*\/|%?[A-Za-z][A-Za-z0-9-]*|\d+(?:\.\d+)*(?:-[A-Za-z0-9.]+)?|->|\s+|./g;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** mulberry32: small, fast and good enough to pick positions. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type MutationKind = 'delete' | 'duplicate' | 'swap' | 'swap-names';

export interface Mutant {
  readonly kind: MutationKind;
  readonly index: number;
  readonly text: string;
}

/**
 * `count` mutants of `text`, the same ones for the same seed. With `namesOnly`, every mutation
 * swaps two identifiers, which mostly keeps the syntax valid and exercises name resolution.
 */
export function mutants(text: string, count: number, seed: number, namesOnly = false): Mutant[] {
  const tokens = tokenize(text);
  const significant = tokens.map((t, i) => ({ t, i }))
    .filter(({ t }) => !/^\s+$/.test(t) && !t.startsWith('//') && !t.startsWith('/*'))
    .filter(({ t }) => !namesOnly || /^%?[A-Za-z]/.test(t));
  const rand = prng(seed);
  const out: Mutant[] = [];
  if (significant.length < 2) return out;
  for (let n = 0; n < count; n += 1) {
    const pick = significant[Math.floor(rand() * significant.length)] as { t: string; i: number };
    const kinds: MutationKind[] = ['delete', 'duplicate', 'swap'];
    const kind = namesOnly ? 'swap-names' : kinds[Math.floor(rand() * kinds.length)] as MutationKind;
    const copy = [...tokens];
    if (kind === 'delete') {
      copy[pick.i] = '';
    } else if (kind === 'duplicate') {
      copy[pick.i] = `${pick.t} ${pick.t}`;
    } else {
      // 'swap' and 'swap-names' (the candidates were already narrowed to identifiers).
      const other = significant[Math.floor(rand() * significant.length)] as { t: string; i: number };
      copy[pick.i] = other.t;
      copy[other.i] = pick.t;
    }
    out.push({ kind, index: pick.i, text: copy.join('') });
  }
  return out;
}
