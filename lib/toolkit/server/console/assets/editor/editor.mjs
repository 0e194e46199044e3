/* global document, location, localStorage, history, setTimeout, clearTimeout, URLSearchParams */
/**
 * The workflow editor (/console/editor, or ?stateMachineArn= to edit a machine): the diagram of the
 * definition being edited, a palette, the selected state's form, the code view, Test state and Run.
 * One text is the truth: every edit (graphical, typed, undo) produces the definition's JSON text,
 * which the code view shows, the undo history records, the browser's storage keeps as a draft, and
 * ValidateStateMachineDefinition and the diagram API check and draw. The edits themselves are the
 * model's pure functions (./model.mjs, bundled from ../../editor/); this module is the wiring.
 */
import { h, showError, stepFunctions } from '../kit.mjs';
import { codeView } from './code-view.mjs';
import { diagramView } from './diagram.mjs';
import { renderInspector, renderProblems } from './inspector.mjs';
import * as model from './model.mjs';
import { tryItPanel } from './try-it.mjs';

const DRAFT_KEY = 'order-workflow.editor.draft:';
const CHECK_DELAY_MS = 200;
const TYPING_DELAY_MS = 300;
/** Typed edits this close together are one undo step. */
const TYPING_STEP_MS = 1500;

const root = document.getElementById('editor');
document.getElementById('endpoint').textContent = location.origin;
const nonce = document.querySelector('meta[name="csp-nonce"]')?.content ?? '';

/** The editor's state: what is edited, where it runs, what the validator said of which text. */
const ed = {
  arn: undefined,
  name: '',
  type: 'STANDARD',
  original: '',
  text: '',
  definition: undefined,
  selected: undefined,
  diagnostics: [],
  validated: undefined,
  placed: { byState: new Map(), general: [] },
};
let steps;
let ui;

async function start() {
  const arn = new URLSearchParams(location.search).get('stateMachineArn') || undefined;
  const machine = arn ? await stepFunctions('DescribeStateMachine', { stateMachineArn: arn }) : undefined;
  ed.arn = arn;
  ed.original = machine ? pretty(machine.definition) : pretty(JSON.stringify(model.emptyDefinition()));
  const draft = readDraft();
  ed.name = machine?.name ?? draft?.name ?? 'MyWorkflow';
  ed.type = machine?.type ?? draft?.type ?? 'STANDARD';
  steps = new model.EditHistory(ed.original);
  ui = layout(machine);
  if (draft && draft.text !== ed.original) {
    steps.push(draft.text);
    ui.draftNote.replaceChildren(
      `Restored the unsaved draft of ${new Date(draft.savedAt).toLocaleString()} from this browser. `,
      button('Discard draft', { id: 'discard-draft' }, discardDraft),
    );
    ui.draftNote.hidden = false;
  }
  setText(steps.current, { record: false });
  document.addEventListener('keydown', onKey);
}

// ------------------------------------------------------------------------------------------ edits

/**
 * The one way the text changes. `record`: a new undo step (not for undo/redo themselves);
 * `fromCode`: typed in the code view (which then is not rewritten); `select`: the state to select.
 */
function setText(text, { record = true, fromCode = false, coalesce = false, select } = {}) {
  if (record) steps.push(text, coalesce);
  ed.text = text;
  root.dataset.checked = 'false';
  ed.definition = parse(text);
  if (select !== undefined) ed.selected = select || undefined;
  if (ed.selected && !(ed.definition && model.findState(ed.definition, ed.selected))) ed.selected = undefined;
  if (!fromCode) ui.code.setText(text);
  saveDraft();
  render();
  scheduleCheck();
}

/** Applies one of the model's edits to the definition; `edit` returns { definition, path? }. */
function edit(change) {
  ui.editError.hidden = true;
  if (!ed.definition) return;
  try {
    const result = change(ed.definition);
    setText(pretty(JSON.stringify(result.definition)), {
      select: 'path' in result ? (result.path ?? '') : undefined,
    });
  } catch (error) {
    showError(ui.editError, error.message);
  }
}

function select(path) {
  ed.selected = path;
  render();
}

function undo() {
  const text = steps.undo();
  if (text !== undefined) setText(text, { record: false });
}

