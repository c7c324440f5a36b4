// Converts between UTF-16 offsets (what JavaScript strings, the AST and tree-sitter's JS binding
// count) and 0-based { line, character } positions (what LSP speaks, also in UTF-16 code units).
// Line breaks are `\n`, `\r\n` and a lone `\r`, as in LSP.

export interface Position {
  readonly line: number;
  readonly character: number;
}

export class LineIndex {
  /** Offset of the first character of each line; always starts with 0. */
  private readonly starts: readonly number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) {
        starts.push(i + 1);
      } else if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** The position of `offset`, clamped to the text. */
  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(Math.floor(offset), this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.starts[low] };
  }

  /**
   * The offset of `position`. A line past the end maps to the end of the text; a character past
   * the end of its line maps to the end of that line (before its line break), as LSP requires.
   */
  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const end = this.lineEnd(position.line);
    return Math.max(start, Math.min(start + Math.max(0, position.character), end));
  }

  /** Offset of the first character of `line`. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Offset just past the last character of `line`, before its line break. */
  lineEnd(line: number): number {
    const index = Math.max(0, Math.min(line, this.starts.length - 1));
    if (index + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[index + 1];
    if (end > 0 && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.starts[index] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
}
