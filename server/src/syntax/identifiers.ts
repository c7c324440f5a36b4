// WIT's identifier rules, with wit-parser's wording. An identifier is kebab-case: segments
// separated by single `-`, each segment either all-lowercase or all-uppercase ASCII letters
// (digits are allowed anywhere); `%` in front escapes a keyword.

import type { PrimitiveName } from './ast';

/** Every WIT keyword (WIT.md's list plus what wit-parser reserves today). */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'as', 'async', 'bool', 'borrow', 'char', 'constructor', 'enum', 'error-context', 'export',
  'f32', 'f64', 'flags', 'from', 'func', 'future', 'import', 'include', 'interface', 'list', 'map',
  'option', 'own', 'package', 'record', 'resource', 'result', 's16', 's32', 's64', 's8',
  'static', 'stream', 'string', 'tuple', 'type', 'u16', 'u32', 'u64', 'u8', 'use', 'variant',
  'with', 'world', '_',
]);

/** WIT's primitive type names (all of them keywords), in the order completion offers them. */
export const PRIMITIVE_TYPES: readonly PrimitiveName[] = ['bool', 's8', 's16', 's32', 's64', 'u8', 'u16', 'u32', 'u64', 'f32', 'f64', 'char', 'string', 'error-context'];

const PRIMITIVE_SET: ReadonlySet<string> = new Set(PRIMITIVE_TYPES);

/** True when `name` is one of WIT's primitive type names. */
export function isPrimitiveType(name: string): name is PrimitiveName {
  return PRIMITIVE_SET.has(name);
}

const VALID = /^(?:[a-z0-9]+|[A-Z0-9]+)(?:-(?:[a-z0-9]+|[A-Z0-9]+))*$/;

/**
 * Returns wit-parser's message for an invalid identifier (without its `%`), or undefined when
 * the identifier is valid.
 */
export function identifierError(name: string): string | undefined {
  if (VALID.test(name)) return undefined;
  for (const segment of name.split('-')) {
    if (segment.length === 0) return "identifiers must have characters between '-'s";
    let upper: boolean | undefined;
    for (const ch of segment) {
      if (ch >= '0' && ch <= '9') continue;
      const isLower = ch >= 'a' && ch <= 'z';
      const isUpper = ch >= 'A' && ch <= 'Z';
      if ((!isLower && !isUpper) || (upper !== undefined && upper !== isUpper)) {
        return `invalid character in identifier '${ch}'`;
      }
      upper = isUpper;
    }
  }
  return undefined;
}
