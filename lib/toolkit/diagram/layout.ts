import ELK from 'elkjs';
import type { ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs';
import { allEdges, allNodes, GraphEdge, GraphNode, WorkflowGraph } from './graph-model';
import { fitText, textWidth } from './text-metrics';

/**
 * Places the graph with ELK's layered (Sugiyama) algorithm, top to bottom as the Step Functions
 * console draws it; Parallel branches and Map item processors are laid out inside their state.
 * The result has absolute coordinates, ready to draw.
 */

export const FONT = {
  name: 13,
  detail: 11,
  label: 11,
  group: 12,
} as const;

export const SIZES = {
  stateHeight: 50,
  stateMinWidth: 150,
  stateMaxWidth: 280,
  statePadding: 18,
  /** Extra width for the Choice's pointed ends. */
  choiceTips: 28,
  terminal: { width: 64, height: 28 },
  /** Inside a Parallel or Map: room for its name and detail above the nested graph. */
  groupHeader: 46,
  branchHeader: 24,
  labelMaxWidth: 230,
  labelHeight: 16,
} as const;

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface PlacedNode {
  readonly node: GraphNode;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** 0 at the top level, 1 inside a Parallel branch or a Map, ... */
  readonly depth: number;
}

export interface PlacedLabel {
  /** What is drawn: the label, cut to fit. */
  readonly text: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedEdge {
  readonly edge: GraphEdge;
  /** The state names at either end (empty for the Start and End markers). */
  readonly fromState: string;
  readonly toState: string;
  readonly points: readonly Point[];
  readonly label?: PlacedLabel;
}

export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  /** Outer nodes before the nodes they contain. */
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

const MARGIN = 16;

const ROOT_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '36',
  'elk.layered.spacing.edgeNodeBetweenLayers': '18',
  'elk.layered.spacing.edgeEdgeBetweenLayers': '12',
  'elk.spacing.nodeNode': '28',
  'elk.spacing.edgeNode': '18',
  'elk.spacing.edgeEdge': '12',
  'elk.spacing.edgeLabel': '4',
  'elk.spacing.labelNode': '6',
  // States come in reading order (see graph-model.ts): keep it, so the main line stays on the left.
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'true',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  // A state machine is small and its model order already good: more passes cost seconds, gain little.
  'elk.layered.thoroughness': '1',
  'elk.edgeLabels.inline': 'false',
  'elk.padding': '[top=0,left=0,bottom=0,right=0]',
};

let instance: InstanceType<typeof ELK> | undefined;
/** One ELK for the process: it runs in this thread (elkjs's fake worker), one layout at a time. */
const elk = () => (instance ??= new ELK());

export async function layoutWorkflow(graph: WorkflowGraph): Promise<DiagramLayout> {
  const root: ElkNode = { id: 'root', layoutOptions: ROOT_OPTIONS, ...elkScope(graph) };
  const laid = await elk().layout(root);

  const nodes: PlacedNode[] = [];
  const edges: PlacedEdge[] = [];
  const byId = new Map(allNodes(graph).map((n) => [n.id, n]));
  const edgeById = new Map(allEdges(graph).map((e) => [e.id, e]));

  const visit = (elk: ElkNode, offset: Point, depth: number) => {
    for (const child of elk.children ?? []) {
      const x = offset.x + (child.x ?? 0);
      const y = offset.y + (child.y ?? 0);
      nodes.push({
        node: byId.get(child.id)!,
        x: x + MARGIN,
        y: y + MARGIN,
        width: child.width ?? 0,
        height: child.height ?? 0,
        depth,
      });
      visit(child, { x, y }, depth + 1);
    }
    for (const e of elk.edges ?? []) {
      const edge = edgeById.get(e.id)!;
      const points: Point[] = [];
      for (const section of e.sections ?? []) {
        for (const p of [section.startPoint, ...(section.bendPoints ?? []), section.endPoint]) {
          points.push({ x: offset.x + p.x + MARGIN, y: offset.y + p.y + MARGIN });
        }
      }
      const l = e.labels?.[0];
      edges.push({
        edge,
        fromState: stateName(byId.get(edge.from)!),
        toState: stateName(byId.get(edge.to)!),
        points,
        label:
          l && l.text !== undefined
            ? {
                text: l.text,
                x: offset.x + (l.x ?? 0) + MARGIN,
                y: offset.y + (l.y ?? 0) + MARGIN,
                width: l.width ?? 0,
                height: l.height ?? 0,
              }
            : undefined,
      });
    }
  };
  visit(laid, { x: 0, y: 0 }, 0);
  return {
    width: Math.ceil((laid.width ?? 0) + 2 * MARGIN),
    height: Math.ceil((laid.height ?? 0) + 2 * MARGIN),
    nodes,
    edges,
  };
}

function stateName(node: GraphNode): string {
  return node.kind === 'state' ? node.name : '';
}

function elkScope(graph: WorkflowGraph): Pick<ElkNode, 'children' | 'edges'> {
  return {
    children: graph.nodes.map(elkNode),
    edges: graph.edges.map(elkEdge),
  };
}

function elkNode(node: GraphNode): ElkNode {
  if (node.inner) {
    const header = node.kind === 'branch' ? SIZES.branchHeader : SIZES.groupHeader;
    const minWidth = Math.max(headerWidth(node), 120);
    const options: LayoutOptions = {
      ...ROOT_OPTIONS,
      'elk.padding': `[top=${header},left=14,bottom=14,right=14]`,
      'elk.nodeSize.constraints': 'MINIMUM_SIZE',
      'elk.nodeSize.minimum': `(${minWidth}, ${header + 20})`,
      // A Parallel's branches stand side by side.
      ...(node.stateType === 'Parallel'
        ? {
            'elk.direction': 'RIGHT',
            'elk.spacing.nodeNode': '20',
            'elk.spacing.componentComponent': '20',
            'elk.layered.considerModelOrder.components': 'MODEL_ORDER',
          }
        : {}),
    };
    return { id: node.id, layoutOptions: options, ...elkScope(node.inner) };
  }
  if (node.kind === 'end') {
    // One port on top: every way to the end arrives at the same point, as one bus.
    return {
      id: node.id,
      ...nodeSize(node),
      layoutOptions: { 'elk.portConstraints': 'FIXED_SIDE' },
      ports: [{ id: `${node.id}-in`, width: 1, height: 1, layoutOptions: { 'elk.port.side': 'NORTH' } }],
    };
  }
  return { id: node.id, ...nodeSize(node) };
}

/** The size a leaf node is drawn at. */
export function nodeSize(node: GraphNode): { width: number; height: number } {
  if (node.kind === 'start' || node.kind === 'end') return { ...SIZES.terminal };
  const text = Math.max(
    textWidth(node.name, FONT.name, true),
    node.detail ? textWidth(node.detail, FONT.detail) : 0,
  );
  const tips = node.stateType === 'Choice' ? SIZES.choiceTips : 0;
  const retry = node.retries.length > 0 ? 16 : 0;
  const width = Math.min(
    SIZES.stateMaxWidth,
    Math.max(SIZES.stateMinWidth, Math.ceil(text + 2 * SIZES.statePadding + tips + retry)),
  );
  return { width, height: SIZES.stateHeight };
}

function headerWidth(node: GraphNode): number {
  const name = textWidth(node.name, node.kind === 'branch' ? FONT.detail : FONT.group, true);
  const detail = node.detail ? textWidth(node.detail, FONT.detail) : 0;
  return Math.ceil(Math.max(name, detail) + 40 + (node.retries.length > 0 ? 40 : 0));
}

function elkEdge(edge: GraphEdge): ElkExtendedEdge {
  const target = edge.kind === 'end' ? `${edge.to}-in` : edge.to;
  const elk: ElkExtendedEdge = { id: edge.id, sources: [edge.from], targets: [target] };
  // The main line (start, next, a Choice's first rule) is kept straight; branches bend off it.
  if (edge.kind === 'next' || edge.kind === 'start' || edge.kind === 'choice') {
    elk.layoutOptions = { 'elk.layered.priority.straightness': '10' };
  }
  if (edge.label) {
    const text = fitText(edge.label, FONT.label, SIZES.labelMaxWidth);
    elk.labels = [
      {
        text,
        width: Math.ceil(textWidth(text, FONT.label) + 10),
        height: SIZES.labelHeight,
        layoutOptions: { 'elk.edgeLabels.placement': 'CENTER' },
      },
    ];
  }
  return elk;
}
