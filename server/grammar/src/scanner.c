// External scanner for tree-sitter-wit.
//
// 1. Block comments nest in WIT (`/* a /* b */ c */`), which a regular expression cannot count.
//    An unterminated comment runs to the end of the file and is still returned as a comment; the
//    syntax layer reports it in wit-parser's words.
// 2. Keywords. WIT reserves its keywords everywhere, but tree-sitter's own lexer only produces a
//    keyword where the grammar expects it and an identifier elsewhere. After `package a:b` with a
//    missing `;`, the following `interface` would become an identifier and error recovery would
//    lose the rest of the file. Lexing every keyword here, whether or not it is expected, lets the
//    parser see `interface` and recover by inserting the missing `;`.
//
// Only lexer callbacks are used, so the wasm module needs no libc symbols.

#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>

// Must match `externals` in grammar.js: block_comment, _error_sentinel, then KEYWORDS in order.
enum TokenType { BLOCK_COMMENT, ERROR_SENTINEL, FIRST_KEYWORD };

static const char *const KEYWORDS[] = {
    "as",     "async",  "bool",    "borrow",  "char",      "constructor", "enum",   "error-context",
    "export", "f32",    "f64",     "flags",   "func",      "future",      "import", "include",
    "interface", "list", "map",    "option",  "own",       "package",     "record", "resource",
    "result", "s16",    "s32",     "s64",     "s8",        "static",      "stream", "string",
    "tuple",  "type",   "u16",     "u32",     "u64",       "u8",          "use",    "variant",
    "with",   "world",  "_",
};
#define KEYWORD_COUNT (sizeof(KEYWORDS) / sizeof(KEYWORDS[0]))
#define MAX_WORD 16

void *tree_sitter_wit_external_scanner_create(void) { return NULL; }

void tree_sitter_wit_external_scanner_destroy(void *payload) { (void)payload; }

unsigned tree_sitter_wit_external_scanner_serialize(void *payload, char *buffer) {
  (void)payload;
  (void)buffer;
  return 0;
}

void tree_sitter_wit_external_scanner_deserialize(void *payload, const char *buffer, unsigned length) {
  (void)payload;
  (void)buffer;
  (void)length;
}

static bool is_space(int32_t c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Characters that continue an identifier; anything beyond ASCII counts too, so that a keyword
// followed by a letter such as `é` stays part of one (invalid) identifier.
static bool is_word_char(int32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c >= 0x80;
}

static bool scan_block_comment(TSLexer *lexer) {
  // The caller has seen '/'; it is consumed here.
  lexer->advance(lexer, false);
  if (lexer->lookahead != '*') return false;
  lexer->advance(lexer, false);
  unsigned depth = 1;
  while (!lexer->eof(lexer)) {
    if (lexer->lookahead == '*') {
      lexer->advance(lexer, false);
      if (lexer->lookahead == '/') {
        lexer->advance(lexer, false);
        if (--depth == 0) break;
      }
    } else if (lexer->lookahead == '/') {
      lexer->advance(lexer, false);
      if (lexer->lookahead == '*') {
        lexer->advance(lexer, false);
        depth++;
      }
    } else {
      lexer->advance(lexer, false);
    }
  }
  lexer->mark_end(lexer);
  lexer->result_symbol = BLOCK_COMMENT;
  return true;
}

static bool equals(const char *word, unsigned length, const char *keyword) {
  unsigned i = 0;
  for (; i < length; i++) {
    if (keyword[i] != word[i]) return false;
  }
  return keyword[i] == '\0';
}

static bool scan_keyword(TSLexer *lexer) {
  char word[MAX_WORD + 1];
  unsigned length = 0;
  // Keywords are lowercase ASCII letters and digits with at most one '-' (`error-context`).
  while (is_word_char(lexer->lookahead)) {
    int32_t c = lexer->lookahead;
    if (length == MAX_WORD || c >= 0x80) return false;
    word[length++] = (char)c;
    lexer->advance(lexer, false);
  }
  if (length == 0) return false;
  for (unsigned k = 0; k < KEYWORD_COUNT; k++) {
    if (equals(word, length, KEYWORDS[k])) {
      lexer->mark_end(lexer);
      lexer->result_symbol = (TSSymbol)(FIRST_KEYWORD + k);
      return true;
    }
  }
  return false;
}

bool tree_sitter_wit_external_scanner_scan(void *payload, TSLexer *lexer, const bool *valid_symbols) {
  (void)payload;
  (void)valid_symbols;
  while (is_space(lexer->lookahead)) lexer->advance(lexer, true);
  if (lexer->lookahead == '/') return scan_block_comment(lexer);
  return scan_keyword(lexer);
}
