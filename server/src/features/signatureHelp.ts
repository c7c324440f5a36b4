// Signature help inside the generic types of signatures (`result<…>`, `map<…>`, `list<…>`, …):
// which arguments the type takes and which one the cursor is on.

import { isComment, lexWit } from './tokens';

export interface SignatureInfo {
  readonly label: string;
  readonly documentation: string;
  /** Each parameter's name, and where it sits in `label` (start, end). */
  readonly parameters: readonly { readonly label: string; readonly documentation: string; readonly range: readonly [number, number] }[];
  readonly activeParameter: number;
}

const GENERICS: Readonly<Record<string, { params: readonly [string, string][]; doc: string }>> = {
  list: { params: [['T', 'element type'], ['N', 'optional fixed length']], doc: 'A list of values; `list<T, N>` has exactly N elements.' },
  option: { params: [['T', 'the value when present']], doc: 'An optional value.' },
  result: { params: [['T', 'the ok value (`_` for none)'], ['E', 'the error value']], doc: 'Success or failure; `result<T>` has no error payload, `result` none at all.' },
  tuple: { params: [['T…', 'element types, in order']], doc: 'A fixed sequence of values of the given types.' },
  map: { params: [['K', 'key type: bool, an integer, char or string'], ['V', 'value type']], doc: 'A map from keys to values.' },
  borrow: { params: [['R', 'a resource']], doc: 'A handle borrowed for the duration of a call.' },
  own: { params: [['R', 'a resource']], doc: 'An owned handle to a resource.' },
  future: { params: [['T', 'the value it resolves to']], doc: 'A value available later.' },
  stream: { params: [['T', 'the element type']], doc: 'A stream of values.' },
};

/** The generic type whose argument list holds `offset`, if any. */
export function signatureHelp(text: string, offset: number): SignatureInfo | undefined {
  const tokens = lexWit(text.slice(0, offset)).tokens.filter((t) => !isComment(t));
  // Walk back to the innermost unclosed `<`, counting its top-level commas.
  let depth = 0;
  let commas = 0;
  for (let i = tokens.length - 1; i >= 0; i -= 1) {
    const t = tokens[i].text;
    if (t === '>') depth += 1;
    else if (t === '<') {
      if (depth === 0) {
        const name = tokens[i - 1]?.text;
        const generic = name !== undefined ? GENERICS[name] : undefined;
        if (!generic || name === undefined) return undefined;
        const active = name === 'tuple' ? 0 : Math.min(commas, generic.params.length - 1);
        let at = name.length + 1;
        const parameters = generic.params.map(([label, documentation]) => {
          const range: [number, number] = [at, at + label.length];
          at += label.length + 2;
          return { label, documentation, range };
        });
        return {
          label: `${name}<${generic.params.map(([p]) => p).join(', ')}>`,
          documentation: generic.doc,
          parameters,
          activeParameter: active,
        };
      }
      depth -= 1;
    } else if (t === ',' && depth === 0) commas += 1;
    else if (t === ';' || t === '{' || t === '}' || t === '(' || t === ')') return undefined;
  }
  return undefined;
}
