/**
 * Definition checks, reported as CreateStateMachine / ValidateStateMachineDefinition report them
 * (InvalidDefinition): `<CODE>: <message> at <location>`, e.g.
 * `MISSING_TRANSITION_TARGET: Missing 'Next' target: Foo at /States/Bar/Next`. The codes and the
 * wording of the transition checks are AWS's; schema messages follow AWS's style.
 *
 * Checked: the machine's shape (StartAt naming a state, States), every state's Type, the fields its
 * type allows and requires, transitions (Next / End, Choice rules and Default, Catch targets, all
 * inside the state's own scope), unreachable states, the presence of a terminal state, unique state
 * names across branches, paths, payload templates (`key.$` values: a path or a known intrinsic
 * call), Choice rules, Retry / Catch, Wait and Map settings. A JSONata state may not have JSONPath's
 * fields (nor a JSONPath state JSONata's), its expressions must parse and read nothing from the
 * top-level context (lib/toolkit/asl/jsonata/validate.ts), its Choice rules need a Condition.
 */
import { INTRINSIC_FUNCTION_NAMES } from './intrinsic-functions';
import { looksLikeIntrinsic, parseIntrinsic, IntrinsicCall } from './intrinsic-parser';
import { isReferencePath, parsePath } from './json-path';
import { isObject, JsonObject } from './json';
import { checkJsonataField } from './jsonata/validate';
import { COMPARISON_OPERATORS, ruleOperators } from './model/choice-operators';
import type { DefinitionProblem } from './model/state-machine';
import { parseTimestamp } from './timestamps';

const STATE_TYPES = ['Choice', 'Fail', 'Map', 'Parallel', 'Pass', 'Succeed', 'Task', 'Wait'];

const COMMON_FIELDS = ['Type', 'Comment', 'QueryLanguage'];
const IO = ['InputPath', 'OutputPath'];
const FLOW = ['Next', 'End'];
const FIELDS: Record<string, string[]> = {
  Pass: [...FLOW, ...IO, 'ResultPath', 'Parameters', 'Result', 'Assign'],
  Task: [
    ...FLOW,
    ...IO,
    'ResultPath',
    'Parameters',
    'ResultSelector',
    'Resource',
    'TimeoutSeconds',
    'TimeoutSecondsPath',
    'HeartbeatSeconds',
    'HeartbeatSecondsPath',
    'Retry',
    'Catch',
    'Credentials',
    'Assign',
  ],
  Choice: ['Choices', 'Default', ...IO, 'Assign'],
  Wait: [...FLOW, ...IO, 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath', 'Assign'],
  Succeed: [...IO],
  Fail: ['Error', 'ErrorPath', 'Cause', 'CausePath'],
  Parallel: [
    ...FLOW,
    ...IO,
    'ResultPath',
    'Parameters',
    'ResultSelector',
    'Branches',
    'Retry',
    'Catch',
    'Assign',
  ],
  Map: [
    ...FLOW,
    ...IO,
    'ResultPath',
    'Parameters',
    'ResultSelector',
    'ItemsPath',
    'ItemSelector',
    'ItemProcessor',
    'Iterator',
    'MaxConcurrency',
    'MaxConcurrencyPath',
    'Retry',
    'Catch',
    'Label',
    'ItemReader',
    'ItemBatcher',
    'ResultWriter',
    'ToleratedFailurePercentage',
    'ToleratedFailurePercentagePath',
    'ToleratedFailureCount',
    'ToleratedFailureCountPath',
    'Assign',
  ],
};
/** What a JSONata state of each type has beyond its JSONPath fields (Assign is in FIELDS already). */
const JSONATA_FIELDS: Record<string, string[]> = {
  Pass: ['Output'],
  Task: ['Arguments', 'Output'],
  Choice: ['Output'],
  Wait: ['Output'],
  Succeed: ['Output'],
  Fail: [],
  Parallel: ['Arguments', 'Output'],
  Map: ['Items', 'ItemSelector', 'Output'],
};
/** Fields only a JSONata state may have. */
const JSONATA_ONLY = ['Arguments', 'Output', 'Items'];
/** Fields only a JSONPath state may have (a JSONata state has Arguments and Output instead). */
const JSONPATH_ONLY = [
  'InputPath',
  'OutputPath',
  'ResultPath',
  'Parameters',
  'ResultSelector',
  'Result',
  'ItemsPath',
  'SecondsPath',
  'TimestampPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'MaxConcurrencyPath',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCountPath',
  'ErrorPath',
  'CausePath',
];
/** States whose fields never hold expressions: sub-machines are checked as machines of their own. */
const NOT_EXPRESSIONS = [
  'Type',
  'Comment',
  'QueryLanguage',
  'Next',
  'End',
  'Resource',
  'Branches',
  'ItemProcessor',
  'Iterator',
  'Default',
];
/** A variable is read as `$name`: an identifier both query languages can carry. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,79}$/;
const MACHINE_FIELDS = ['Comment', 'StartAt', 'States', 'TimeoutSeconds', 'Version', 'QueryLanguage'];
const QUERY_LANGUAGES: unknown[] = ['JSONPath', 'JSONata'];
const JITTER_STRATEGIES: unknown[] = ['FULL', 'NONE'];
const RETRIER_FIELDS = [
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
  'Comment',
];
/** A catcher's fields besides ResultPath (JSONPath) or Output (JSONata). */
const CATCHER_FIELDS = ['ErrorEquals', 'Next', 'Assign', 'Comment'];

/** Where a state may go, each with the location of the field that says so. */
function transitionsOf(state: JsonObject, statePath: string): [string, string][] {
  const out: [string, string][] = [];
  if (typeof state.Next === 'string') out.push([state.Next, `${statePath}/Next`]);
  if (typeof state.Default === 'string') out.push([state.Default, `${statePath}/Default`]);
  for (const list of ['Choices', 'Catch']) {
    const entries = state[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, i) => {
      if (isObject(entry) && typeof entry.Next === 'string')
        out.push([entry.Next, `${statePath}/${list}[${i}]/Next`]);
    });
  }
  return out;
}

