/* global document, CSS */
/**
 * The form of the selected state (or, with none selected, of the definition): its name, comment,
 * query language, its type's fields, transitions, Retry and Catch, and the diagnostics about it.
 * It edits nothing itself: every change goes through `ctx.edit` with one of the model's pure edits,
 * so the code view, the diagram and the undo history follow the same way.
 */
import { h } from '../kit.mjs';
import { errorsField, jsonField, numberField, selectField, smallButton, textField } from './fields.mjs';

/** The fields each type shows, by query language: [field, kind]. */
const FIELDS = {
  Task: {
    JSONPath: [
      ['Resource', 'text'],
      ['Parameters', 'json'],
      ['ResultSelector', 'json'],
      ['ResultPath', 'text'],
      ['InputPath', 'text'],
      ['OutputPath', 'text'],
      ['TimeoutSeconds', 'number'],
      ['HeartbeatSeconds', 'number'],
    ],
    JSONata: [
      ['Resource', 'text'],
      ['Arguments', 'json'],
      ['Output', 'json'],
      ['Assign', 'json'],
      ['TimeoutSeconds', 'number'],
      ['HeartbeatSeconds', 'number'],
    ],
  },
  Pass: {
    JSONPath: [
      ['Result', 'json'],
      ['Parameters', 'json'],
      ['ResultPath', 'text'],
      ['InputPath', 'text'],
      ['OutputPath', 'text'],
    ],
    JSONata: [
      ['Output', 'json'],
      ['Assign', 'json'],
    ],
  },
  Wait: {
    JSONPath: [
      ['Seconds', 'number'],
      ['SecondsPath', 'text'],
      ['Timestamp', 'text'],
      ['TimestampPath', 'text'],
    ],
    JSONata: [
      ['Seconds', 'json'],
      ['Timestamp', 'text'],
    ],
  },
  Fail: {
    JSONPath: [
      ['Error', 'text'],
      ['Cause', 'text'],
      ['ErrorPath', 'text'],
      ['CausePath', 'text'],
    ],
    JSONata: [
      ['Error', 'text'],
      ['Cause', 'text'],
    ],
  },
  Succeed: { JSONPath: [['OutputPath', 'text']], JSONata: [['Output', 'json']] },
  Choice: { JSONPath: [['OutputPath', 'text']], JSONata: [['Output', 'json']] },
  Parallel: {
    JSONPath: [
      ['Parameters', 'json'],
      ['ResultSelector', 'json'],
      ['ResultPath', 'text'],
    ],
    JSONata: [
      ['Arguments', 'json'],
      ['Output', 'json'],
    ],
  },
  Map: {
    JSONPath: [
      ['ItemsPath', 'text'],
      ['ItemSelector', 'json'],
      ['MaxConcurrency', 'number'],
      ['ResultPath', 'text'],
    ],
    JSONata: [
      ['Items', 'json'],
      ['ItemSelector', 'json'],
      ['MaxConcurrency', 'number'],
      ['Output', 'json'],
    ],
  },
};

const WITH_RETRY = new Set(['Task', 'Parallel', 'Map']);

/** Redraws the form into `into`, keeping the focus on the field that had it. */
export function renderInspector(into, ctx) {
  const focused = document.activeElement?.dataset?.field;
  const ref = ctx.selected ? ctx.model.findState(ctx.definition, ctx.selected) : undefined;
  into.replaceChildren(
    ...(ctx.definition === undefined
      ? [h('h2', {}, 'Definition'), h('p', { class: 'note' }, 'The code is not valid JSON: fix it there.')]
      : ref
        ? stateForm(ref, ctx)
        : definitionForm(ctx)),
  );
  if (focused) into.querySelector(`[data-field="${CSS.escape(focused)}"]`)?.focus();
}

function definitionForm(ctx) {
  const { model, definition } = ctx;
  const set = (key) => (value) => ctx.edit((d) => ({ definition: model.setTopField(d, key, value) }));
  const names = Object.keys(model.statesOf(definition));
  return [
    h('h2', {}, 'Workflow'),
    h('p', { class: 'muted' }, 'Select a state in the diagram (or Tab to it) to edit it.'),
    h('div', { id: 'state-problems-box' }, problems(ctx.placed.general)),
    textField('Comment', 'top:Comment', definition.Comment, set('Comment')),
    selectField(
      'Query language',
      'top:QueryLanguage',
      [
        ['', 'JSONPath (default)'],
        ['JSONata', 'JSONata'],
      ],
      definition.QueryLanguage,
      set('QueryLanguage'),
    ),
    selectField(
      'StartAt',
      'top:StartAt',
      [['', '(none)'], ...names.map((n) => [n, n])],
      definition.StartAt,
      set('StartAt'),
    ),
    numberField('TimeoutSeconds', 'top:TimeoutSeconds', definition.TimeoutSeconds, set('TimeoutSeconds')),
  ];
}

