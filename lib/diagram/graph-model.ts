import { describeChoiceRule } from './choice-conditions';

/**
 * The graph of a state machine, read from plain ASL (what `loadLocalApp` resolves): one node per
 * state, one edge per transition (Next, End, each Choice rule and the Default, each Catch), and
 * Parallel branches and Map item processors as nested graphs. No layout here: see `layout.ts`.
 */

export type StateType = 'Task' | 'Choice' | 'Pass' | 'Wait' | 'Succeed' | 'Fail' | 'Parallel' | 'Map';

export type NodeKind = 'start' | 'end' | 'state' | 'branch';

export type EdgeKind = 'start' | 'next' | 'end' | 'choice' | 'default' | 'catch';

export interface RetrySummary {
  readonly errors: readonly string[];
  readonly maxAttempts: number;
  /** e.g. `3× from 1 s, ×2, at most 10 s, full jitter` */
  readonly text: string;
}

export interface GraphNode {
  /** Unique within the whole graph (nested graphs included): `n0`, `n1`, ... */
  readonly id: string;
  readonly kind: NodeKind;
  /** The state's name; `Start`, `End` or `Branch 1` for the others. */
  readonly name: string;
  readonly stateType?: StateType;
  /** One short line under the name: the Task's service call, the Wait's time, the Fail's error. */
  readonly detail?: string;
  /** What a tooltip shows: the comment, resource, retries. */
  readonly description: readonly string[];
  readonly retries: readonly RetrySummary[];
  /** Parallel (its branches), Map (its item processor), a branch (its states). */
  readonly inner?: WorkflowGraph;
}

export interface GraphEdge {
  readonly id: string;
  /** Node ids, in the same graph (the edge's scope). */
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  /** The Choice rule (`$.x == true`), `Default`, or the errors a Catch matches. */
  readonly label?: string;
  /** For Catch edges: the errors matched. */
  readonly errors?: readonly string[];
}

/** One scope: the top level, one Parallel branch, or one Map's item processor. */
export interface WorkflowGraph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

type AslState = Record<string, unknown> & { Type?: string };
type AslScope = { StartAt?: unknown; States?: unknown };

const STATE_TYPES: ReadonlySet<string> = new Set([
  'Task',
  'Choice',
  'Pass',
  'Wait',
  'Succeed',
  'Fail',
  'Parallel',
  'Map',
]);

/** Builds the graph of a definition; throws when it has no `StartAt` and `States`. */
export function buildWorkflowGraph(definition: unknown): WorkflowGraph {
  const ids = { node: 0, edge: 0 };
  const scope = asScope(definition, 'the definition');
  return buildScope(scope, ids, true);
}

/** Every node of the graph, nested ones included, depth first. */
export function allNodes(graph: WorkflowGraph): GraphNode[] {
  return graph.nodes.flatMap((n) => [n, ...(n.inner ? allNodes(n.inner) : [])]);
}

/** Every edge of the graph, nested ones included. */
export function allEdges(graph: WorkflowGraph): GraphEdge[] {
  return [...graph.edges, ...graph.nodes.flatMap((n) => (n.inner ? allEdges(n.inner) : []))];
}

type Scope = AslScope & { States: Record<string, AslState> };
type Ids = { node: number; edge: number };