class Validator {
  readonly problems: DefinitionProblem[] = [];
  private readonly names = new Map<string, string>();

  private add(code: string, message: string, path: string | undefined) {
    this.problems.push({ path: path ?? '', message: `${code}: ${message}${path ? ` at ${path}` : ''}` });
  }

  private schema(message: string, path: string) {
    this.add('SCHEMA_VALIDATION_FAILED', message, path);
  }

  /** A machine or sub-machine (Parallel branch, Map processor) at `path` ('' for the top). */
  machine(machine: unknown, path: string, language: string, top: boolean): void {
    const at = path || '/';
    if (!isObject(machine)) return this.schema('The value must be a JSON object', at);
    this.machineFields(machine, path, top);
    const machineLanguage = top && machine.QueryLanguage === 'JSONata' ? 'JSONata' : language;
    if (machine.States === undefined) return;
    if (!isObject(machine.States) || Object.keys(machine.States).length === 0) {
      return this.schema(`The field 'States' must be a non-empty JSON object`, `${path}/States`);
    }
    const states = machine.States;
    for (const [name, state] of Object.entries(states))
      this.state(name, state, `${path}/States/${name}`, machineLanguage);
    const startAt = typeof machine.StartAt === 'string' ? machine.StartAt : undefined;
    this.targets(states, startAt, path);
    const terminal = Object.values(states).some(
      (state) => isObject(state) && (state.End === true || state.Type === 'Succeed' || state.Type === 'Fail'),
    );
    if (!terminal) {
      // AWS reports this alone, without a location, and skips the reachability walk.
      this.add('MISSING_END_STATE', 'Workflow has no terminal state', undefined);
      return;
    }
    if (startAt !== undefined && startAt in states) this.reachability(states, startAt, path);
  }