function stateForm(ref, ctx) {
  const { model, definition } = ctx;
  const { state, path } = ref;
  const language = model.languageOf(definition, state);
  const set = (key) => (value) => ctx.edit((d) => model.setField(d, path, key, value));
  const deleteButton = h(
    'button',
    { type: 'button', class: 'secondary', id: 'delete-state' },
    'Delete state',
  );
  deleteButton.addEventListener('click', () => ctx.edit((d) => model.deleteState(d, path)));
  return [
    h('h2', {}, `${state.Type ?? 'State'}: ${ref.name}`),
    h('div', { id: 'state-problems-box' }, problems(ctx.placed.byState.get(path) ?? [])),
    textField('Name', 'name', ref.name, (name) => ctx.edit((d) => model.renameState(d, path, name ?? ''))),
    textField('Comment', 'Comment', state.Comment, set('Comment')),
    selectField(
      'Query language',
      'QueryLanguage',
      [
        ['', `As the workflow (${model.languageOf(definition)})`],
        ['JSONPath', 'JSONPath'],
        ['JSONata', 'JSONata'],
      ],
      state.QueryLanguage,
      set('QueryLanguage'),
    ),
    ...(FIELDS[state.Type]?.[language] ?? []).map(([key, kind]) => field(kind, key, state[key], set(key))),
    ...transitionsSection(ref, ctx, language),
    ...(WITH_RETRY.has(state.Type) ? retrySection(ref, ctx) : []),
    ...(state.Type !== 'Choice' && state.Type !== 'Succeed' && state.Type !== 'Fail' && state.Type !== 'Wait'
      ? catchSection(ref, ctx, language)
      : []),
    ...(state.Type === 'Parallel'
      ? [smallButton('Add branch', { id: 'add-branch' }, () => ctx.edit((d) => model.addBranch(d, path)))]
      : []),
    h('p', {}, deleteButton),
  ];
}

function field(kind, key, value, onChange) {
  if (kind === 'json') return jsonField(key, key, value, onChange);
  if (kind === 'number') return numberField(key, key, value, onChange);
  return textField(key, key, value, onChange);
}

/** Next (or End), each Choice rule with its condition and target, and the Default. */
function transitionsSection(ref, ctx, language) {
  const { model } = ctx;
  const { state, path } = ref;
  const targets = targetsOf(ref, ctx);
  const connect = (transition) => (target) => ctx.edit((d) => model.connect(d, path, transition, target));
  const out = [h('h3', {}, 'Transitions')];
  for (const { transition, target } of model.transitionsOf(state)) {
    const label = model.transitionLabel(transition);
    const id = `to:${transition.kind}:${transition.index ?? ''}`;
    if (transition.kind === 'next') {
      out.push(selectField('Next', id, [['', '(End)'], ...targets], target, connect(transition)));
    } else if (transition.kind === 'default') {
      out.push(selectField('Default', id, [['', '(none)'], ...targets], target, connect(transition)));
    } else if (transition.kind === 'choice') {
      out.push(ruleItem(ref, ctx, language, transition.index, targets, label, target));
    }
  }
  if (state.Type === 'Choice') {
    out.push(
      smallButton('Add rule', { id: 'add-rule' }, () =>
        ctx.edit((d) => model.appendItem(d, path, 'Choices', model.choiceRuleTemplate(language))),
      ),
    );
  }
  return out;
}

function ruleItem(ref, ctx, language, index, targets, label, target) {
  const { model } = ctx;
  const { path, state } = ref;
  const rule = state.Choices[index];
  const at = { list: 'Choices', index };
  const condition =
    language === 'JSONata'
      ? textField('Condition', `rule:${index}:Condition`, rule.Condition, (v) =>
          ctx.edit((d) => model.setItemField(d, path, at, 'Condition', v)),
        )
      : jsonField('Condition (JSONPath rule)', `rule:${index}:rule`, withoutNext(rule), (v) =>
          ctx.edit((d) => model.setRuleCondition(d, path, index, v ?? {})),
        );
  return h(
    'div',
    { class: 'item', 'data-rule': String(index) },
    h(
      'div',
      { class: 'item-head' },
      label,
      smallButton('Remove', { 'aria-label': `Remove ${label}` }, () =>
        ctx.edit((d) => model.removeItem(d, path, 'Choices', index)),
      ),
    ),
    condition,
    selectField(`${label} → Next`, `to:choice:${index}`, [['', '(none)'], ...targets], target, (t) =>
      ctx.edit((d) => model.connect(d, path, { kind: 'choice', index }, t)),
    ),
  );
}

