/* global location, fetch, Option */
/**
 * Trying the definition being edited, through the Step Functions API of this endpoint as any
 * client would: "Test state" runs TestState on the selected state alone (a Task with a mocked
 * result), "Run" creates the local state machine (or updates the one being edited) and starts an
 * execution, under a test case of the mock configuration the endpoint was started with, then
 * opens the execution's page. An invalid definition does not run: it stays a draft.
 */
import { h, jsonTextarea, showError, stepFunctions } from '../kit.mjs';

/**
 * `ctx.current()`: { definition, text, selected, diagnostics, name, type, arn }; `ctx.ran(arn)`
 * once the machine exists (a new one is then updated by the next Run); `ctx.model`.
 */
export function tryItPanel(ctx) {
  const test = testStateSection(ctx);
  const run = runSection(ctx);
  const element = h('section', { class: 'panel try-it', id: 'try-it' }, test.element, run.element);
  return {
    element,
    update() {
      test.update();
      run.update();
    },
  };
}

function testStateSection(ctx) {
  const target = h('p', { class: 'muted', id: 'test-target' });
  const input = jsonTextarea({ id: 'test-input', 'aria-label': 'Test input (JSON)' }, '4', '{}');
  const mock = jsonTextarea({ id: 'test-mock' }, '3');
  const mockLabel = h('label', {}, 'Mocked result (JSON, for a Task)', mock);
  const button = h('button', { type: 'button', id: 'test-state' }, 'Test state');
  const error = h('p', { class: 'error', id: 'test-error', role: 'alert', hidden: '' });
  const result = h('div', { id: 'test-result' });
  button.addEventListener('click', async () => {
    const { definition, selected, model } = { ...ctx.current(), model: ctx.model };
    const ref = definition && selected ? model.findState(definition, selected) : undefined;
    if (!ref) return;
    error.hidden = true;
    button.disabled = true;
    try {
      const answer = await stepFunctions(
        'TestState',
        testRequest(ref, definition, input.value, mock.value, model),
      );
      result.replaceChildren(...testResult(answer));
    } catch (e) {
      showError(error, e.message);
      result.replaceChildren();
    } finally {
      button.disabled = false;
    }
  });
  const element = h(
    'section',
    {},
    h('h2', {}, 'Test state'),
    target,
    h('label', {}, 'Input (JSON)', input),
    mockLabel,
    button,
    error,
    result,
  );
  let shownFor;
  const update = () => {
    const { definition, selected } = ctx.current();
    const ref = definition && selected ? ctx.model.findState(definition, selected) : undefined;
    // A result belongs to the state it tested: another selection clears it.
    if (selected !== shownFor) {
      shownFor = selected;
      result.replaceChildren();
      error.hidden = true;
    }
    target.textContent = ref
      ? `Runs “${ref.name}” alone with this input (TestState).`
      : 'Select a state to test it alone.';
    button.disabled = !ref;
    mockLabel.hidden = ref?.state.Type !== 'Task';
  };
  return { element, update };
}

/** TestState's request: the state alone, in the query language it has within the definition. */
function testRequest(ref, definition, input, mock, model) {
  const state = { ...ref.state };
  if (state.QueryLanguage === undefined && model.languageOf(definition) === 'JSONata') {
    state.QueryLanguage = 'JSONata';
  }
  const request = { definition: JSON.stringify(state), input, inspectionLevel: 'INFO' };
  if (ref.state.Type === 'Task' && mock.trim() !== '') request.mock = { result: mock };
  return request;
}

function testResult(answer) {
  return [
    h(
      'p',
      {},
      'Status: ',
      h('span', { class: `status status-${answer.status}`, id: 'test-status' }, answer.status),
    ),
    answer.nextState ? h('p', { id: 'test-next' }, `Next state: ${answer.nextState}`) : '',
    answer.output !== undefined ? h('pre', { id: 'test-output' }, pretty(answer.output)) : '',
    answer.error ? h('p', { class: 'error' }, `${answer.error}: ${answer.cause ?? ''}`) : '',
  ];
}

function runSection(ctx) {
  const testCase = h('select', { id: 'run-test-case', 'aria-label': 'Mock test case' });
  const input = jsonTextarea({ id: 'run-input', 'aria-label': 'Execution input (JSON)' }, '4', '{}');
  const blocked = h(
    'p',
    { class: 'note', id: 'run-blocked', hidden: '' },
    'The definition has errors: it is kept as a draft in this browser, but cannot run.',
  );
  const button = h('button', { type: 'button', id: 'run' }, 'Run');
  const error = h('p', { class: 'error', id: 'run-error', role: 'alert', hidden: '' });
  let casesFor;
  button.addEventListener('click', async () => {
    error.hidden = true;
    button.disabled = true;
    try {
      JSON.parse(input.value);
      const executionArn = await run(ctx, testCase.value, input.value);
      location.href = `/console/#/executions/${encodeURIComponent(executionArn)}`;
    } catch (e) {
      showError(error, e.message);
      button.disabled = false;
    }
  });
  const element = h(
    'section',
    {},
    h('h2', {}, 'Run'),
    h('p', { class: 'muted', id: 'run-target' }),
    h('label', {}, 'Mock test case', testCase),
    h('label', {}, 'Input (JSON)', input),
    blocked,
    button,
    error,
  );
  const update = () => {
    const { text, definition, diagnostics, name, arn } = ctx.current();
    // Until the validator has answered for this very text, the button waits: never run unchecked.
    const checked = text === ctx.validatedText();
    const ok = definition !== undefined && checked && ctx.model.runnable(diagnostics);
    blocked.hidden = ok || (definition !== undefined && !checked);
    button.disabled = !ok;
    button.textContent = arn ? 'Update and run' : 'Create and run';
    element.querySelector('#run-target').textContent = arn
      ? `Updates the local state machine ${name}, then starts an execution.`
      : `Creates the local state machine ${name || '(name it above)'}, then starts an execution.`;
    if (casesFor !== name) {
      casesFor = name;
      loadTestCases(testCase, name);
    }
  };
  return { element, update };
}

/** The test cases the endpoint's mock configuration has for a machine of this name. */
async function loadTestCases(select, name) {
  const response = await fetch(`/console/api/mock-test-cases?name=${encodeURIComponent(name)}`);
  const { testCases } = await response.json();
  const chosen = select.value;
  select.replaceChildren(
    new Option('No mocks: the resources themselves', ''),
    ...testCases.map((c) => new Option(c, c, false, c === chosen)),
  );
}

/** Creates or updates the machine, starts it; answers the execution's ARN. */
async function run(ctx, testCase, input) {
  const { text, name, type } = ctx.current();
  let { arn } = ctx.current();
  if (!arn) {
    if (!name) throw new Error('Name the state machine first.');
    // A name already taken is refused (StateMachineAlreadyExists): Run never overwrites a machine
    // it did not create; the Edit button on that machine's page is the way to change it.
    ({ stateMachineArn: arn } = await stepFunctions('CreateStateMachine', { name, definition: text, type }));
    ctx.ran(arn);
  }
  await stepFunctions('UpdateStateMachine', { stateMachineArn: arn, definition: text });
  const started = await stepFunctions('StartExecution', {
    stateMachineArn: testCase ? `${arn}#${testCase}` : arn,
    input,
  });
  ctx.ran(arn, { done: true });
  return started.executionArn;
}

function pretty(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return String(text);
  }
}
