/**
 * The typed model of an Amazon States Language definition: one shape per state type (a JSONPath
 * and a JSONata variant where their fields differ), Retry / Catch entries, Choice rules, and the
 * machine itself. Parallel branches and Map item processors are machines of the same type.
 *
 * Fields keep ASL's names and meaning, with three readings done once when the definition is parsed
 * (./build.ts): every state knows its `name` and its effective `language` (its own QueryLanguage,
 * else the machine's); a Task's `Resource` is classified (./resource.ts); `Retry` and `Catch` are
 * always present (empty when the definition has none). A Map's legacy `Iterator` is read as its
 * `ItemProcessor` and, in JSONPath, its legacy `Parameters` as its `ItemSelector`.
 *
 * Types only: this module imports nothing but types, so anything may depend on it.
 */
import type { TaskResource } from './resource';

export type QueryLanguage = 'JSONPath' | 'JSONata';

export type StateType = 'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

/** A JSONPath path (`$.a.b`, `$$.Execution.Id`, `$var`) or, where a result is placed, a reference path. */
export type Path = string;

/**
 * A value as the definition writes it, evaluated when the state runs: a JSONPath payload template
 * (`"key.$": "$.path"` fields, intrinsic calls) or a JSONata value (`{% %}` strings at any depth).
 */
export type Template = unknown;

/** A JSONata field that holds a literal `T` or a `{% expression %}` string giving one. */
export type Expression<T> = T | string;

/** A problem that makes AWS refuse a definition, as CreateStateMachine's `InvalidDefinition` reports it. */
export interface DefinitionProblem {
  /** Where, e.g. `/States/Pay/Next`. */
  readonly path: string;
  /** `<CODE>: <message> at <path>`, e.g. `MISSING_TRANSITION_TARGET: Missing 'Next' target: Foo at /States/Bar/Next`. */
  readonly message: string;
}

// ---------------------------------------------------------------------------------------- machines

/** A state machine, a Parallel branch or a Map item processor. */
export interface StateMachine {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, State>>;
  readonly Comment?: string;
  /** The execution's timeout (top-level machines only). */
  readonly TimeoutSeconds?: number;
  /** The default of every state, in branches and item processors too (top-level machines only). */
  readonly QueryLanguage?: QueryLanguage;
  readonly Version?: string;
}

/** A Map's item processor: a machine, and how its iterations run. */
export interface ItemProcessor extends StateMachine {
  readonly ProcessorConfig?: ProcessorConfig;
}

export interface ProcessorConfig {
  /** DISTRIBUTED: iterations are child executions (map run events, no outer variables). @default INLINE */
  readonly Mode?: 'INLINE' | 'DISTRIBUTED';
  readonly ExecutionType?: 'STANDARD' | 'EXPRESS';
}

// ---------------------------------------------------------------------------------- shared fields

interface StateFields<T extends StateType, L extends QueryLanguage> {
  readonly Type: T;
  /** The state's name (its key in `States`). */
  readonly name: string;
  /** The state's QueryLanguage, or the machine's. */
  readonly language: L;
  /** The state's own QueryLanguage field, as written. */
  readonly QueryLanguage?: QueryLanguage;
  readonly Comment?: string;
}

/** Where a non-terminal state goes: exactly one of Next and End (validation sees to it). */
export interface Transition {
  readonly Next?: string;
  readonly End?: boolean;
}

/** InputPath and OutputPath (JSONPath): `$` by default, null for `{}`. */
export interface JsonPathInputOutput {
  readonly InputPath?: Path | null;
  readonly OutputPath?: Path | null;
  /** Variables to assign on exit: a payload template. */
  readonly Assign?: Template;
}

/** ResultSelector and ResultPath (JSONPath states that produce a result). */
export interface JsonPathResult {
  readonly ResultSelector?: Template;
  /** Where the result goes in the raw input: `$` (default) replaces it, null discards it. */
  readonly ResultPath?: Path | null;
}

/** Output and Assign (JSONata): evaluated over `$states` when the state ends. */
export interface JsonataOutput {
  readonly Output?: Template;
  /** Variables to assign on exit: a JSON object whose values may hold expressions. */
  readonly Assign?: Template;
}

/** A Retry entry. */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  /** @default 1 */
  readonly IntervalSeconds?: number;
  /** @default 3 (0: never retry) */
  readonly MaxAttempts?: number;
  /** @default 2 */
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  /** @default NONE */
  readonly JitterStrategy?: 'FULL' | 'NONE';
  readonly Comment?: string;
}