function retrySection(ref, ctx) {
  const { model } = ctx;
  const { state, path } = ref;
  const retriers = Array.isArray(state.Retry) ? state.Retry : [];
  const set = (index, key) => (value) =>
    ctx.edit((d) => model.setItemField(d, path, { list: 'Retry', index }, key, value));
  return [
    h('h3', {}, 'Retry'),
    ...retriers.map((retrier, index) =>
      h(
        'div',
        { class: 'item', 'data-retrier': String(index) },
        h(
          'div',
          { class: 'item-head' },
          `Retrier ${index + 1}`,
          smallButton('Remove', { 'aria-label': `Remove retrier ${index + 1}` }, () =>
            ctx.edit((d) => model.removeItem(d, path, 'Retry', index)),
          ),
        ),
        errorsField(
          'ErrorEquals',
          `retry:${index}:ErrorEquals`,
          retrier.ErrorEquals,
          set(index, 'ErrorEquals'),
        ),
        h(
          'div',
          { class: 'row' },
          numberField(
            'IntervalSeconds',
            `retry:${index}:IntervalSeconds`,
            retrier.IntervalSeconds,
            set(index, 'IntervalSeconds'),
          ),
          numberField(
            'MaxAttempts',
            `retry:${index}:MaxAttempts`,
            retrier.MaxAttempts,
            set(index, 'MaxAttempts'),
          ),
          numberField(
            'BackoffRate',
            `retry:${index}:BackoffRate`,
            retrier.BackoffRate,
            set(index, 'BackoffRate'),
            '0.1',
          ),
          numberField(
            'MaxDelaySeconds',
            `retry:${index}:MaxDelaySeconds`,
            retrier.MaxDelaySeconds,
            set(index, 'MaxDelaySeconds'),
          ),
        ),
        selectField(
          'JitterStrategy',
          `retry:${index}:JitterStrategy`,
          [
            ['', '(none)'],
            ['FULL', 'FULL'],
            ['NONE', 'NONE'],
          ],
          retrier.JitterStrategy,
          set(index, 'JitterStrategy'),
        ),
      ),
    ),
    smallButton('Add retrier', { id: 'add-retrier' }, () =>
      ctx.edit((d) => model.appendItem(d, path, 'Retry', model.retrierTemplate())),
    ),
  ];
}

function catchSection(ref, ctx, language) {
  const { model } = ctx;
  const { state, path } = ref;
  const catchers = Array.isArray(state.Catch) ? state.Catch : [];
  const targets = targetsOf(ref, ctx);
  const set = (index, key) => (value) =>
    ctx.edit((d) => model.setItemField(d, path, { list: 'Catch', index }, key, value));
  return [
    h('h3', {}, 'Catch'),
    ...catchers.map((catcher, index) =>
      h(
        'div',
        { class: 'item', 'data-catcher': String(index) },
        h(
          'div',
          { class: 'item-head' },
          `Catch ${index + 1}`,
          smallButton('Remove', { 'aria-label': `Remove catch ${index + 1}` }, () =>
            ctx.edit((d) => model.removeItem(d, path, 'Catch', index)),
          ),
        ),
        errorsField(
          'ErrorEquals',
          `catch:${index}:ErrorEquals`,
          catcher.ErrorEquals,
          set(index, 'ErrorEquals'),
        ),
        selectField(
          `Catch ${index + 1} → Next`,
          `to:catch:${index}`,
          [['', '(none)'], ...targets],
          catcher.Next,
          (t) => ctx.edit((d) => model.connect(d, path, { kind: 'catch', index }, t)),
        ),
        language === 'JSONata'
          ? jsonField('Output', `catch:${index}:Output`, catcher.Output, set(index, 'Output'))
          : textField(
              'ResultPath',
              `catch:${index}:ResultPath`,
              catcher.ResultPath,
              set(index, 'ResultPath'),
            ),
      ),
    ),
    smallButton('Add catcher', { id: 'add-catcher' }, () =>
      ctx.edit((d) => model.appendItem(d, path, 'Catch', model.catcherTemplate())),
    ),
  ];
}

/** The states a transition of `ref` can go to: those of its own scope, as [value, text]. */
function targetsOf(ref, ctx) {
  const scope = ctx.model.findScope(ctx.definition, ref.scope)?.scope ?? {};
  return Object.keys(ctx.model.statesOf(scope)).map((n) => [n, n]);
}

function withoutNext(rule) {
  const { Next: _next, ...rest } = rule ?? {};
  return rest;
}

/** Redraws the problems shown in the form, when the validator answers (the fields stay as typed). */
export function renderProblems(box, list) {
  box.replaceChildren(problems(list));
}

/** The diagnostics about this state (or the whole definition), as the validator words them. */
function problems(list) {
  if (list.length === 0) return '';
  return h(
    'ul',
    { class: 'diagnostics', id: 'state-problems' },
    ...list.map((d) =>
      h(
        'li',
        { class: d.severity === 'WARNING' ? 'warning' : '' },
        h('code', {}, d.code),
        ' ',
        d.message,
        d.location ? h('span', { class: 'muted' }, ` at ${d.location}`) : '',
      ),
    ),
  );
}
