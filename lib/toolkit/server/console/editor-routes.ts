/**
 * What the console serves for its workflow editor (/console/editor) beyond plain files: the page
 * with a fresh CSP nonce, the generated bundles (./editor-bundles.ts), and the diagram of a draft.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { buildEditorBundle, EDITOR_BUNDLES } from './editor-bundles';

/** The largest draft definition the diagram API reads (the text, once inflated). */
const MAX_DRAFT_BYTES = 1024 * 1024;

/**
 * The editor page's Content-Security-Policy: the console's, plus a nonce for style elements.
 * CodeMirror (style-mod) writes its styles into a `<style>` element, which `style-src 'self'`
 * blocks; the page hands CodeMirror the nonce (EditorView.cspNonce), so exactly those elements
 * are allowed. Scripts stay 'self' only; inline style attributes stay blocked.
 */
export function editorPolicy(nonce: string): string {
  return (
    `default-src 'self'; script-src 'self'; style-src 'self' 'nonce-${nonce}'; img-src 'self' data:; ` +
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
  );
}

/** The editor page with a new nonce in its `<meta name="csp-nonce">`, and the nonce for its header. */
export function editorPage(assetsDir: string): { html: string; nonce: string } {
  const nonce = randomBytes(16).toString('base64');
  const template = fs.readFileSync(path.join(assetsDir, 'editor.html'), 'utf8');
  return { html: template.replace('{{nonce}}', nonce), nonce };
}

/** The generated assets: read from assets/ where `npm run build` put them, else bundled once per process. */
export class EditorBundles {
  private readonly built = new Map<string, Promise<string>>();

  constructor(private readonly assetsDir: string) {}

  static serves(asset: string): boolean {
    return EDITOR_BUNDLES.includes(asset);
  }

  get(asset: string): Promise<string> {
    let text = this.built.get(asset);
    if (!text) {
      const file = path.join(this.assetsDir, asset);
      text = fs.existsSync(file) ? fs.promises.readFile(file, 'utf8') : buildEditorBundle(asset);
      text.catch(() => this.built.delete(asset));
      this.built.set(asset, text);
    }
    return text;
  }
}

/**
 * A draft's definition from the diagram API's query: its JSON text, deflated (raw) and base64url
 * encoded by the page, so that a large definition fits a URL (the endpoint answers GET only under
 * /console/). Throws a readable error for anything else.
 */
export function draftDefinition(encoded: string): unknown {
  if (!encoded) throw new Error('No definition given');
  let text: string;
  try {
    text = inflateRawSync(Buffer.from(encoded, 'base64url'), { maxOutputLength: MAX_DRAFT_BYTES }).toString(
      'utf8',
    );
  } catch (error) {
    throw new Error(`The definition could not be read: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`The definition is not JSON: ${(error as Error).message}`, { cause: error });
  }
}