/** A Catch entry: ResultPath in JSONPath, Output in JSONata; Assign in both. */
export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  /** JSONPath: where the error output goes in the raw input. @default '$' */
  readonly ResultPath?: Path | null;
  /** JSONata: the state's output. @default the error output */
  readonly Output?: Template;
  readonly Assign?: Template;
  readonly Comment?: string;
}

/** Task, Parallel and Map: their Retry and Catch entries, empty when the definition has none. */
export interface ErrorHandling {
  readonly Retry: readonly Retrier[];
  readonly Catch: readonly Catcher[];
}

// ---------------------------------------------------------------------------------------- states

export interface PassJsonPath extends StateFields<'Pass', 'JSONPath'>, Transition, JsonPathInputOutput {
  readonly Parameters?: Template;
  /** A literal: its `key.$` fields are not evaluated. */
  readonly Result?: unknown;
  readonly ResultPath?: Path | null;
}
export interface PassJsonata extends StateFields<'Pass', 'JSONata'>, Transition, JsonataOutput {}
export type PassState = PassJsonPath | PassJsonata;

interface TaskFields {
  /** The Resource, classified. */
  readonly Resource: TaskResource;
  readonly Credentials?: Template;
}
export interface TaskJsonPath
  extends
    StateFields<'Task', 'JSONPath'>,
    TaskFields,
    Transition,
    JsonPathInputOutput,
    JsonPathResult,
    ErrorHandling {
  readonly Parameters?: Template;
  readonly TimeoutSeconds?: number;
  readonly TimeoutSecondsPath?: Path;
  readonly HeartbeatSeconds?: number;
  readonly HeartbeatSecondsPath?: Path;
}
export interface TaskJsonata
  extends StateFields<'Task', 'JSONata'>, TaskFields, Transition, JsonataOutput, ErrorHandling {
  readonly Arguments?: Template;
  readonly TimeoutSeconds?: Expression<number>;
  readonly HeartbeatSeconds?: Expression<number>;
}
export type TaskState = TaskJsonPath | TaskJsonata;

/** A JSONPath Choice rule's test: And, Or, Not, or one operator on a Variable. */
export type ChoiceCondition = AndCondition | OrCondition | NotCondition | DataTestCondition;
export interface AndCondition {
  readonly And: readonly ChoiceCondition[];
}
export interface OrCondition {
  readonly Or: readonly ChoiceCondition[];
}
export interface NotCondition {
  readonly Not: ChoiceCondition;
}
/** `{ "Variable": "$.total", "NumericGreaterThan": 100 }` reads as operator and value. */
export interface DataTestCondition {
  readonly Variable: Path;
  /** `NumericGreaterThan`, `StringEqualsPath`, `StringMatches`, `IsPresent`, ... */
  readonly operator: string;
  /** The operand: a literal, a path (for `...Path` operators), or the boolean of an `Is*` test. */
  readonly value: unknown;
}
/** A top-level JSONPath Choice rule: a condition and where it leads. */
export type JsonPathChoiceRule = ChoiceCondition & {
  readonly Next: string;
  readonly Assign?: Template;
  readonly Comment?: string;
};
export interface JsonataChoiceRule {
  /** true, false, or an expression that must give a boolean. */
  readonly Condition: Expression<boolean>;
  readonly Next: string;
  readonly Assign?: Template;
  readonly Output?: Template;
  readonly Comment?: string;
}
export interface ChoiceJsonPath extends StateFields<'Choice', 'JSONPath'>, JsonPathInputOutput {
  readonly Choices: readonly JsonPathChoiceRule[];
  readonly Default?: string;
}
export interface ChoiceJsonata extends StateFields<'Choice', 'JSONata'>, JsonataOutput {
  readonly Choices: readonly JsonataChoiceRule[];
  readonly Default?: string;
}
export type ChoiceState = ChoiceJsonPath | ChoiceJsonata;

/** Exactly one of the four (JSONata: of Seconds and Timestamp). */
export interface WaitJsonPath extends StateFields<'Wait', 'JSONPath'>, Transition, JsonPathInputOutput {
  readonly Seconds?: number;
  readonly SecondsPath?: Path;
  readonly Timestamp?: string;
  readonly TimestampPath?: Path;
}
export interface WaitJsonata extends StateFields<'Wait', 'JSONata'>, Transition, JsonataOutput {
  readonly Seconds?: Expression<number>;
  readonly Timestamp?: string;
}
export type WaitState = WaitJsonPath | WaitJsonata;

