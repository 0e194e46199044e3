/**
 * The two console assets the editor page needs that are not plain files: CodeMirror 6 (the code
 * view) and the editor's model (./editor/, TypeScript), each bundled by esbuild into one ES module.
 * They are generated, never committed: `npm run build` writes them into dist/ next to the other
 * assets (scripts/build.ts), and from source (jest, `npm start`) the console router builds them in
 * memory at their first request, so they are never stale. Nothing is fetched at run time: the
 * page loads them from the endpoint like console.mjs, under the same Content-Security-Policy.
 */
import * as path from 'node:path';

/** Asset path under assets/ → what esbuild bundles into it. */
const ENTRIES: Record<string, { readonly entry?: string; readonly contents?: string }> = {
  'vendor/codemirror.mjs': {
    // Only what the code view uses: no autocompletion, no search panel, and no history of its
    // own (the editor's undo covers code and diagram edits alike).
    contents: [
      `export { EditorState, Transaction } from '@codemirror/state';`,
      `export { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from '@codemirror/view';`,
      `export { defaultKeymap, indentWithTab } from '@codemirror/commands';`,
      `export { bracketMatching, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';`,
      `export { json, jsonParseLinter } from '@codemirror/lang-json';`,
      `export { linter, lintGutter } from '@codemirror/lint';`,
    ].join('\n'),
  },
  'editor/model.mjs': { entry: path.join(__dirname, 'editor', 'index.ts') },
};

/** The generated assets' paths under assets/. */
export const EDITOR_BUNDLES = Object.keys(ENTRIES);

/**
 * Bundles one of {@link EDITOR_BUNDLES}. Needs esbuild and the CodeMirror packages, which are
 * development dependencies: an installed package ships the bundles built instead.
 */
export async function buildEditorBundle(asset: string): Promise<string> {
  const spec = ENTRIES[asset];
  if (!spec) throw new Error(`No editor bundle ${asset}`);
  const esbuild = await import('esbuild').catch(() => {
    throw new Error(`${asset} is built by \`npm run build\`; from source it needs esbuild (npm install)`);
  });
  const result = await esbuild.build({
    ...(spec.entry
      ? { entryPoints: [spec.entry] }
      : { stdin: { contents: spec.contents!, resolveDir: __dirname, loader: 'js' as const } }),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'eof',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
