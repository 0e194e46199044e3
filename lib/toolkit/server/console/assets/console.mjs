/* global document, window, location, fetch, setTimeout, clearTimeout, DOMParser */
/**
 * The local Step Functions console: state machines, their executions, one execution's path over
 * the diagram, its steps and event history. Plain DOM, no framework, no build step. It reads the
 * console's JSON API (GET /console/api/...) and starts or stops executions through the Step
 * Functions API itself (POST / with X-Amz-Target), as the AWS SDK would.
 */

import { redriveButton, waitingPanel } from './actions.mjs';
import { formatDate, h, jsonTextarea, showError, stepFunctions } from './kit.mjs';

const API = '/console/api';
const RUNNING_POLL_MS = 500;
const LIST_POLL_MS = 1500;

const app = document.getElementById('app');
document.getElementById('endpoint').textContent = location.origin;

/** Bumped on every navigation: a view's pending poll stops once it is no longer current. */
let generation = 0;
let pollTimer;

window.addEventListener('hashchange', route);
route();

function route() {
  generation += 1;
  clearTimeout(pollTimer);
  const hash = decodeURIComponent(location.hash.replace(/^#\/?/, ''));
  const [kind, ...rest] = hash.split('/');
  const arn = rest.join('/');
  const view =
    kind === 'state-machines' && arn
      ? machinePage(arn)
      : kind === 'executions' && arn
        ? executionPage(arn)
        : homePage();
  view.catch((error) => {
    app.replaceChildren(
      h('p', { class: 'error', role: 'alert' }, `The console could not load: ${error.message}`),
    );
  });
}

// ------------------------------------------------------------------------------------------ pages

async function homePage() {
  const mine = generation;
  document.title = 'State machines · local Step Functions';
  const body = h('tbody');
  const messages = h('tbody');
  const messageCount = h('p', { class: 'muted' });
  app.replaceChildren(
    h('h1', {}, 'State machines'),
    h(
      'p',
      { class: 'muted' },
      'The app’s state machines, read from its cloud assembly, and any created through the API. ',
      h('a', { class: 'button', id: 'new-workflow', href: '/console/editor' }, 'New workflow'),
    ),
    h(
      'table',
      { class: 'list', id: 'state-machines' },
      h('thead', {}, row('th', ['Name', 'Type', 'Running', 'Succeeded', 'Failed', 'Created'], [2, 3, 4])),
      body,
    ),
    h('h2', { class: 'section-title' }, 'Messages'),
    messageCount,
    h(
      'table',
      { class: 'list messages', id: 'messages' },
      h('thead', {}, row('th', ['Service', 'To', 'At', 'Label', 'Body'])),
      messages,
    ),
  );
  const refresh = async () => {
    const [{ stateMachines }, recorded] = await Promise.all([
      getJson(`${API}/state-machines`),
      getJson(`${API}/messages`),
    ]);
    if (mine !== generation) return;
    renderMessages(messages, messageCount, recorded);
    body.replaceChildren(
      ...stateMachines.map((m) => {
        const c = m.executionCounts;
        return h(
          'tr',
          {},
          h('td', {}, h('a', { href: machineHref(m.stateMachineArn) }, m.name)),
          h('td', {}, typeBadge(m.type)),
          h('td', { class: 'num' }, String(c.RUNNING ?? 0)),
          h('td', { class: 'num' }, String(c.SUCCEEDED ?? 0)),
          h('td', { class: 'num' }, String((c.FAILED ?? 0) + (c.TIMED_OUT ?? 0) + (c.ABORTED ?? 0))),
          h('td', {}, formatDate(m.creationDate)),
        );
      }),
    );
    schedule(mine, refresh, LIST_POLL_MS);
  };
  await refresh();
}

async function machinePage(arn) {
  const mine = generation;
  const { stateMachines } = await getJson(`${API}/state-machines`);
  const machine = stateMachines.find((m) => m.stateMachineArn === arn);
  if (!machine) {
    app.replaceChildren(breadcrumbs(), h('p', { class: 'error', role: 'alert' }, `No state machine ${arn}`));
    return;
  }
  document.title = `${machine.name} · local Step Functions`;
  const graph = h('div', { class: 'graph', id: 'graph' }, h('p', { class: 'muted' }, 'Drawing…'));
  const executions = h('tbody');
  const total = h('span', { class: 'muted' });
  const example = await getJson(`${API}/example-input?stateMachineArn=${encodeURIComponent(arn)}`);
  if (mine !== generation) return;
  const form = startForm(machine, example);
  app.replaceChildren(
    breadcrumbs(),
    h(
      'h1',
      {},
      machine.name,
      ' ',
      typeBadge(machine.type),
      ' ',
      h(
        'a',
        {
          class: 'button',
          id: 'edit-machine',
          href: `/console/editor?stateMachineArn=${encodeURIComponent(arn)}`,
        },
        'Edit',
      ),
    ),
    h('p', { class: 'arn' }, machine.stateMachineArn),
    machine.type === 'EXPRESS' ? expressNote() : '',
    h(
      'div',
      { class: 'columns' },
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Executions ', total),
        h(
          'div',
          { class: 'scroll' },
          h(
            'table',
            { class: 'list', id: 'executions' },
            h('thead', {}, row('th', ['Name', 'Status', 'Started', 'Stopped', 'Duration'], [4])),
            executions,
          ),
        ),
      ),
      h('section', { class: 'panel side' }, h('h2', {}, 'Start execution'), form),
    ),
    h('section', { class: 'panel graph-panel' }, h('h2', {}, 'Definition'), graph),
  );
  loadDiagram(graph, arn).catch((error) => graph.replaceChildren(errorText(error)));

  let prefilled = false;
  const refresh = async () => {
    const list = await getJson(`${API}/executions?stateMachineArn=${encodeURIComponent(arn)}`);
    if (mine !== generation) return;
    total.textContent =
      list.total > list.executions.length ? `(newest ${list.executions.length} of ${list.total})` : '';
    executions.replaceChildren(
      ...(list.executions.length === 0
        ? [h('tr', {}, h('td', { colspan: '5', class: 'muted' }, 'No executions yet.'))]
        : list.executions.map((e) =>
            h(
              'tr',
              { 'data-execution-name': e.name },
              h('td', {}, h('a', { href: executionHref(e.executionArn) }, e.name)),
              h('td', {}, statusBadge(e.status)),
              h('td', {}, formatDate(e.startDate)),
              h('td', {}, e.stopDate ? formatDate(e.stopDate) : '–'),
              h('td', { class: 'num' }, formatDuration(e.durationMs)),
            ),
          )),
    );
    if (!prefilled && list.executions[0]) {
      // Start from the latest execution's input: most runs are variations of the last one.
      prefilled = true;
      const latest = await getJson(
        `${API}/execution?executionArn=${encodeURIComponent(list.executions[0].executionArn)}`,
      );
      const textarea = form.querySelector('textarea');
      if (textarea.value === textarea.defaultValue) {
        textarea.value = JSON.stringify(latest.execution.input ?? {}, null, 2);
        form.querySelector('#input-source').textContent = 'The latest execution’s input.';
      }
    }
    schedule(mine, refresh, LIST_POLL_MS);
  };
  await refresh();
}

async function executionPage(arn) {
  const mine = generation;
  let view = await getJson(`${API}/execution?executionArn=${encodeURIComponent(arn)}`);
  const ex = view.execution;
  document.title = `${ex.name} · local Step Functions`;
  const graph = h('div', { class: 'graph', id: 'graph' }, h('p', { class: 'muted' }, 'Drawing…'));
  const summary = h('div', { class: 'summary' });
  const steps = h('div', { class: 'steps', id: 'steps' });
  const events = h('tbody');
  const records = h('div', { id: 'records' });
  const waiting = waitingPanel();
  app.replaceChildren(
    breadcrumbs({ name: ex.stateMachineName, arn: ex.stateMachineArn }),
    h('h1', {}, ex.name, ' ', typeBadge(ex.type)),
    h('p', { class: 'arn' }, ex.executionArn),
    ex.type === 'EXPRESS' ? expressNote() : '',
    summary,
    waiting.element,
    records,
    h(
      'div',
      { class: 'columns' },
      h(
        'section',
        { class: 'panel graph-panel' },
        h('h2', {}, 'Graph'),
        graph,
        h(
          'p',
          { class: 'key' },
          h('span', { class: 'swatch exec-succeeded' }),
          'succeeded ',
          h('span', { class: 'swatch exec-caught' }),
          'failed, caught ',
          h('span', { class: 'swatch exec-failed' }),
          'failed ',
          h('span', { class: 'swatch exec-running' }),
          'running',
        ),
      ),
      h('section', { class: 'panel side' }, h('h2', {}, 'Steps'), steps),
    ),
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'Event history'),
      h(
        'table',
        { class: 'list events', id: 'events' },
        h('thead', {}, row('th', ['ID', 'Type', 'Step', 'Elapsed', 'Details'])),
        events,
      ),
    ),
  );

  let svg;
  loadDiagram(graph, ex.stateMachineArn)
    .then((element) => {
      svg = element;
      highlight(svg, view);
      svg.addEventListener('click', (event) => {
        const state = event.target.closest('.state');
        if (state) selectStep(steps, state.dataset.stateName);
      });
    })
    .catch((error) => graph.replaceChildren(errorText(error)));

  let shownEvents = -1;
  // A redriven execution runs again: follow it as one that was running all along.
  const redriven = () => follow().catch(() => schedule(mine, follow, RUNNING_POLL_MS));
  const render = () => {
    renderSummary(summary, view.execution, redriven);
    waiting.update(view.waiting ?? []);
    renderRecords(records, view.records ?? []);
    if (svg) highlight(svg, view);
    if (view.events.length !== shownEvents || view.execution.status !== 'RUNNING') {
      shownEvents = view.events.length;
      keepOpen(steps, () => renderSteps(steps, view));
      keepOpen(events, () => renderEvents(events, view));
    }
  };
  render();
  // A running execution is followed live: the page changes as the history grows, no reload.
  const follow = async () => {
    if (mine !== generation) return;
    view = await getJson(`${API}/execution?executionArn=${encodeURIComponent(arn)}`);
    if (mine !== generation) return;
    render();
    if (view.execution.status === 'RUNNING') schedule(mine, follow, RUNNING_POLL_MS);
  };
  if (view.execution.status === 'RUNNING') schedule(mine, follow, RUNNING_POLL_MS);
}

