// The open documents: their text, version and latest parse. Each change re-parses the document
// incrementally (tree-sitter reuses the previous tree), which costs well under a millisecond for
// a one-character edit.

import { LineIndex } from '../syntax/lineIndex';
import type { ParsedFile, TextEdit, WitParser } from '../syntax/parser';

/** One content change as the client sent it: a replacement of a range, or of the whole text. */
export type ContentChange =
  | { readonly kind: 'edit'; readonly edit: TextEdit }
  | { readonly kind: 'full'; readonly text: string };

export interface OpenDocument {
  readonly uri: string;
  readonly version: number;
  readonly parsed: ParsedFile;
}

export class DocumentStore {
  private readonly docs = new Map<string, OpenDocument>();

  constructor(private readonly parser: WitParser) {}

  open(uri: string, version: number, text: string): OpenDocument {
    const doc: OpenDocument = { uri, version, parsed: this.parser.parse(uri, text) };
    this.docs.set(uri, doc);
    return doc;
  }

  /**
   * Applies the changes in order (each in the coordinates left by the previous ones) and
   * re-parses. Returns undefined for a document that is not open.
   */
  change(uri: string, version: number, changes: readonly ContentChange[]): OpenDocument | undefined {
    const doc = this.docs.get(uri);
    if (!doc) return undefined;
    let text = doc.parsed.text;
    let edits: TextEdit[] | undefined = [];
    for (const change of changes) {
      if (change.kind === 'full') {
        text = change.text;
        edits = undefined;
      } else {
        text = applyEdit(text, change.edit);
        edits?.push(change.edit);
      }
    }
    const parsed = edits === undefined
      ? this.parser.parse(uri, text)
      : this.parser.parse(uri, text, { file: doc.parsed, edits });
    const next: OpenDocument = { uri, version, parsed };
    this.docs.set(uri, next);
    return next;
  }

  close(uri: string): void {
    this.docs.delete(uri);
  }

  get(uri: string): OpenDocument | undefined {
    return this.docs.get(uri);
  }

  all(): OpenDocument[] {
    return [...this.docs.values()];
  }
}

/** Applies one LSP-shaped edit to `text`. */
export function applyEdit(text: string, edit: TextEdit): string {
  const lines = new LineIndex(text);
  const start = lines.offsetAt(edit.range.start);
  const end = Math.max(start, lines.offsetAt(edit.range.end));
  return text.slice(0, start) + edit.newText + text.slice(end);
}
