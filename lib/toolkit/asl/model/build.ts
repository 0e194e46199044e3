/**
 * Reads a definition's JSON into the model (./state-machine.ts): the one place that turns raw JSON
 * into typed states. It trusts the shape it is given: after validation (./parse.ts) every field has
 * the type the model says; without it (a definition run as it is, as the tests and the local
 * runtime's own app machines do), fields keep whatever they hold and the interpreter reports what
 * it cannot run as it reaches it (`States.Runtime`).
 */
import { isObject, JsonObject } from '../json';
import { ruleOperators } from './choice-operators';
import { classifyResource } from './resource';
import type {
  Catcher,
  ChoiceCondition,
  ErrorHandling,
  ItemProcessor,
  JsonPathChoiceRule,
  MapState,
  QueryLanguage,
  Retrier,
  State,
  StateMachine,
} from './state-machine';

/** A definition without a StartAt or States: nothing to run. */
export class NotAStateMachine extends Error {
  constructor() {
    super('The definition has no StartAt or no States');
    this.name = 'NotAStateMachine';
  }
}

/**
 * The model of a definition, without validating it (parseDefinition validates first). `language`
 * is the default QueryLanguage of its states when the definition names none (TestState runs a
 * lone JSONata state's children in JSONata). Throws {@link NotAStateMachine}.
 */
export function buildStateMachine(definition: unknown, language?: QueryLanguage): StateMachine {
  if (!isObject(definition)) throw new NotAStateMachine();
  const own = definition.QueryLanguage === 'JSONata' ? 'JSONata' : undefined;
  return buildMachine(definition, own ?? language ?? 'JSONPath');
}

/** A machine or sub-machine; its states default to `language`, the top-level machine's. */
function buildMachine(raw: unknown, language: QueryLanguage): StateMachine {
  if (!isObject(raw) || typeof raw.StartAt !== 'string' || !isObject(raw.States))
    throw new NotAStateMachine();
  const states: Record<string, State> = {};
  for (const [name, state] of Object.entries(raw.States)) {
    states[name] = buildState(name, isObject(state) ? state : {}, language);
  }
  return typed<StateMachine>({ ...raw, StartAt: raw.StartAt, States: states });
}

/**
 * The one cast from JSON to the model: validation has checked every field's type (and a definition
 * run without it keeps its fields as written, for the interpreter to refuse as it reaches them).
 */
function typed<T = State>(fields: object): T {
  return fields as T;
}

function buildState(name: string, raw: JsonObject, machineLanguage: QueryLanguage): State {
  const own = raw.QueryLanguage;
  const language = own === 'JSONata' || own === 'JSONPath' ? own : machineLanguage;
  const common = { ...raw, name, language };
  switch (raw.Type) {
    case 'Task':
      return typed({ ...common, Resource: classifyResource(String(raw.Resource)), ...errorHandling(raw) });
    case 'Parallel': {
      const branches = Array.isArray(raw.Branches) ? raw.Branches : [];
      return typed({
        ...common,
        Branches: branches.map((branch) => buildMachine(branch, machineLanguage)),
        ...errorHandling(raw),
      });
    }
    case 'Map':
      return buildMap(common, raw, machineLanguage);
    case 'Choice': {
      const rules = Array.isArray(raw.Choices) ? raw.Choices.filter(isObject) : [];
      return typed({ ...common, Choices: language === 'JSONata' ? rules : rules.map(choiceRule) });
    }
    default:
      // Pass, Wait, Succeed, Fail: their fields as written.
      return typed(common);
  }
}

function errorHandling(raw: JsonObject): ErrorHandling {
  return {
    Retry: (Array.isArray(raw.Retry) ? raw.Retry : []) as Retrier[],
    Catch: (Array.isArray(raw.Catch) ? raw.Catch : []) as Catcher[],
  };
}

/** A Map: its processor (or legacy Iterator), its selector (or legacy Parameters), its resources. */
function buildMap(
  common: JsonObject & { language: QueryLanguage },
  raw: JsonObject,
  machineLanguage: QueryLanguage,
): MapState {
  const { Iterator, Parameters, ...fields } = common;
  const processor = raw.ItemProcessor ?? Iterator;
  const config =
    isObject(processor) && isObject(processor.ProcessorConfig) ? processor.ProcessorConfig : undefined;
  const itemProcessor: ItemProcessor = {
    ...buildMachine(processor, machineLanguage),
    ...(config ? { ProcessorConfig: config } : {}),
  };
  const reader = isObject(raw.ItemReader) ? raw.ItemReader : undefined;
  const writer = isObject(raw.ResultWriter) ? raw.ResultWriter : undefined;
  return typed<MapState>({
    ...fields,
    ItemProcessor: itemProcessor,
    // JSONata Maps have no Parameters; in JSONPath it is ItemSelector's legacy name.
    ItemSelector: common.language === 'JSONata' ? raw.ItemSelector : (raw.ItemSelector ?? Parameters),
    ...(reader ? { ItemReader: { ...reader, Resource: classifyResource(String(reader.Resource)) } } : {}),
    ...(writer
      ? {
          ResultWriter: {
            ...writer,
            Resource: typeof writer.Resource === 'string' ? classifyResource(writer.Resource) : undefined,
          },
        }
      : {}),
    ...errorHandling(raw),
  });
}

/** A top-level JSONPath rule: its condition, Next, Assign and Comment. */
function choiceRule(raw: JsonObject): JsonPathChoiceRule {
  const target = {
    Next: raw.Next as string,
    ...(raw.Assign !== undefined ? { Assign: raw.Assign } : {}),
    ...(raw.Comment !== undefined ? { Comment: raw.Comment as string } : {}),
  };
  return { ...condition(raw), ...target };
}

/** And, Or and Not nest conditions; anything else tests its Variable with its one operator. */
function condition(raw: JsonObject): ChoiceCondition {
  if (Array.isArray(raw.And)) return { And: raw.And.map(asCondition) };
  if (Array.isArray(raw.Or)) return { Or: raw.Or.map(asCondition) };
  if (isObject(raw.Not)) return { Not: condition(raw.Not) };
  const [operator = ''] = ruleOperators(raw);
  return { Variable: raw.Variable as string, operator, value: raw[operator] };
}

function asCondition(raw: unknown): ChoiceCondition {
  return condition(isObject(raw) ? raw : {});
}
