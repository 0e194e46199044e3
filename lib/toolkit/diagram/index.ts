import { buildWorkflowGraph } from './graph-model';
import { layoutWorkflow } from './layout';
import { renderSvg, SvgOptions } from './svg';

export { allEdges, allNodes, buildDraftGraph, buildWorkflowGraph } from './graph-model';
export type { EdgeKind, GraphEdge, GraphNode, StateType, WorkflowGraph } from './graph-model';
export { layoutWorkflow } from './layout';
export type { DiagramLayout, PlacedEdge, PlacedNode } from './layout';
export { DIAGRAM_CSS, renderSvg } from './svg';
export type { SvgOptions } from './svg';

/** A state machine's definition (plain ASL, as the local runtime holds it) drawn as SVG. */
export async function renderStateMachineSvg(definition: unknown, options: SvgOptions = {}): Promise<string> {
  return renderSvg(await layoutWorkflow(buildWorkflowGraph(definition)), options);
}