  /** The machine's own fields: which it may have, QueryLanguage, TimeoutSeconds, StartAt and States. */
  private machineFields(machine: JsonObject, path: string, top: boolean): void {
    const at = path || '/';
    const allowed = top ? MACHINE_FIELDS : ['Comment', 'StartAt', 'States', 'ProcessorConfig'];
    for (const field of Object.keys(machine)) {
      if (!allowed.includes(field)) this.schema(`Field '${field}' is not supported`, at);
    }
    if (top && machine.QueryLanguage !== undefined && !QUERY_LANGUAGES.includes(machine.QueryLanguage)) {
      this.schema(
        `The value for the field 'QueryLanguage' must be one of [JSONPath, JSONata]`,
        `${path}/QueryLanguage`,
      );
    }
    if (top && machine.TimeoutSeconds !== undefined && !isPositiveInteger(machine.TimeoutSeconds)) {
      this.schema(
        `The value for the field 'TimeoutSeconds' must be a positive integer`,
        `${path}/TimeoutSeconds`,
      );
    }
    // AWS names them in this order (recorded: "These fields are required: [States, StartAt]").
    const missing = ['States', 'StartAt'].filter((field) => machine[field] === undefined);
    if (missing.length > 0) this.schema(`These fields are required: [${missing.join(', ')}]`, at);
    if (machine.StartAt !== undefined && typeof machine.StartAt !== 'string') {
      this.schema(`The value for the field 'StartAt' must be a STRING`, `${path}/StartAt`);
    }
  }

