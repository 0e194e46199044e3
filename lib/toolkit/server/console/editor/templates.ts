/**
 * What a state added from the palette starts as: the least that makes each type valid, in the
 * query language chosen (JSONPath fields or JSONata's Arguments, Output and Condition).
 */
import type { JsonObject } from './states';

export const STATE_TYPES = ['Task', 'Choice', 'Parallel', 'Map', 'Wait', 'Pass', 'Succeed', 'Fail'] as const;
export type StateTypeName = (typeof STATE_TYPES)[number];

export type QueryLanguage = 'JSONPath' | 'JSONata';

/** A new state of `type`; `inner` names the first state of a Parallel's branch or a Map's processor. */
export function stateTemplate(type: StateTypeName, language: QueryLanguage, inner: string): JsonObject {
  switch (type) {
    case 'Task':
      return language === 'JSONata'
        ? {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: { FunctionName: 'my-function', Payload: '{% $states.input %}' },
            Output: '{% $states.result.Payload %}',
          }
        : {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'my-function', 'Payload.$': '$' },
            ResultSelector: { 'Payload.$': '$.Payload' },
            OutputPath: '$.Payload',
          };
    case 'Choice':
      return { Type: 'Choice', Choices: [] };
    case 'Parallel':
      return { Type: 'Parallel', Branches: [scopeWith(inner)] };
    case 'Map':
      return {
        Type: 'Map',
        ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, ...scopeWith(inner) },
      };
    case 'Wait':
      return { Type: 'Wait', Seconds: 1 };
    case 'Pass':
      return { Type: 'Pass' };
    case 'Succeed':
      return { Type: 'Succeed' };
    case 'Fail':
      return { Type: 'Fail', Error: 'Failed', Cause: 'Something went wrong' };
  }
}

/** A new Choice rule going to `next` (none yet: connected later), in the query language's form. */
export function choiceRuleTemplate(language: QueryLanguage, next?: string): JsonObject {
  const rule: JsonObject =
    language === 'JSONata'
      ? { Condition: '{% $states.input.ok = true %}' }
      : { Variable: '$.ok', BooleanEquals: true };
  if (next !== undefined) rule.Next = next;
  return rule;
}

/** A new retrier: every error, three more attempts from 1 s, doubling. */
export function retrierTemplate(): JsonObject {
  return { ErrorEquals: ['States.ALL'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 };
}

/** A new catcher of every error, going to `next` (none yet: connected later). */
export function catcherTemplate(next?: string): JsonObject {
  return next === undefined ? { ErrorEquals: ['States.ALL'] } : { ErrorEquals: ['States.ALL'], Next: next };
}

/** A scope (branch, item processor) of one Pass state. */
export function scopeWith(name: string): JsonObject {
  return { StartAt: name, States: { [name]: { Type: 'Pass', End: true } } };
}

/** The definition a new workflow starts from: nothing but a comment; the palette adds the states. */
export function emptyDefinition(): JsonObject {
  return { Comment: 'A new workflow', StartAt: '', States: {} };
}