function redo() {
  const text = steps.redo();
  if (text !== undefined) setText(text, { record: false });
}

let lastTyped = 0;
let typingTimer;
function typed(text) {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    const now = Date.now();
    setText(text, { fromCode: true, coalesce: now - lastTyped < TYPING_STEP_MS });
    lastTyped = now;
  }, TYPING_DELAY_MS);
}

// ----------------------------------------------------------------------------------------- checks

let checkTimer;
let checkSequence = 0;
function scheduleCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(() => check().catch(() => undefined), CHECK_DELAY_MS);
}

/** Validates the text (as AWS would) and redraws the diagram; an answer for an older text is dropped. */
async function check() {
  const text = ed.text;
  const mine = ++checkSequence;
  const [validation] = await Promise.all([
    stepFunctions('ValidateStateMachineDefinition', {
      definition: text,
      type: ed.type,
      severity: 'WARNING',
    }).catch((error) => ({
      diagnostics: [{ severity: 'ERROR', code: 'NOT_VALIDATED', message: error.message }],
    })),
    ui.diagram.draw(text, `${ed.name} (${ed.type})`).catch(() => undefined),
  ]);
  if (mine !== checkSequence) return;
  ed.diagnostics = validation.diagnostics ?? [];
  ed.validated = text;
  ed.placed = model.placeDiagnostics(ed.definition, ed.diagnostics);
  renderChecks();
}

// ----------------------------------------------------------------------------------------- render

function render() {
  renderInspector(ui.inspector, inspectorContext());
  renderPalette();
  ui.undo.disabled = !steps.canUndo;
  ui.redo.disabled = !steps.canRedo;
  ui.diagram.mark(ed.selected, ed.placed.byState);
  ui.tryIt.update();
  ui.root.dataset.selected = ed.selected ?? '';
}

/** What the validator said, on the diagram, the list, the selected state's form and Run. */
function renderChecks() {
  const errors = ed.diagnostics.filter((d) => d.severity === 'ERROR').length;
  ui.validity.textContent = errors === 0 ? 'Valid' : `${errors} error${errors === 1 ? '' : 's'}`;
  ui.validity.className = `validity ${errors === 0 ? 'ok' : 'bad'}`;
  ui.diagnostics.replaceChildren(...ed.diagnostics.map(diagnosticItem));
  ui.diagram.mark(ed.selected, ed.placed.byState);
  const box = ui.inspector.querySelector('#state-problems-box');
  if (box) renderProblems(box, ed.selected ? (ed.placed.byState.get(ed.selected) ?? []) : ed.placed.general);
  ui.tryIt.update();
  // Tests (and anyone) can tell when the page has caught up with the latest edit.
  root.dataset.checked = String(ed.validated === ed.text);
}

function diagnosticItem(d) {
  const path = model.stateOfLocation(ed.definition ? model.allStates(ed.definition) : [], d.location);
  const item = h(
    'li',
    { class: d.severity === 'WARNING' ? 'warning' : '', 'data-state-path': path ?? '' },
    h('code', {}, d.code),
    ' ',
    d.message,
    d.location ? h('span', { class: 'muted' }, ` at ${d.location}`) : '',
  );
  if (path)
    item.append(
      ' ',
      button('Select', { 'aria-label': `Select the state at ${path}` }, () => select(path)),
    );
  return item;
}

function inspectorContext() {
  return { model, definition: ed.definition, selected: ed.selected, placed: ed.placed, edit };
}

// -------------------------------------------------------------------------------------- the page

