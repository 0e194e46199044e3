/**
 * The graph of a state machine, read from its parsed model: one node per state, one edge per
 * transition (Next, End, each Choice rule and the Default, each Catch), and Parallel branches and
 * Map item processors as nested graphs. No layout here: see `layout.ts`.
 */
import {
  buildStateMachine,
  catchersOf,
  nextOf,
  requireStateMachine,
  retriersOf,
  taskArguments,
  type Retrier,
  type State,
  type StateMachine,
  type StateType,
  type TaskState,
} from '../asl/model';
import { isObject } from '../asl/json';
import { describeChoiceRule } from './choice-conditions';
import { detailOf } from './state-detail';

export type { StateType };

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
  /**
   * Where the state is in the definition, as ValidateStateMachineDefinition locates problems
   * (`/States/Fan out/Branches[0]/States/Pay`): the editor selects a state by it. States only.
   */
  readonly path?: string;
  /** A state's type (absent on Start, End and branches). */
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

/**
 * Builds the graph of a definition (plain ASL, as the local runtime holds it). Throws
 * InvalidDefinitionError, with the problems AWS would report, for a definition AWS would refuse.
 */
export function buildWorkflowGraph(definition: unknown): WorkflowGraph {
  return graphOfMachine(requireStateMachine(definition));
}

/** The graph of a parsed state machine. */
export function graphOfMachine(machine: StateMachine): WorkflowGraph {
  return buildScope(machine, { node: 0, edge: 0 }, true, '');
}

/**
 * The graph of a definition being edited, which may be invalid: it is read without validation, a
 * transition to a state that does not exist is left out, and a state without a target simply ends.
 * The editor draws it while the diagnostics say what is wrong. Throws when there is no StartAt or
 * States to draw, or a field is too broken to read.
 */
export function buildDraftGraph(definition: unknown): WorkflowGraph {
  return graphOfMachine(buildStateMachine(definition));
}

/** Every node of the graph, nested ones included, depth first. */
export function allNodes(graph: WorkflowGraph): GraphNode[] {
  return graph.nodes.flatMap((n) => [n, ...(n.inner ? allNodes(n.inner) : [])]);
}

/** Every edge of the graph, nested ones included. */
export function allEdges(graph: WorkflowGraph): GraphEdge[] {
  return [...graph.edges, ...graph.nodes.flatMap((n) => (n.inner ? allEdges(n.inner) : []))];
}

type Ids = { node: number; edge: number };