function buildScope(scope: Scope, ids: Ids, top: boolean): WorkflowGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const byName = new Map<string, string>();
  const newEdge = (edge: Omit<GraphEdge, 'id'>) => edges.push({ id: `e${ids.edge++}`, ...edge });
  const order = readingOrder(scope);

  const start = top ? marker(ids, 'start', 'Start') : undefined;
  if (start) nodes.push(start);
  for (const name of order) {
    const node = stateNode(ids, name, scope.States[name]);
    nodes.push(node);
    byName.set(name, node.id);
  }
  const end = top ? marker(ids, 'end', 'End') : undefined;
  const target = (name: unknown) => (typeof name === 'string' ? byName.get(name) : undefined);

  const first = target(scope.StartAt);
  if (start && first) newEdge({ from: start.id, to: first, kind: 'start' });
  for (const name of order) {
    const state = scope.States[name];
    const from = byName.get(name)!;
    const next = target(state.Next);
    if (next) newEdge({ from, to: next, kind: 'next' });
    const terminal = state.End === true || state.Type === 'Succeed' || state.Type === 'Fail';
    if (terminal && end) newEdge({ from, to: end.id, kind: 'end' });
    if (state.Type === 'Choice') {
      for (const choice of arrayOf(state.Choices)) {
        const to = target(choice.Next);
        if (to) newEdge({ from, to, kind: 'choice', label: describeChoiceRule(choice) });
      }
      const fallback = target(state.Default);
      if (fallback) newEdge({ from, to: fallback, kind: 'default', label: 'Default' });
    }
    for (const catcher of arrayOf(state.Catch)) {
      const to = target(catcher.Next);
      const errors = arrayOf<string>(catcher.ErrorEquals).map(String);
      if (to) newEdge({ from, to, kind: 'catch', label: catchLabel(errors), errors });
    }
  }
  // The End marker only when something reaches it (a definition that loops forever has none).
  if (end && edges.some((e) => e.to === end.id)) nodes.push(end);
  return { nodes, edges };
}

function marker(ids: Ids, kind: 'start' | 'end', name: string): GraphNode {
  return { id: `n${ids.node++}`, kind, name, description: [name], retries: [] };
}

function stateNode(ids: Ids, name: string, state: AslState): GraphNode {
  const id = `n${ids.node++}`;
  const type = STATE_TYPES.has(String(state.Type)) ? (state.Type as StateType) : undefined;
  const retries = arrayOf(state.Retry).map(retrySummary);
  const description = [
    `${name} (${state.Type ?? 'unknown type'})`,
    ...(typeof state.Comment === 'string' ? [state.Comment] : []),
    ...(typeof state.Resource === 'string' ? [`Resource: ${state.Resource}`] : []),
    ...functionName(state),
    ...(typeof state.TimeoutSeconds === 'number' ? [`Timeout: ${state.TimeoutSeconds} s`] : []),
    ...retries.map((r) => `Retry ${r.errors.join(', ')}: ${r.text}`),
  ];
  let inner: WorkflowGraph | undefined;
  if (type === 'Parallel') {
    const branches = arrayOf(state.Branches).map((branch, i): GraphNode => ({
      id: `n${ids.node++}`,
      kind: 'branch',
      name: `Branch ${i + 1}`,
      description: [`${name}, branch ${i + 1}`],
      retries: [],
      inner: buildScope(asScope(branch, `${name}.Branches[${i}]`), ids, false),
    }));
    inner = { nodes: branches, edges: [] };
  } else if (type === 'Map') {
    inner = buildScope(asScope(state.ItemProcessor ?? state.Iterator, `${name}.ItemProcessor`), ids, false);
  }
  return { id, kind: 'state', name, stateType: type, detail: detailOf(state), description, retries, inner };
}

/**
 * The states in the order a person follows them: depth first from StartAt, Next before a Choice's
 * rules, rules before the Default, Catch last; so the layout puts the main line first (on the
 * left, straight down) and the ways out beside it. Unreachable states come last.
 */
function readingOrder(scope: Scope): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  const visit = (name: unknown) => {
    if (typeof name !== 'string' || seen.has(name) || !(name in scope.States)) return;
    seen.add(name);
    order.push(name);
    const state = scope.States[name];
    visit(state.Next);
    for (const choice of arrayOf(state.Choices)) visit(choice.Next);
    visit(state.Default);
    for (const catcher of arrayOf(state.Catch)) visit(catcher.Next);
  };
  visit(scope.StartAt);
  for (const name of Object.keys(scope.States)) visit(name);
  return order;
}

function asScope(value: unknown, where: string): Scope {
  const scope = value as AslScope | undefined;
  if (!scope || typeof scope !== 'object' || !scope.States || typeof scope.States !== 'object') {
    throw new Error(`${where} has no States: it is not an Amazon States Language definition`);
  }
  return scope as Scope;
}

function arrayOf<T = Record<string, unknown>>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