// ------------------------------------------------------------------------------------------ parts

/** `example`: the app's example input for the machine ({ input, file }), or `{}` with no file. */
function startForm(machine, example) {
  const error = h('p', { class: 'error', id: 'start-error', role: 'alert', hidden: '' });
  const input = jsonTextarea({ name: 'input', 'aria-label': 'Input (JSON)' }, '12');
  // The default, kept as defaultValue: the latest execution's input replaces it only while untouched.
  input.defaultValue = JSON.stringify(example.input ?? {}, null, 2);
  input.value = input.defaultValue;
  const source = h(
    'p',
    { class: 'muted', id: 'input-source' },
    example.file
      ? `The app’s example input ${example.file}.`
      : 'No example input of this state machine found.',
  );
  const name = h('input', {
    name: 'name',
    type: 'text',
    placeholder: 'optional: a unique name',
    autocomplete: 'off',
    'aria-label': 'Execution name',
  });
  const button = h('button', { type: 'submit' }, 'Start execution');
  const form = h(
    'form',
    { id: 'start-form' },
    h('label', {}, 'Name', name),
    h('label', {}, 'Input (JSON)', input),
    source,
    error,
    button,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    const text = input.value;
    try {
      JSON.parse(text);
    } catch (e) {
      showError(error, `The input is not valid JSON: ${e.message}. Nothing was started.`);
      return;
    }
    button.disabled = true;
    try {
      const request = { stateMachineArn: machine.stateMachineArn, input: text };
      if (name.value.trim()) request.name = name.value.trim();
      const started = await stepFunctions('StartExecution', request);
      location.hash = executionHref(started.executionArn);
    } catch (e) {
      showError(error, e.message);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

/** `onRedriven`: called once a Redrive from this summary has started the execution again. */
function renderSummary(into, ex, onRedriven) {
  const stop =
    ex.status === 'RUNNING' && ex.type === 'STANDARD'
      ? h('button', { type: 'button', class: 'secondary', id: 'stop-execution' }, 'Stop execution')
      : '';
  const stopError = h('p', { class: 'error', role: 'alert', hidden: '' });
  if (stop) {
    stop.addEventListener('click', async () => {
      stop.disabled = true;
      try {
        await stepFunctions('StopExecution', {
          executionArn: ex.executionArn,
          cause: 'Stopped from the console',
        });
      } catch (e) {
        showError(stopError, e.message);
      }
    });
  }
  const facts = [
    ['Status', statusBadge(ex.status, 'execution-status')],
    ['Started', formatDate(ex.startDate)],
    ['Stopped', ex.stopDate ? formatDate(ex.stopDate) : '–'],
    ['Duration', h('span', { id: 'execution-duration' }, formatDuration(ex.durationMs))],
  ];
  if (ex.testCase) facts.push(['Test case', ex.testCase]);
  into.replaceChildren(
    h('dl', { class: 'facts' }, ...facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    stop,
    stopError,
    redriveButton(ex, onRedriven),
    ex.error || ex.cause
      ? h(
          'div',
          { class: 'failure', id: 'execution-error' },
          h('strong', {}, ex.error ?? 'Error'),
          ex.cause ? h('pre', {}, pretty(ex.cause)) : '',
        )
      : '',
    h(
      'div',
      { class: 'io' },
      jsonBlock('Input', ex.input, 'execution-input'),
      ex.output !== undefined ? jsonBlock('Output', ex.output, 'execution-output') : '',
    ),
  );
}

/**
 * What the app's tasks and functions published to SNS, sent to SQS and put on EventBridge:
 * recorded by the local services, never delivered. Newest first.
 */
function renderMessages(into, count, recorded) {
  count.textContent =
    recorded.total === 0
      ? 'Nothing published, sent or put yet. The local SNS, SQS and EventBridge record messages; they deliver none.'
      : `${recorded.total} recorded (never delivered)${recorded.total > recorded.messages.length ? `, the newest ${recorded.messages.length} shown` : ''}.`;
  into.replaceChildren(
    ...recorded.messages.map((m) =>
      h(
        'tr',
        { 'data-message-id': m.id },
        h('td', {}, m.service),
        h('td', {}, m.destination, m.note ? h('span', { class: 'muted' }, ` (${m.note})`) : ''),
        h('td', {}, formatDate(m.at)),
        h('td', {}, m.label ?? ''),
        h('td', {}, h('code', {}, m.body)),
      ),
    ),
  );
}

/**
 * The table items the execution's input points to (the app's DynamoDB Local): an item with a
 * `timeline` list (an order's statuses) as a table of its entries, any other as JSON.
 */
function renderRecords(into, records) {
  into.replaceChildren(
    ...records.map((record) => {
      const key = Object.entries(record.key)
        .map(([k, v]) => `${k} = ${v}`)
        .join(', ');
      const timeline = Array.isArray(record.item.timeline) ? record.item.timeline : undefined;
      return h(
        'section',
        { class: 'panel record', 'data-table': record.logicalId },
        h(
          'h2',
          {},
          `${record.logicalId} · ${key}`,
          record.item.status ? ' · ' : '',
          record.item.status ? statusBadge(record.item.status) : '',
        ),
        timeline
          ? h(
              'table',
              { class: 'list timeline' },
              h('thead', {}, row('th', ['Status', 'At', 'Execution'])),
              h(
                'tbody',
                {},
                ...timeline.map((entry) =>
                  row('td', [entry.status, formatDate(entry.at), entry.executionArn]),
                ),
              ),
            )
          : jsonBlock('Item', record.item),
      );
    }),
  );
}

function renderSteps(into, view) {
  if (!view.historyKept) {
    into.replaceChildren(h('p', { class: 'muted' }, 'The runtime no longer keeps this execution’s history.'));
    return;
  }
  if (view.steps.length === 0) {
    into.replaceChildren(h('p', { class: 'muted' }, 'No state entered yet.'));
    return;
  }
  const marks = { succeeded: '✔', failed: '✘', caught: '⚠', running: '…' };
  into.replaceChildren(
    ...view.steps.map((step, i) => {
      // The last failure of a failed or caught state ended it; any before it were retried.
      const ended = step.status === 'failed' || step.status === 'caught' ? step.failures.at(-1) : undefined;
      const retried = ended ? step.failures.slice(0, -1) : step.failures;
      return h(
        'details',
        { class: `step exec-${step.status}`, 'data-state-name': step.name, 'data-key': `step-${i}` },
        h(
          'summary',
          {},
          h('span', { class: 'mark' }, marks[step.status]),
          h('span', { class: 'step-name' }, step.name),
          h('span', { class: 'muted' }, ` ${step.type} · ${step.status}`),
          retried.length > 0 ? h('span', { class: 'retries' }, ` ↻ ${retried.length} retried`) : '',
        ),
        ...retried.map((f) => h('p', { class: 'attempt' }, `↻ ${f.error ?? 'Error'}: ${f.cause ?? ''}`)),
        ended
          ? h(
              'p',
              { class: 'ended' },
              `${step.status === 'caught' ? 'Caught' : 'Failed'}: ${ended.error ?? 'Error'} ${ended.cause ?? ''}`,
            )
          : '',
        jsonBlock('Input', step.input),
        step.output !== undefined ? jsonBlock('Output', step.output) : '',
      );
    }),
  );
}

function renderEvents(into, view) {
  const start = view.events.length ? Date.parse(view.events[0].timestamp) : 0;
  const byId = new Map(view.events.map((e) => [e.id, e]));
  // An event belongs to the state entered before it along its previousEventId chain.
  const stepOf = (event) => {
    for (let e = event; e; e = byId.get(e.previousEventId)) {
      const named = e.stateEnteredEventDetails ?? e.stateExitedEventDetails;
      if (named) return named.name;
    }
    return '';
  };
  into.replaceChildren(
    ...view.events.map((event) => {
      const detailsKey = Object.keys(event).find((k) => k.endsWith('EventDetails'));
      const details = detailsKey ? event[detailsKey] : undefined;
      const step = /^Execution/.test(event.type) ? '' : stepOf(event);
      return h(
        'tr',
        { class: eventClass(event.type) },
        h('td', { class: 'num' }, String(event.id)),
        h('td', {}, event.type),
        h('td', {}, step),
        h('td', { class: 'num' }, formatDuration(Date.parse(event.timestamp) - start)),
        h(
          'td',
          {},
          details
            ? h(
                'details',
                { 'data-key': `event-${event.id}` },
                h('summary', {}, preview(details)),
                h('pre', {}, JSON.stringify(readable(details), null, 2)),
              )
            : '',
        ),
      );
    }),
  );
}

/** Colors the states and edges of the diagram with the execution's path. */
function highlight(svg, view) {
  svg.classList.add('has-execution');
  for (const g of svg.querySelectorAll('.state')) {
    const status = view.states[g.dataset.stateName];
    g.classList.remove('visited', 'exec-succeeded', 'exec-failed', 'exec-caught', 'exec-running');
    if (status) g.classList.add('visited', `exec-${status}`);
  }
  const taken = new Set(view.transitions.map((t) => `${t.kind}|${t.from}|${t.to}`));
  for (const edge of svg.querySelectorAll('.edge')) {
    edge.classList.toggle('taken', taken.has(`${edge.dataset.kind}|${edge.dataset.from}|${edge.dataset.to}`));
  }
  const ended = view.transitions.some((t) => t.kind === 'end');
  svg.querySelector('.terminal-start')?.classList.toggle('visited', view.steps.length > 0);
  const end = svg.querySelector('.terminal-end');
  end?.classList.toggle('visited', ended);
  end?.classList.toggle('exec-failed', ended && view.execution.status !== 'SUCCEEDED');
}

function selectStep(steps, name) {
  const matches = [...steps.querySelectorAll('.step')].filter((s) => s.dataset.stateName === name);
  for (const s of steps.querySelectorAll('.step.selected')) s.classList.remove('selected');
  const last = matches[matches.length - 1];
  if (!last) return;
  for (const s of matches) s.classList.add('selected');
  last.open = true;
  last.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
}

async function loadDiagram(into, stateMachineArn) {
  const response = await fetch(`${API}/diagram?stateMachineArn=${encodeURIComponent(stateMachineArn)}`);
  if (!response.ok) throw new Error((await response.json()).message);
  const svg = new DOMParser().parseFromString(await response.text(), 'image/svg+xml').documentElement;
  into.replaceChildren(document.importNode(svg, true));
  return into.querySelector('svg');
}

function expressNote() {
  return h(
    'p',
    { class: 'note', id: 'express-note' },
    'Express workflow. On AWS, Express executions have no execution history in Step Functions: their events live ' +
      'only in CloudWatch Logs (with logging on). What you see here is the local runtime’s own record.',
  );
}

function breadcrumbs(machine) {
  return h(
    'nav',
    { class: 'crumbs' },
    h('a', { href: '#/' }, 'State machines'),
    ...(machine ? [' › ', h('a', { href: machineHref(machine.arn) }, machine.name)] : []),
  );
}

// ------------------------------------------------------------------------------------------ helpers

async function getJson(url) {
  const response = await fetch(url);
  const body = await response.json();
  if (!response.ok) throw new Error(body.message ?? response.statusText);
  return body;
}

function schedule(mine, fn, ms) {
  if (mine !== generation) return;
  pollTimer = setTimeout(() => {
    if (mine === generation) fn().catch(() => schedule(mine, fn, ms * 2));
  }, ms);
}

/** Re-renders `into` keeping open whichever `<details data-key>` were open. */
function keepOpen(into, render) {
  const open = new Set([...into.querySelectorAll('details[open]')].map((d) => d.dataset.key));
  render();
  for (const d of into.querySelectorAll('details')) if (open.has(d.dataset.key)) d.open = true;
}

function row(cell, texts, numeric = []) {
  return h('tr', {}, ...texts.map((t, i) => h(cell, numeric.includes(i) ? { class: 'num' } : {}, t)));
}

function statusBadge(status, id) {
  return h('span', { class: `status status-${status}`, ...(id ? { id } : {}) }, status);
}

function typeBadge(type) {
  return h('span', { class: `type type-${type}` }, type === 'EXPRESS' ? 'Express' : 'Standard');
}

function jsonBlock(title, value, id) {
  const text = typeof value === 'string' ? pretty(value) : JSON.stringify(value ?? null, null, 2);
  return h('div', { class: 'json', ...(id ? { id } : {}) }, h('h3', {}, title), h('pre', {}, text));
}

function errorText(error) {
  return h('p', { class: 'error', role: 'alert' }, error.message);
}

/** JSON text, indented; anything else as it is. */
function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return String(text);
  }
}

/** Event details with their JSON-text fields (input, output) parsed, for reading. */
function readable(details) {
  const out = {};
  for (const [k, v] of Object.entries(details)) {
    if (typeof v === 'string' && /^[[{]/.test(v)) {
      try {
        out[k] = JSON.parse(v);
        continue;
      } catch {
        // not JSON after all
      }
    }
    out[k] = v;
  }
  return out;
}

function preview(details) {
  const text = Object.entries(details)
    .filter(([k]) => k !== 'name')
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
  return text.length > 110 ? `${text.slice(0, 109)}…` : text || '(details)';
}

function eventClass(type) {
  if (/(Failed|TimedOut|Aborted)$/.test(type)) return 'event-failed';
  if (/Succeeded$/.test(type)) return 'event-succeeded';
  return '';
}

function machineHref(arn) {
  return `#/state-machines/${encodeURIComponent(arn)}`;
}

function executionHref(arn) {
  return `#/executions/${encodeURIComponent(arn)}`;
}

function formatDuration(ms) {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}
