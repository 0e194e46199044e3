/**
 * Undo and redo over the definition's text: every edit, graphical or typed in the code view, is one
 * entry, so both undo the same way. A typed edit replaces the entry it follows while the typing
 * goes on (`coalesce`), so undo goes back a word at a time, not a character.
 */
export class EditHistory {
  private entries: string[];
  private at = 0;

  constructor(
    initial: string,
    private readonly limit = 200,
  ) {
    this.entries = [initial];
  }

  get current(): string {
    return this.entries[this.at];
  }

  get canUndo(): boolean {
    return this.at > 0;
  }

  get canRedo(): boolean {
    return this.at < this.entries.length - 1;
  }

  /** Records `text` after the current entry (dropping what could have been redone); a no-op when unchanged. */
  push(text: string, coalesce = false): void {
    if (text === this.current) return;
    this.entries = this.entries.slice(0, this.at + 1);
    if (coalesce && this.at > 0) this.entries[this.at] = text;
    else this.entries.push(text);
    if (this.entries.length > this.limit) this.entries.shift();
    this.at = this.entries.length - 1;
  }

  undo(): string | undefined {
    if (!this.canUndo) return undefined;
    this.at -= 1;
    return this.current;
  }

  redo(): string | undefined {
    if (!this.canRedo) return undefined;
    this.at += 1;
    return this.current;
  }
}