function catchLabel(errors: string[]): string {
  const shown = errors.slice(0, 2).join(', ');
  return `catch ${shown}${errors.length > 2 ? ` +${errors.length - 2}` : ''}`;
}

function retrySummary(retrier: Record<string, unknown>): RetrySummary {
  const errors = arrayOf<string>(retrier.ErrorEquals).map(String);
  const maxAttempts = typeof retrier.MaxAttempts === 'number' ? retrier.MaxAttempts : 3;
  const interval = typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1;
  const rate = typeof retrier.BackoffRate === 'number' ? retrier.BackoffRate : 2;
  const parts = [`${maxAttempts}× from ${interval} s`, `×${rate}`];
  if (typeof retrier.MaxDelaySeconds === 'number') parts.push(`at most ${retrier.MaxDelaySeconds} s`);
  if (retrier.JitterStrategy === 'FULL') parts.push('full jitter');
  return { errors, maxAttempts, text: parts.join(', ') };
}

function functionName(state: AslState): string[] {
  const params = (state.Parameters ?? state.Arguments) as Record<string, unknown> | undefined;
  const fn = params?.FunctionName;
  return typeof fn === 'string' ? [`Function: ${fn.split(':function:').pop()}`] : [];
}

const SERVICES: Record<string, string> = {
  lambda: 'Lambda',
  sns: 'SNS',
  sqs: 'SQS',
  dynamodb: 'DynamoDB',
  states: 'Step Functions',
  events: 'EventBridge',
  ecs: 'ECS',
  batch: 'Batch',
  glue: 'Glue',
  athena: 'Athena',
  bedrock: 'Bedrock',
  apigateway: 'API Gateway',
  http: 'HTTP',
  s3: 'S3',
  sagemaker: 'SageMaker',
  codebuild: 'CodeBuild',
  emr: 'EMR',
};

/** `arn:aws:states:::lambda:invoke` → `Lambda invoke`; a function ARN → `Lambda`; etc. */
export function describeResource(resource: string): string {
  const integration =
    /^arn:[\w-]+:states:::(?:aws-sdk:)?([\w-]+):([\w.-]+?)(?:\.(sync|waitForTaskToken))?(?::\d+)?$/.exec(
      resource,
    );
  if (integration) {
    const [, service, action, pattern] = integration;
    const suffix = pattern === 'waitForTaskToken' ? ' (callback)' : pattern === 'sync' ? ' (sync)' : '';
    return `${SERVICES[service] ?? service} ${action}${suffix}`;
  }
  if (/^arn:[\w-]+:lambda:/.test(resource)) return 'Lambda';
  if (/^arn:[\w-]+:states:[\w-]*:\d*:activity:/.test(resource)) return 'Activity';
  return resource.split(':').slice(-2).join(':');
}

function detailOf(state: AslState): string | undefined {
  switch (state.Type) {
    case 'Task':
      return typeof state.Resource === 'string' ? describeResource(state.Resource) : 'Task';
    case 'Wait': {
      if (state.Seconds !== undefined) return `Wait ${String(state.Seconds)} s`;
      if (state.SecondsPath !== undefined) return `Wait ${String(state.SecondsPath)} seconds`;
      const until = state.Timestamp ?? state.TimestampPath;
      return until !== undefined ? `Wait until ${String(until)}` : 'Wait';
    }
    case 'Fail': {
      const error = state.Error ?? state.ErrorPath;
      return error !== undefined ? `Fail · ${String(error)}` : 'Fail';
    }
    case 'Map': {
      const items = state.ItemsPath ?? state.Items;
      const concurrency =
        typeof state.MaxConcurrency === 'number' ? `, ${state.MaxConcurrency} at a time` : '';
      return `Map · ${typeof items === 'string' ? `each of ${items}` : 'each item'}${concurrency}`;
    }
    case 'Parallel': {
      const n = arrayOf(state.Branches).length;
      return `Parallel · ${n} branch${n === 1 ? '' : 'es'}`;
    }
    case 'Choice':
    case 'Pass':
    case 'Succeed':
      return state.Type;
    default:
      return typeof state.Type === 'string' ? state.Type : undefined;
  }
}
