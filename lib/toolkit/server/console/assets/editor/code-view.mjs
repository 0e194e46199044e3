/**
 * The code view: the definition's ASL JSON in CodeMirror 6 (bundled into /console/vendor/codemirror.mjs,
 * served by the endpoint: no CDN). Typing here changes the definition as the diagram does; a
 * graphical edit rewrites the text here. CodeMirror keeps no undo history of its own: Mod-Z and
 * Mod-Y are the editor's, which cover both kinds of edit.
 */
import {
  bracketMatching,
  defaultHighlightStyle,
  defaultKeymap,
  drawSelection,
  EditorState,
  EditorView,
  foldGutter,
  foldKeymap,
  highlightActiveLine,
  highlightActiveLineGutter,
  indentOnInput,
  json,
  jsonParseLinter,
  keymap,
  lineNumbers,
  linter,
  lintGutter,
  syntaxHighlighting,
} from '../vendor/codemirror.mjs';

/**
 * `nonce`: the page's CSP nonce, for CodeMirror's `<style>` element. `onChange(text)` after the
 * person typed; `undo()` and `redo()` for the keys.
 */
export function codeView(parent, { nonce, onChange, undo, redo }) {
  let applying = false;
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: '',
      extensions: [
        EditorView.cspNonce.of(nonce),
        lineNumbers(),
        highlightActiveLineGutter(),
        highlightActiveLine(),
        foldGutter(),
        drawSelection(),
        indentOnInput(),
        bracketMatching(),
        syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
        json(),
        linter(jsonParseLinter(), { delay: 300 }),
        lintGutter(),
        keymap.of([
          { key: 'Mod-z', run: () => (undo(), true), preventDefault: true },
          { key: 'Mod-y', run: () => (redo(), true), preventDefault: true },
          { key: 'Mod-Shift-z', run: () => (redo(), true), preventDefault: true },
          ...defaultKeymap,
          ...foldKeymap,
        ]),
        EditorView.contentAttributes.of({ 'aria-label': 'ASL JSON of the definition' }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged && !applying) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    /** Replaces the text (a graphical edit, undo, redo) without calling onChange. */
    setText(text) {
      if (view.state.doc.toString() === text) return;
      applying = true;
      try {
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
      } finally {
        applying = false;
      }
    },
    text: () => view.state.doc.toString(),
  };
}