export interface SucceedJsonPath extends StateFields<'Succeed', 'JSONPath'> {
  readonly InputPath?: Path | null;
  readonly OutputPath?: Path | null;
}
export interface SucceedJsonata extends StateFields<'Succeed', 'JSONata'> {
  readonly Output?: Template;
}
export type SucceedState = SucceedJsonPath | SucceedJsonata;

/** Error and Cause: literals, or (JSONPath) ErrorPath / CausePath, paths or intrinsic calls. */
export interface FailJsonPath extends StateFields<'Fail', 'JSONPath'> {
  readonly Error?: string;
  readonly ErrorPath?: string;
  readonly Cause?: string;
  readonly CausePath?: string;
}
export interface FailJsonata extends StateFields<'Fail', 'JSONata'> {
  readonly Error?: Expression<string>;
  readonly Cause?: Expression<string>;
}
export type FailState = FailJsonPath | FailJsonata;

export interface ParallelJsonPath
  extends
    StateFields<'Parallel', 'JSONPath'>,
    Transition,
    JsonPathInputOutput,
    JsonPathResult,
    ErrorHandling {
  readonly Branches: readonly StateMachine[];
  readonly Parameters?: Template;
}
export interface ParallelJsonata
  extends StateFields<'Parallel', 'JSONata'>, Transition, JsonataOutput, ErrorHandling {
  readonly Branches: readonly StateMachine[];
  readonly Arguments?: Template;
}
export type ParallelState = ParallelJsonPath | ParallelJsonata;

/** A distributed Map's source of items: its Resource's result (through the task handler). */
export interface ItemReader {
  readonly Resource: TaskResource;
  readonly ReaderConfig?: ReaderConfig;
  /** JSONPath. */
  readonly Parameters?: Template;
  /** JSONata. */
  readonly Arguments?: Template;
}
export interface ReaderConfig {
  readonly InputType?: 'CSV' | 'JSON' | 'JSONL' | 'MANIFEST' | 'PARQUET';
  readonly CSVHeaderLocation?: 'FIRST_ROW' | 'GIVEN';
  readonly CSVHeaders?: readonly string[];
  /** COMMA (default), PIPE, SEMICOLON, SPACE, TAB. */
  readonly CSVDelimiter?: string;
  readonly MaxItems?: Expression<number>;
  readonly MaxItemsPath?: Path;
}
/** Groups a distributed Map's items into `{ Items, BatchInput }` inputs. */
export interface ItemBatcher {
  readonly MaxItemsPerBatch?: Expression<number>;
  readonly MaxItemsPerBatchPath?: Path;
  readonly MaxInputBytesPerBatch?: Expression<number>;
  readonly MaxInputBytesPerBatchPath?: Path;
  readonly BatchInput?: Template;
}
/** Where a distributed Map's results go instead of its output. */
export interface ResultWriter {
  readonly Resource?: TaskResource;
  readonly Parameters?: Template;
  readonly Arguments?: Template;
  readonly WriterConfig?: Template;
}
/** What a Map has in both languages, the distributed Map's fields among them. */
interface MapFields extends Transition, ErrorHandling {
  /** Read from ItemProcessor, or from the legacy Iterator. */
  readonly ItemProcessor: ItemProcessor;
  readonly Label?: string;
  readonly ItemReader?: ItemReader;
  readonly ItemBatcher?: ItemBatcher;
  readonly ResultWriter?: ResultWriter;
}
export interface MapJsonPath
  extends StateFields<'Map', 'JSONPath'>, MapFields, JsonPathInputOutput, JsonPathResult {
  readonly ItemsPath?: Path;
  /** Read from ItemSelector, or from the legacy Parameters. */
  readonly ItemSelector?: Template;
  readonly MaxConcurrency?: number;
  readonly MaxConcurrencyPath?: Path;
  readonly ToleratedFailureCount?: number;
  readonly ToleratedFailureCountPath?: Path;
  readonly ToleratedFailurePercentage?: number;
  readonly ToleratedFailurePercentagePath?: Path;
}
export interface MapJsonata extends StateFields<'Map', 'JSONata'>, MapFields, JsonataOutput {
  /** A JSON array (with expressions in it) or an expression giving one. @default the state input */
  readonly Items?: Template;
  readonly ItemSelector?: Template;
  readonly MaxConcurrency?: Expression<number>;
  readonly ToleratedFailureCount?: Expression<number>;
  readonly ToleratedFailurePercentage?: Expression<number>;
}
export type MapState = MapJsonPath | MapJsonata;

/** Any state: narrow on `Type`, then on `language` where the two differ. */
export type State =
  PassState | TaskState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState;

/** The state of a given type. */
export type StateOfType<T extends StateType> = Extract<State, { readonly Type: T }>;