function buildScope(scope: StateMachine, ids: Ids, top: boolean, prefix: string): WorkflowGraph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const byName = new Map<string, string>();
  const newEdge = (edge: Omit<GraphEdge, 'id'>) => edges.push({ id: `e${ids.edge++}`, ...edge });
  const order = readingOrder(scope);

  const start = top ? marker(ids, 'start', 'Start') : undefined;
  if (start) nodes.push(start);
  for (const name of order) {
    const node = stateNode(ids, scope.States[name], `${prefix}/States/${name}`);
    nodes.push(node);
    byName.set(name, node.id);
  }
  const end = top ? marker(ids, 'end', 'End') : undefined;
  const target = (name: string | undefined) => (name === undefined ? undefined : byName.get(name));

  const first = target(scope.StartAt);
  if (start && first) newEdge({ from: start.id, to: first, kind: 'start' });
  for (const name of order) {
    const state = scope.States[name];
    const from = byName.get(name)!;
    const next = target(nextOf(state));
    if (next) newEdge({ from, to: next, kind: 'next' });
    if (isTerminal(state) && end) newEdge({ from, to: end.id, kind: 'end' });
    if (state.Type === 'Choice') {
      for (const rule of state.Choices ?? []) {
        const to = target(rule.Next);
        if (to) newEdge({ from, to, kind: 'choice', label: describeChoiceRule(rule) });
      }
      const fallback = target(state.Default);
      if (fallback) newEdge({ from, to: fallback, kind: 'default', label: 'Default' });
    }
    for (const catcher of catchersOf(state)) {
      const to = target(catcher.Next);
      const errors = [...catcher.ErrorEquals];
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

function stateNode(ids: Ids, state: State, path: string): GraphNode {
  const id = `n${ids.node++}`;
  const { name } = state;
  const retries = retriersOf(state).map(retrySummary);
  const task = state.Type === 'Task' ? state : undefined;
  const description = [
    `${name} (${state.Type})`,
    ...(state.Comment !== undefined ? [state.Comment] : []),
    ...(task ? [`Resource: ${task.Resource.arn}`, ...functionName(task)] : []),
    ...(typeof task?.TimeoutSeconds === 'number' ? [`Timeout: ${task.TimeoutSeconds} s`] : []),
    ...retries.map((r) => `Retry ${r.errors.join(', ')}: ${r.text}`),
  ];
  let inner: WorkflowGraph | undefined;
  if (state.Type === 'Parallel') {
    const branches = state.Branches.map((branch, i): GraphNode => ({
      id: `n${ids.node++}`,
      kind: 'branch',
      name: `Branch ${i + 1}`,
      description: [`${name}, branch ${i + 1}`],
      retries: [],
      inner: buildScope(branch, ids, false, `${path}/Branches[${i}]`),
    }));
    inner = { nodes: branches, edges: [] };
  } else if (state.Type === 'Map') {
    inner = buildScope(state.ItemProcessor, ids, false, `${path}/ItemProcessor`);
  }
  return {
    id,
    kind: 'state',
    name,
    path,
    stateType: state.Type,
    detail: detailOf(state),
    description,
    retries,
    inner,
  };
}

/**
 * The states in the order a person follows them: depth first from StartAt, Next before a Choice's
 * rules, rules before the Default, Catch last; so the layout puts the main line first (on the
 * left, straight down) and the ways out beside it. Unreachable states come last.
 */
function readingOrder(scope: StateMachine): string[] {
  const seen = new Set<string>();
  const order: string[] = [];
  const visit = (name: string | undefined) => {
    if (name === undefined || seen.has(name) || !(name in scope.States)) return;
    seen.add(name);
    order.push(name);
    const state = scope.States[name];
    visit(nextOf(state));
    if (state.Type === 'Choice') {
      for (const rule of state.Choices ?? []) visit(rule.Next);
      visit(state.Default);
    }
    for (const catcher of catchersOf(state)) visit(catcher.Next);
  };
  visit(scope.StartAt);
  for (const name of Object.keys(scope.States)) visit(name);
  return order;
}

/** Whether the state ends its scope: Succeed, Fail, or `End: true`. */
function isTerminal(state: State): boolean {
  return state.Type === 'Succeed' || state.Type === 'Fail' || ('End' in state && state.End === true);
}

function catchLabel(errors: string[]): string {
  const shown = errors.slice(0, 2).join(', ');
  return `catch ${shown}${errors.length > 2 ? ` +${errors.length - 2}` : ''}`;
}

function retrySummary(retrier: Retrier): RetrySummary {
  const { MaxAttempts: maxAttempts = 3, IntervalSeconds: interval = 1, BackoffRate: rate = 2 } = retrier;
  const parts = [`${maxAttempts}× from ${interval} s`, `×${rate}`];
  if (retrier.MaxDelaySeconds !== undefined) parts.push(`at most ${retrier.MaxDelaySeconds} s`);
  if (retrier.JitterStrategy === 'FULL') parts.push('full jitter');
  return { errors: [...retrier.ErrorEquals], maxAttempts, text: parts.join(', ') };
}

/** The function a Lambda task names in its Parameters (JSONPath) or Arguments (JSONata). */
function functionName(task: TaskState): string[] {
  const args = taskArguments(task);
  const fn = isObject(args) ? args.FunctionName : undefined;
  return typeof fn === 'string' ? [`Function: ${fn.split(':function:').pop()}`] : [];
}
