/* global document, fetch, Blob, Response, CompressionStream, DOMParser, btoa */
/**
 * The editor's diagram: the console's own drawing (server-side ELK layout, SVG) of the definition
 * being edited, fetched from /console/api/draft-diagram as the text changes. Each state carries
 * `data-state-path` (its place in the definition), so a click or a key selects it; the page marks
 * the selected state and those the diagnostics concern.
 */
import { h } from '../kit.mjs';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** `onSelect(path)` when a state is clicked or chosen with the keyboard. */
export function diagramView(onSelect) {
  const element = h('div', { class: 'graph', id: 'editor-graph' });
  const note = h('p', { class: 'muted', id: 'diagram-note', hidden: '' });
  let drawn = '';
  let sequence = 0;
  element.addEventListener('click', (event) => {
    const state = event.target.closest('[data-state-path]');
    if (state) onSelect(state.dataset.statePath);
  });
  element.addEventListener('keydown', (event) => {
    const state = event.target.closest?.('[data-state-path]');
    if (state && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      onSelect(state.dataset.statePath);
    }
  });

  /** Draws `text` (the definition's JSON) unless already drawn; keeps the last drawing when it cannot. */
  const draw = async (text, title) => {
    if (text === drawn) return;
    const mine = ++sequence;
    let definition;
    try {
      definition = JSON.parse(text);
    } catch {
      return;
    }
    if (!definition || typeof definition !== 'object' || Object.keys(definition.States ?? {}).length === 0) {
      drawn = text;
      element.replaceChildren(
        h('p', { class: 'muted', id: 'empty-diagram' }, 'No states yet: add one from the palette.'),
      );
      note.hidden = true;
      return;
    }
    const query = `definition=${await deflate(text)}&title=${encodeURIComponent(title)}`;
    const response = await fetch(`/console/api/draft-diagram?${query}`);
    if (mine !== sequence) return;
    if (!response.ok) {
      note.textContent = `The diagram shows the last version it could draw: ${(await response.json()).message}`;
      note.hidden = false;
      return;
    }
    const svg = new DOMParser().parseFromString(await response.text(), 'image/svg+xml').documentElement;
    element.replaceChildren(document.importNode(svg, true));
    for (const state of element.querySelectorAll('[data-state-path]')) {
      state.setAttribute('tabindex', '0');
      state.setAttribute('role', 'button');
      state.setAttribute('aria-label', `${state.dataset.stateName} (${state.dataset.stateType})`);
    }
    note.hidden = true;
    drawn = text;
  };

  /** Marks the selected state and the states with problems (a badge with their count). */
  const mark = (selected, byState) => {
    for (const state of element.querySelectorAll('[data-state-path]')) {
      const path = state.dataset.statePath;
      const problems = byState.get(path) ?? [];
      state.classList.toggle('selected', path === selected);
      state.classList.toggle('has-problem', problems.length > 0);
      state.querySelector(':scope > .problem-badge')?.remove();
      if (problems.length > 0) state.append(badge(problems));
      if (path === selected) state.setAttribute('aria-pressed', 'true');
      else state.removeAttribute('aria-pressed');
    }
  };

  /** Moves the keyboard focus to a state of the diagram (by path), if it is drawn. */
  const focus = (path) => {
    const state = [...element.querySelectorAll('[data-state-path]')].find(
      (s) => s.dataset.statePath === path,
    );
    state?.focus();
  };

  return { element, note, draw, mark, focus };
}

function badge(problems) {
  const g = document.createElementNS(SVG_NS, 'g');
  g.setAttribute('class', 'problem-badge');
  g.setAttribute('transform', 'translate(-6,-6)');
  const circle = document.createElementNS(SVG_NS, 'circle');
  circle.setAttribute('r', '9');
  circle.setAttribute('cx', '6');
  circle.setAttribute('cy', '6');
  const text = document.createElementNS(SVG_NS, 'text');
  text.setAttribute('x', '6');
  text.setAttribute('y', '10');
  text.setAttribute('text-anchor', 'middle');
  text.textContent = String(problems.length);
  const title = document.createElementNS(SVG_NS, 'title');
  title.textContent = problems.map((p) => `${p.code}: ${p.message}`).join('\n');
  g.append(title, circle, text);
  return g;
}

/** The text deflated (raw) and base64url-encoded: what the draft diagram API reads. */
async function deflate(text) {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