  /** StartAt and every transition name a state of the same (sub-)machine. */
  private targets(states: JsonObject, startAt: string | undefined, path: string): void {
    if (startAt !== undefined && !(startAt in states)) {
      this.add('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${startAt}`, `${path}/StartAt`);
    }
    for (const [name, state] of Object.entries(states)) {
      if (!isObject(state)) continue;
      for (const [target, where] of transitionsOf(state, `${path}/States/${name}`)) {
        if (!(target in states))
          this.add('MISSING_TRANSITION_TARGET', `Missing 'Next' target: ${target}`, where);
      }
    }
  }

  /** Every state can be reached from StartAt. */
  private reachability(states: JsonObject, startAt: string, path: string): void {
    const reached = new Set<string>([startAt]);
    const queue = [startAt];
    while (queue.length > 0) {
      const state = states[queue.shift()!];
      if (!isObject(state)) continue;
      for (const [target] of transitionsOf(state, '')) {
        if (target in states && !reached.has(target)) {
          reached.add(target);
          queue.push(target);
        }
      }
    }
    for (const name of Object.keys(states)) {
      if (!reached.has(name)) {
        this.add('MISSING_TRANSITION_TARGET', `State "${name}" is not reachable.`, `${path}/States/${name}`);
      }
    }
  }

  private state(name: string, state: unknown, path: string, machineLanguage: string): void {
    const seen = this.names.get(name);
    if (seen !== undefined) this.add('DUPLICATE_STATE_NAME', `Duplicate State name: ${name}`, path);
    else this.names.set(name, path);
    if (name.length > 80) this.schema(`The state name '${name}' is longer than 80 characters`, path);
    if (!isObject(state)) return this.schema('The value must be a JSON object', path);
    const type = state.Type;
    if (type === undefined) return this.schema('These fields are required: [Type]', path);
    if (typeof type !== 'string' || !STATE_TYPES.includes(type)) {
      return this.schema(
        `The value for the field 'Type' must be one of [${STATE_TYPES.join(', ')}]`,
        `${path}/Type`,
      );
    }
    if (state.QueryLanguage !== undefined && !QUERY_LANGUAGES.includes(state.QueryLanguage)) {
      this.schema(
        `The value for the field 'QueryLanguage' must be one of [JSONPath, JSONata]`,
        `${path}/QueryLanguage`,
      );
    }
    if (machineLanguage === 'JSONata' && state.QueryLanguage === 'JSONPath') {
      this.schema(`'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine`, path);
    }
    const language = (state.QueryLanguage as string | undefined) ?? machineLanguage;
    const jsonata = language === 'JSONata';
    const allowed = [...COMMON_FIELDS, ...FIELDS[type], ...(jsonata ? JSONATA_FIELDS[type] : [])];
    for (const field of Object.keys(state)) {
      const other = jsonata ? JSONPATH_ONLY.includes(field) : JSONATA_ONLY.includes(field);
      if (other) {
        this.schema(
          `The QueryLanguage is set to '${language}', but field '${field}' is only supported for the '${jsonata ? 'JSONPath' : 'JSONata'}' QueryLanguage`,
          path,
        );
      } else if (!allowed.includes(field)) this.schema(`Field '${field}' is not supported`, path);
    }
    this.transitions(type, state, path);
    if (type === 'Parallel') this.parallel(state, path, machineLanguage);
    if (type === 'Map') this.map(state, path, machineLanguage, language);
    if (jsonata) return this.jsonata(type, state, path);

    for (const field of ['InputPath', 'OutputPath']) {
      if (state[field] !== undefined && state[field] !== null)
        this.path(state[field], `${path}/${field}`, field, false);
    }
    if (state.ResultPath !== undefined && state.ResultPath !== null) {
      this.path(state.ResultPath, `${path}/ResultPath`, 'ResultPath', true);
    }
    for (const field of ['Parameters', 'ResultSelector', 'ItemSelector', 'Assign']) {
      if (state[field] !== undefined) this.template(state[field], `${path}/${field}`, field === 'Assign');
    }
    if (type === 'Task') this.task(state, path);
    if (type === 'Choice') this.choice(state, path);
    if (type === 'Wait') this.wait(state, path);
    if (type === 'Fail') this.fail(state, path);
    if (type === 'Task' || type === 'Parallel' || type === 'Map') this.errorHandling(state, path);
  }

  /** A JSONata state: its expressions parse and read no top-level context; its rules and catchers. */
  private jsonata(type: string, state: JsonObject, path: string) {
    for (const [field, value] of Object.entries(state)) {
      if (NOT_EXPRESSIONS.includes(field)) continue;
      for (const problem of checkJsonataField(value, `${path}/${field}`)) {
        this.add(problem.code, problem.message, problem.path);
      }
    }
    // Assign (the state's, a rule's, a catcher's): a JSON object of variable names.
    const assigns: [unknown, string][] = [[state.Assign, `${path}/Assign`]];
    for (const list of ['Choices', 'Catch']) {
      if (!Array.isArray(state[list])) continue;
      (state[list] as unknown[]).forEach((entry, i) => {
        if (isObject(entry)) assigns.push([entry.Assign, `${path}/${list}[${i}]/Assign`]);
      });
    }
    for (const [assign, at] of assigns) {
      if (assign === undefined) continue;
      if (!isObject(assign)) this.schema(`The value for the field 'Assign' must be a JSON object`, at);
      else {
        for (const name of Object.keys(assign)) {
          if (!VARIABLE_NAME.test(name)) this.schema(`Invalid variable name: '${name}'`, `${at}/${name}`);
        }
      }
    }
    if (type === 'Choice') {
      if (!Array.isArray(state.Choices) || state.Choices.length === 0) {
        return this.schema(`The value for the field 'Choices' must be a non-empty ARRAY`, `${path}/Choices`);
      }
      state.Choices.forEach((rule, i) => {
        const at = `${path}/Choices[${i}]`;
        if (!isObject(rule)) return this.schema('The value must be a JSON object', at);
        for (const key of Object.keys(rule)) {
          if (!['Condition', 'Next', 'Assign', 'Output', 'Comment'].includes(key))
            this.schema(`Field '${key}' is not supported`, at);
        }
        const missing = ['Condition', 'Next'].filter((key) => rule[key] === undefined);
        if (missing.length > 0) this.schema(`These fields are required: [${missing.join(', ')}]`, at);
      });
    }
    if (type === 'Task' && state.Resource === undefined)
      this.schema('These fields are required: [Resource]', path);
    if (type === 'Task' || type === 'Parallel' || type === 'Map') this.errorHandling(state, path, true);
  }

  private transitions(type: string, state: JsonObject, path: string) {
    if (type === 'Choice' || type === 'Succeed' || type === 'Fail') return;
    const hasNext = state.Next !== undefined;
    const hasEnd = state.End !== undefined;
    if (hasNext === hasEnd) this.schema('Exactly one of these fields must be provided: [Next, End]', path);
    if (hasNext && typeof state.Next !== 'string')
      this.schema(`The value for the field 'Next' must be a STRING`, `${path}/Next`);
    if (hasEnd && state.End !== true)
      this.schema(`The value for the field 'End' must be true`, `${path}/End`);
  }

  /** A path field; `reference` for ResultPath (names and indexes only, rooted at `$`). */
  private path(value: unknown, path: string, field: string, reference: boolean): void {
    if (typeof value !== 'string')
      return this.schema(`The value for the field '${field}' must be a STRING`, path);
    try {
      const parsed = parsePath(value);
      if (reference && (parsed.root.kind !== 'data' || !isReferencePath(parsed))) {
        this.schema(`The value for the field '${field}' must be a valid ReferencePath`, path);
      }
    } catch {
      this.schema(`The value for the field '${field}' must be a valid JSONPath`, path);
    }
  }

  /** A `key.$` value, ErrorPath or CausePath: a path or an intrinsic function call. */
  private dynamic(value: unknown, path: string, field: string) {
    if (typeof value !== 'string') {
      return this.schema(
        `The value for the field '${field}' must be a STRING that contains a JSONPath`,
        path,
      );
    }
    if (looksLikeIntrinsic(value)) {
      let call: IntrinsicCall;
      try {
        call = parseIntrinsic(value);
      } catch {
        return this.schema(
          `The value for the field '${field}' must be a valid intrinsic function call`,
          path,
        );
      }
      const unknown = unknownFunction(call);
      if (unknown) this.schema(`The intrinsic function '${unknown}' is not supported`, path);
      return;
    }
    try {
      parsePath(value);
    } catch {
      this.schema(
        `The value for the field '${field}' must be a valid JSONPath or a valid intrinsic function call`,
        path,
      );
    }
  }

  private template(template: unknown, path: string, assign: boolean) {
    if (assign && !isObject(template))
      return this.schema(`The value for the field 'Assign' must be a JSON object`, path);
    if (assign) {
      for (const key of Object.keys(template as JsonObject)) {
        const name = key.endsWith('.$') ? key.slice(0, -2) : key;
        // A variable is read as `$name`: it must be an identifier the path syntax can carry.
        if (!VARIABLE_NAME.test(name)) this.schema(`Invalid variable name: '${name}'`, `${path}/${key}`);
      }
    }
    const walk = (value: unknown, at: string) => {
      if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${at}[${i}]`));
      else if (isObject(value)) {
        for (const [key, item] of Object.entries(value)) {
          if (key.endsWith('.$')) this.dynamic(item, `${at}/${key}`, key);
          else walk(item, `${at}/${key}`);
        }
      }
    };
    walk(template, path);
  }

  private task(state: JsonObject, path: string) {
    if (state.Resource === undefined) this.schema('These fields are required: [Resource]', path);
    else if (typeof state.Resource !== 'string' || !state.Resource.startsWith('arn:')) {
      this.schema(`The value for the field 'Resource' must be a valid ARN`, `${path}/Resource`);
    }
    for (const field of ['TimeoutSeconds', 'HeartbeatSeconds']) {
      if (state[field] !== undefined && !isPositiveInteger(state[field])) {
        this.schema(`The value for the field '${field}' must be a positive integer`, `${path}/${field}`);
      }
      if (state[field] !== undefined && state[`${field}Path`] !== undefined) {
        this.schema(`Only one of these fields may be provided: [${field}, ${field}Path]`, path);
      }
      if (state[`${field}Path`] !== undefined)
        this.path(state[`${field}Path`], `${path}/${field}Path`, `${field}Path`, true);
    }
    if (
      typeof state.TimeoutSeconds === 'number' &&
      typeof state.HeartbeatSeconds === 'number' &&
      state.HeartbeatSeconds >= state.TimeoutSeconds
    ) {
      this.schema(
        `The value for the field 'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'`,
        `${path}/HeartbeatSeconds`,
      );
    }
  }

  private errorHandling(state: JsonObject, path: string, jsonata = false) {
    this.errorHandlers(state.Retry, path, 'Retry', jsonata);
    this.errorHandlers(state.Catch, path, 'Catch', jsonata);
  }

  /** The Retry or Catch list: each entry's fields, its ErrorEquals, then a retrier's or catcher's own. */
  private errorHandlers(list: unknown, path: string, field: 'Retry' | 'Catch', jsonata: boolean) {
    if (list === undefined) return;
    if (!Array.isArray(list))
      return this.schema(`The value for the field '${field}' must be an ARRAY`, `${path}/${field}`);
    list.forEach((entry, i) => {
      const at = `${path}/${field}[${i}]`;
      if (!isObject(entry)) return this.schema('The value must be a JSON object', at);
      const allowed =
        field === 'Retry' ? RETRIER_FIELDS : [...CATCHER_FIELDS, jsonata ? 'Output' : 'ResultPath'];
      for (const key of Object.keys(entry))
        if (!allowed.includes(key)) this.schema(`Field '${key}' is not supported`, at);
      const required = field === 'Retry' ? ['ErrorEquals'] : ['ErrorEquals', 'Next'];
      const missing = required.filter((key) => entry[key] === undefined);
      if (missing.length > 0) this.schema(`These fields are required: [${missing.join(', ')}]`, at);
      this.errorEquals(entry.ErrorEquals, at, field, i === list.length - 1);
      if (field === 'Retry') this.retrier(entry, at);
      else this.catcher(entry, at, jsonata);
    });
  }

  /** A non-empty list of error names; States.ALL alone, in the last entry. */
  private errorEquals(errors: unknown, at: string, field: 'Retry' | 'Catch', last: boolean) {
    if (errors === undefined) return;
    if (!Array.isArray(errors) || errors.length === 0 || errors.some((e) => typeof e !== 'string')) {
      this.schema(
        `The value for the field 'ErrorEquals' must be a non-empty ARRAY of STRING`,
        `${at}/ErrorEquals`,
      );
    } else if (errors.includes('States.ALL') && (errors.length > 1 || !last)) {
      this.schema(
        `'States.ALL' must appear alone in 'ErrorEquals', and only in the last ${field === 'Retry' ? 'retrier' : 'catcher'}`,
        `${at}/ErrorEquals`,
      );
    }
  }

  private retrier(entry: JsonObject, at: string) {
    for (const field of ['IntervalSeconds', 'MaxDelaySeconds']) {
      if (entry[field] !== undefined && !isPositiveInteger(entry[field])) {
        this.schema(`The value for the field '${field}' must be a positive integer`, `${at}/${field}`);
      }
    }
    const attempts = entry.MaxAttempts;
    if (
      attempts !== undefined &&
      !(typeof attempts === 'number' && Number.isInteger(attempts) && attempts >= 0)
    ) {
      this.schema(
        `The value for the field 'MaxAttempts' must be a non-negative integer`,
        `${at}/MaxAttempts`,
      );
    }
    if (
      entry.BackoffRate !== undefined &&
      !(typeof entry.BackoffRate === 'number' && entry.BackoffRate >= 1)
    ) {
      this.schema(
        `The value for the field 'BackoffRate' must be a number not less than 1.0`,
        `${at}/BackoffRate`,
      );
    }
    if (entry.JitterStrategy !== undefined && !JITTER_STRATEGIES.includes(entry.JitterStrategy)) {
      this.schema(
        `The value for the field 'JitterStrategy' must be one of [FULL, NONE]`,
        `${at}/JitterStrategy`,
      );
    }
  }

  private catcher(entry: JsonObject, at: string, jsonata: boolean) {
    if (entry.Next !== undefined && typeof entry.Next !== 'string') {
      this.schema(`The value for the field 'Next' must be a STRING`, `${at}/Next`);
    }
    if (!jsonata && entry.ResultPath !== undefined && entry.ResultPath !== null) {
      this.path(entry.ResultPath, `${at}/ResultPath`, 'ResultPath', true);
    }
    if (!jsonata && entry.Assign !== undefined) this.template(entry.Assign, `${at}/Assign`, true);
  }

  private choice(state: JsonObject, path: string) {
    if (!Array.isArray(state.Choices) || state.Choices.length === 0) {
      if (state.Choices === undefined) return this.schema('These fields are required: [Choices]', path);
      return this.schema(`The value for the field 'Choices' must be a non-empty ARRAY`, `${path}/Choices`);
    }
    state.Choices.forEach((rule, i) => this.rule(rule, `${path}/Choices[${i}]`, true));
  }

  private rule(rule: unknown, path: string, top: boolean): void {
    if (!isObject(rule)) return this.schema('The value must be a JSON object', path);
    if (top && rule.Next === undefined) this.schema('These fields are required: [Next]', path);
    if (!top && rule.Next !== undefined) this.schema(`Field 'Next' is not supported`, path);
    if (top && rule.Assign !== undefined) this.template(rule.Assign, `${path}/Assign`, true);
    const combinators = ['And', 'Or', 'Not'].filter((key) => rule[key] !== undefined);
    const operators = ruleOperators(rule);
    const known = new Set(['Next', 'Comment', 'Assign', 'Variable', 'And', 'Or', 'Not', ...operators]);
    for (const key of Object.keys(rule))
      if (!known.has(key)) this.schema(`Field '${key}' is not supported`, path);
    if (combinators.length + (rule.Variable !== undefined ? 1 : 0) !== 1) {
      return this.schema('A choice rule must have exactly one of [And, Or, Not, Variable]', path);
    }
    if (combinators.length === 1) {
      const key = combinators[0];
      const value = rule[key];
      if (key === 'Not') return this.rule(value, `${path}/Not`, false);
      if (!Array.isArray(value) || value.length === 0) {
        return this.schema(`The value for the field '${key}' must be a non-empty ARRAY`, `${path}/${key}`);
      }
      value.forEach((inner, i) => this.rule(inner, `${path}/${key}[${i}]`, false));
      return;
    }
    this.path(rule.Variable, `${path}/Variable`, 'Variable', false);
    if (operators.length !== 1)
      return this.schema('A choice rule must have exactly one comparison operator', path);
    const operator = operators[0];
    const value = rule[operator];
    const at = `${path}/${operator}`;
    const comparison = COMPARISON_OPERATORS.get(operator);
    if (comparison?.path) return this.path(value, at, operator, false);
    const kind = comparison?.kind ?? (operator === 'StringMatches' ? 'String' : 'Boolean');
    const ok =
      kind === 'String'
        ? typeof value === 'string'
        : kind === 'Numeric'
          ? typeof value === 'number'
          : kind === 'Boolean'
            ? typeof value === 'boolean'
            : parseTimestamp(value) !== undefined;
    if (!ok) {
      const expected = {
        String: 'a STRING',
        Numeric: 'a NUMBER',
        Boolean: 'a BOOLEAN',
        Timestamp: 'a valid timestamp',
      }[kind];
      this.schema(`The value for the field '${operator}' must be ${expected}`, at);
    }
  }

  private wait(state: JsonObject, path: string) {
    const given = ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'].filter(
      (field) => state[field] !== undefined,
    );
    if (given.length !== 1) {
      this.schema(
        'Exactly one of these fields must be provided: [Seconds, SecondsPath, Timestamp, TimestampPath]',
        path,
      );
    }
    if (state.Seconds !== undefined && !(Number.isInteger(state.Seconds) && (state.Seconds as number) >= 0)) {
      this.schema(`The value for the field 'Seconds' must be a non-negative integer`, `${path}/Seconds`);
    }
    if (state.Timestamp !== undefined && !parseTimestamp(state.Timestamp)) {
      this.schema(`The value for the field 'Timestamp' must be a valid timestamp`, `${path}/Timestamp`);
    }
    for (const field of ['SecondsPath', 'TimestampPath']) {
      if (state[field] !== undefined) this.path(state[field], `${path}/${field}`, field, false);
    }
  }

  private fail(state: JsonObject, path: string) {
    for (const [literal, dynamic] of [
      ['Error', 'ErrorPath'],
      ['Cause', 'CausePath'],
    ]) {
      if (state[literal] !== undefined && state[dynamic] !== undefined) {
        this.schema(`Only one of these fields may be provided: [${literal}, ${dynamic}]`, path);
      }
      if (state[literal] !== undefined && typeof state[literal] !== 'string') {
        this.schema(`The value for the field '${literal}' must be a STRING`, `${path}/${literal}`);
      }
      if (state[dynamic] !== undefined) this.dynamic(state[dynamic], `${path}/${dynamic}`, dynamic);
    }
  }

  private parallel(state: JsonObject, path: string, language: string) {
    if (!Array.isArray(state.Branches) || state.Branches.length === 0) {
      if (state.Branches === undefined) return this.schema('These fields are required: [Branches]', path);
      return this.schema(`The value for the field 'Branches' must be a non-empty ARRAY`, `${path}/Branches`);
    }
    state.Branches.forEach((branch, i) => this.machine(branch, `${path}/Branches[${i}]`, language, false));
  }

  private map(state: JsonObject, path: string, machineLanguage: string, language: string) {
    const processors = ['ItemProcessor', 'Iterator'].filter((field) => state[field] !== undefined);
    if (processors.length === 0) this.schema('These fields are required: [ItemProcessor]', path);
    if (processors.length > 1)
      this.schema('Only one of these fields may be provided: [ItemProcessor, Iterator]', path);
    for (const field of processors) this.machine(state[field], `${path}/${field}`, machineLanguage, false);
    if (language === 'JSONata') return;
    if (state.ItemSelector !== undefined && state.Parameters !== undefined) {
      this.schema('Only one of these fields may be provided: [ItemSelector, Parameters]', path);
    }
    if (state.MaxConcurrency !== undefined && state.MaxConcurrencyPath !== undefined) {
      this.schema('Only one of these fields may be provided: [MaxConcurrency, MaxConcurrencyPath]', path);
    }
    if (
      state.MaxConcurrency !== undefined &&
      !(Number.isInteger(state.MaxConcurrency) && (state.MaxConcurrency as number) >= 0)
    ) {
      this.schema(
        `The value for the field 'MaxConcurrency' must be a non-negative integer`,
        `${path}/MaxConcurrency`,
      );
    }
    for (const field of ['ItemsPath', 'MaxConcurrencyPath']) {
      if (state[field] !== undefined)
        this.path(state[field], `${path}/${field}`, field, field === 'MaxConcurrencyPath');
    }
  }
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

function unknownFunction(call: IntrinsicCall): string | undefined {
  if (!INTRINSIC_FUNCTION_NAMES.includes(call.name)) return call.name;
  for (const arg of call.args) {
    if (arg.kind === 'call') {
      const inner = unknownFunction(arg.call);
      if (inner) return inner;
    }
  }
  return undefined;
}

/** Problems that would make AWS refuse the definition; empty when it is valid. */
export function validateDefinition(definition: unknown): DefinitionProblem[] {
  const validator = new Validator();
  validator.machine(definition, '', 'JSONPath', true);
  return validator.problems;
}