function layout(machine) {
  const diagram = diagramView(select);
  const inspector = h('section', {
    class: 'panel inspector',
    id: 'inspector',
    'aria-label': 'Selected state',
  });
  const codeHost = h('div', { class: 'code-view', id: 'code' });
  const tryIt = tryItPanel({
    model,
    current: () => ed,
    validatedText: () => ed.validated,
    ran: onRan,
  });
  const parts = {
    undo: button('Undo', { id: 'undo', title: 'Undo (Ctrl+Z)' }, undo),
    redo: button('Redo', { id: 'redo', title: 'Redo (Ctrl+Y)' }, redo),
    validity: h('span', { class: 'validity', id: 'validity', role: 'status' }, 'Checking…'),
    draftStatus: h('span', { class: 'muted', id: 'draft-status' }),
    draftNote: h('p', { class: 'note', id: 'draft-note', hidden: '' }),
    editError: h('p', { class: 'error', id: 'edit-error', role: 'alert', hidden: '' }),
    diagnostics: h('ul', { class: 'diagnostics', id: 'diagnostics', 'aria-label': 'Diagnostics' }),
    placement: h('select', { id: 'placement', 'aria-label': 'Where to add' }),
    palette: h('div', { class: 'palette-buttons' }),
  };
  const grid = h(
    'div',
    { class: 'editor-grid' },
    h(
      'aside',
      { class: 'panel palette', 'aria-label': 'Add a state' },
      h('h2', {}, 'Add a state'),
      parts.placement,
      parts.palette,
    ),
    h(
      'section',
      { class: 'panel canvas' },
      h('h2', {}, 'Diagram'),
      diagram.note,
      diagram.element,
      parts.diagnostics,
    ),
    h('div', {}, parts.editError, inspector),
  );
  const lower = h(
    'div',
    { class: 'editor-lower' },
    h('section', { class: 'panel' }, h('h2', {}, 'Code (ASL JSON)'), codeHost),
    tryIt.element,
  );
  root.replaceChildren(topBar(machine, parts), parts.draftNote, grid, lower);
  for (const type of model.STATE_TYPES) {
    parts.palette.append(
      button(type, { id: `add-${type}`, class: 'plain', 'data-type': type }, () =>
        edit((d) => model.addState(d, type, placementOf(parts.placement.value))),
      ),
    );
  }
  const code = codeView(codeHost, { nonce, onChange: typed, undo, redo });
  return { ...parts, root, diagram, inspector, code, tryIt };
}

function topBar(machine, parts) {
  const name = h('input', {
    type: 'text',
    id: 'machine-name',
    'aria-label': 'State machine name',
    autocomplete: 'off',
  });
  name.value = ed.name;
  name.readOnly = Boolean(machine);
  name.addEventListener('change', () => {
    ed.name = name.value.trim();
    saveDraft();
    render();
  });
  const type = h(
    'select',
    { id: 'machine-type', 'aria-label': 'Type', disabled: Boolean(machine) },
    ...['STANDARD', 'EXPRESS'].map((t) =>
      h('option', { value: t, selected: t === ed.type }, t === 'EXPRESS' ? 'Express' : 'Standard'),
    ),
  );
  type.addEventListener('change', () => {
    ed.type = type.value;
    saveDraft();
    scheduleCheck();
  });
  return h(
    'div',
    { class: 'editor-bar' },
    h('h1', {}, machine ? 'Edit' : 'New workflow'),
    name,
    type,
    parts.validity,
    parts.undo,
    parts.redo,
    h('span', { class: 'spacer' }),
    parts.draftStatus,
    button('Save draft', { id: 'save-draft' }, () => saveDraft(true)),
    button('Download ASL', { id: 'download-asl' }, () =>
      download(model.aslFileName(ed.name), 'application/json', `${ed.text}\n`),
    ),
    button('CDK snippet', { id: 'download-cdk' }, () =>
      download(
        model.aslFileName(ed.name).replace(/\.asl\.json$/, '.ts'),
        'text/plain',
        model.cdkSnippet(ed.name, ed.type),
      ),
    ),
    machine
      ? h(
          'a',
          {
            class: 'button',
            href: `/console/#/state-machines/${encodeURIComponent(machine.stateMachineArn)}`,
          },
          'Back',
        )
      : '',
  );
}

/** The palette's choices of where a new state goes, from the selection. */
function renderPalette() {
  const ref = ed.definition && ed.selected ? model.findState(ed.definition, ed.selected) : undefined;
  const options = [];
  if (ref && ref.state.Type !== 'Succeed' && ref.state.Type !== 'Fail')
    options.push(['after', `After “${ref.name}”`]);
  if (ref) {
    for (const inner of model.innerScopes(ref.state, ref.path)) {
      options.push([`into:${inner.path}`, `Into “${ref.name}”, ${inner.label.toLowerCase()}`]);
    }
  }
  const empty = !ed.definition || Object.keys(model.statesOf(ed.definition)).length === 0;
  options.push(['top', empty ? 'As the first state' : 'Unconnected']);
  const chosen = ui.placement.value;
  ui.placement.replaceChildren(...options.map(([value, text]) => h('option', { value }, text)));
  if (options.some(([value]) => value === chosen)) ui.placement.value = chosen;
  for (const b of ui.palette.querySelectorAll('button')) b.disabled = !ed.definition;
}

