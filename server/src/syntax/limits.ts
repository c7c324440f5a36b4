// Limits wit-parser enforces while parsing, shared by the AST builder and the wit-parser replay.

/** Types nested this deep (`list<` ×100) are rejected. */
export const MAX_TYPE_DEPTH = 100;
export const TYPE_TOO_DEEP = 'type nesting too deep';

/** Nested package blocks nested deeper than this are rejected. */
export const MAX_PACKAGE_DEPTH = 100;
export const PACKAGE_TOO_DEEP = 'package nesting too deep';

/** The message for a fixed list size that does not fit in a u32, or undefined when it fits. */
export function listSizeError(digits: string): string | undefined {
  return Number(digits) > 4294967295 ? 'invalid list size: number too large to fit in target type' : undefined;
}
