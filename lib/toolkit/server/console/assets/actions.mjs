/* global location */
/**
 * What an operator does to an execution from its page, through the Step Functions API as the AWS
 * CLI would: answer a task that waits for a callback (SendTaskSuccess, SendTaskFailure), and
 * redrive an execution that failed, was aborted or timed out (RedriveExecution). The page learns
 * the outcome by following the execution, like any other change.
 */
import { formatDate, h, jsonTextarea, showError, stepFunctions } from './kit.mjs';

/** The statuses AWS can redrive from (Standard executions only). */
const REDRIVABLE = new Set(['FAILED', 'ABORTED', 'TIMED_OUT']);

/**
 * The panel of tasks the execution waits on. `update(waiting)` redraws it only when what waits
 * changes: a poll must not wipe an output being typed.
 */
export function waitingPanel() {
  const list = h('div', { class: 'waiting-list' });
  const element = h(
    'section',
    { class: 'panel waiting', id: 'waiting', hidden: '' },
    h('h2', {}, 'Waiting'),
    list,
  );
  let shown = '';
  const update = (waiting) => {
    const key = JSON.stringify(waiting);
    if (key === shown) return;
    shown = key;
    element.hidden = waiting.length === 0;
    list.replaceChildren(
      ...waiting.map((task) => (task.kind === 'callback' ? callback(task) : activity(task))),
    );
  };
  return { element, update };
}

/** A Redrive button for an execution AWS could redrive, else nothing; `onRedriven` once it runs again. */
export function redriveButton(ex, onRedriven) {
  if (ex.type !== 'STANDARD' || !REDRIVABLE.has(ex.status)) return '';
  const button = h('button', { type: 'button', id: 'redrive-execution' }, 'Redrive');
  const error = h('p', { class: 'error', id: 'redrive-error', role: 'alert', hidden: '' });
  button.addEventListener('click', async () => {
    button.disabled = true;
    error.hidden = true;
    try {
      await stepFunctions('RedriveExecution', { executionArn: ex.executionArn });
      onRedriven();
    } catch (e) {
      showError(error, e.message);
      button.disabled = false;
    }
  });
  return h('span', { class: 'action' }, button, error);
}

/** A `.waitForTaskToken` task: its token, and forms that send it success (an output) or failure. */
function callback(task) {
  const error = h('p', { class: 'error', role: 'alert', hidden: '' });
  const sent = h('p', { class: 'muted sent', hidden: '' });
  const card = h(
    'div',
    { class: 'waiting-task', 'data-kind': 'callback', 'data-state-name': task.state },
    h(
      'h3',
      {},
      task.state,
      h('span', { class: 'muted' }, ` · waiting for a callback since ${formatDate(task.since)}`),
    ),
    h('p', { class: 'muted' }, task.resource),
  );
  if (!task.token) {
    card.append(
      h(
        'p',
        { class: 'note' },
        'Its token is nowhere in the task’s parameters, so only whoever received $$.Task.Token can answer it.',
      ),
    );
    return card;
  }
  const send = async (operation, request, forms) => {
    error.hidden = true;
    for (const b of forms.querySelectorAll('button')) b.disabled = true;
    try {
      await stepFunctions(operation, { taskToken: task.token, ...request });
      sent.textContent = operation === 'SendTaskSuccess' ? 'Success sent.' : 'Failure sent.';
      sent.hidden = false;
    } catch (e) {
      showError(error, e.message);
      for (const b of forms.querySelectorAll('button')) b.disabled = false;
    }
  };
  const forms = h('div', { class: 'callback-forms' }, successForm(send, error), failureForm(send));
  card.append(
    h(
      'label',
      { class: 'token' },
      'Task token',
      h('input', {
        type: 'text',
        readonly: '',
        value: task.token,
        class: 'token-value',
        'aria-label': 'Task token',
      }),
    ),
    forms,
    error,
    sent,
  );
  return card;
}

function successForm(send, error) {
  const output = jsonTextarea({ name: 'output', 'aria-label': 'Output (JSON)' }, '4', '{}');
  const form = h(
    'form',
    { class: 'send-success' },
    h('label', {}, 'Output (JSON)', output),
    h('button', { type: 'submit' }, 'Send success'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    try {
      JSON.parse(output.value);
    } catch (e) {
      showError(error, `The output is not valid JSON: ${e.message}. Nothing was sent.`);
      return;
    }
    send('SendTaskSuccess', { output: output.value }, form.parentElement);
  });
  return form;
}

function failureForm(send) {
  const error = h('input', { name: 'error', type: 'text', autocomplete: 'off', 'aria-label': 'Error' });
  const cause = h('input', { name: 'cause', type: 'text', autocomplete: 'off', 'aria-label': 'Cause' });
  const form = h(
    'form',
    { class: 'send-failure' },
    h('label', {}, 'Error', error),
    h('label', {}, 'Cause', cause),
    h('button', { type: 'submit', class: 'secondary' }, 'Send failure'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // AWS sends no error or cause where none is given: the task then fails with error null.
    const request = {};
    if (error.value.trim()) request.error = error.value.trim();
    if (cause.value) request.cause = cause.value;
    send('SendTaskFailure', request, form.parentElement);
  });
  return form;
}

/** An activity task no worker has taken yet: what a worker polls with. */
function activity(task) {
  return h(
    'div',
    { class: 'waiting-task', 'data-kind': 'activity', 'data-state-name': task.state },
    h(
      'h3',
      {},
      task.state,
      h('span', { class: 'muted' }, ` · waiting for a worker since ${formatDate(task.since)}`),
    ),
    h('p', { class: 'muted' }, 'A worker takes it with GetActivityTask on this activity:'),
    h(
      'pre',
      {},
      `aws stepfunctions get-activity-task --endpoint-url ${location.origin} \\\n  --activity-arn ${task.resource}`,
    ),
  );
}