function placementOf(value) {
  if (value === 'after') return { after: ed.selected };
  if (value?.startsWith('into:')) return { into: value.slice('into:'.length) };
  return { top: true };
}

// ------------------------------------------------------------------------------------ keyboard

/**
 * Keys outside the code view (which has its own) and outside form fields: Ctrl+Z / Ctrl+Y (or
 * Ctrl+Shift+Z) undo and redo, Delete deletes the selected state, F2 renames it, Escape selects none.
 */
function onKey(event) {
  if (event.target.closest?.('.cm-editor, input, textarea, select')) return;
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.toLowerCase();
  if (mod && key === 'z') return stop(event, event.shiftKey ? redo : undo);
  if (mod && key === 'y') return stop(event, redo);
  if (event.key === 'Delete' && ed.selected) {
    const path = ed.selected;
    return stop(event, () => edit((d) => model.deleteState(d, path)));
  }
  if (event.key === 'F2' && ed.selected)
    return stop(event, () => ui.inspector.querySelector('[data-field="name"]')?.focus());
  if (event.key === 'Escape') return stop(event, () => select(undefined));
  return undefined;
}

function stop(event, action) {
  event.preventDefault();
  action();
}

// -------------------------------------------------------------------------------------- drafts

/** The draft of what is edited (a machine by ARN, or the new workflow), if this browser kept one. */
function readDraft() {
  try {
    return JSON.parse(localStorage.getItem(DRAFT_KEY + (ed.arn ?? 'new')) ?? 'null') ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Keeps the edits in the browser's storage, valid or not, so that a reload loses nothing. An
 * unchanged machine keeps no draft (unless saved by hand).
 */
function saveDraft(explicit = false) {
  const key = DRAFT_KEY + (ed.arn ?? 'new');
  if (!explicit && ed.text === ed.original) {
    localStorage.removeItem(key);
    ui.draftStatus.textContent = '';
    return;
  }
  const savedAt = new Date().toISOString();
  localStorage.setItem(key, JSON.stringify({ text: ed.text, name: ed.name, type: ed.type, savedAt }));
  ui.draftStatus.textContent = `Draft saved in this browser at ${new Date(savedAt).toLocaleTimeString()}`;
}

function discardDraft() {
  localStorage.removeItem(DRAFT_KEY + (ed.arn ?? 'new'));
  ui.draftNote.hidden = true;
  setText(ed.original, { select: '' });
}

/** After Run created (or updated) the machine: it is now the one edited, and holds the edits. */
function onRan(arn, { done = false } = {}) {
  if (ed.arn !== arn) {
    localStorage.removeItem(`${DRAFT_KEY}new`);
    ed.arn = arn;
    history.replaceState(null, '', `/console/editor?stateMachineArn=${encodeURIComponent(arn)}`);
  }
  if (done) {
    ed.original = ed.text;
    localStorage.removeItem(DRAFT_KEY + arn);
  }
}

// ------------------------------------------------------------------------------------- helpers

function button(text, attributes, onClick) {
  const b = h('button', { type: 'button', class: 'plain', ...attributes }, text);
  b.addEventListener('click', onClick);
  return b;
}

/** Downloads `text` as a file (a data: URL: nothing leaves the page, nothing is fetched). */
function download(fileName, type, text) {
  const link = h('a', { href: `data:${type};charset=utf-8,${encodeURIComponent(text)}`, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
}

function parse(text) {
  try {
    const value = JSON.parse(text);
    return model.isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

// Last: every module-level binding above is initialized by now.
start().catch((error) =>
  root.replaceChildren(
    h('p', { class: 'error', role: 'alert' }, `The editor could not load: ${error.message}`),
  ),
);
