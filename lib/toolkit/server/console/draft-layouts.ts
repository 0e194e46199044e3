/**
 * Layouts of the editor's drafts, reused across edits that move nothing. ELK takes over a second
 * for the order workflow on a small machine, and most edits (a comment, Parameters, a retrier's
 * numbers) change no box and no label: the layout depends only on the graph's names, details,
 * edge labels and which states retry. So layouts are kept by that, and each drawing binds the
 * latest graph's nodes and edges (same structure, same ids) to the kept positions.
 */
import {
  allEdges,
  allNodes,
  buildDraftGraph,
  DiagramLayout,
  layoutWorkflow,
  renderSvg,
  WorkflowGraph,
} from '../../diagram';

const CACHE_SIZE = 50;

export class DraftLayouts {
  private readonly layouts = new Map<string, Promise<DiagramLayout>>();

  /** The SVG of a draft definition (valid or not); rejects when it cannot be drawn. */
  async svg(definition: unknown, title: string): Promise<string> {
    const graph = buildDraftGraph(definition);
    const layout = await this.layout(graph);
    return renderSvg(bind(layout, graph), { title, embedStyle: false });
  }

  private layout(graph: WorkflowGraph): Promise<DiagramLayout> {
    const key = layoutKey(graph);
    let layout = this.layouts.get(key);
    if (!layout) {
      layout = layoutWorkflow(graph);
      layout.catch(() => this.layouts.delete(key));
      if (this.layouts.size >= CACHE_SIZE) this.layouts.delete(this.layouts.keys().next().value!);
      this.layouts.set(key, layout);
    }
    return layout;
  }
}

/** What a layout depends on: the graph without tooltips, and retries only as "has some". */
export function layoutKey(graph: WorkflowGraph): string {
  return JSON.stringify(graph, (key, value: unknown) =>
    key === 'description' ? undefined : key === 'retries' ? (value as unknown[]).length > 0 : value,
  );
}

/** The kept layout with the latest graph's nodes and edges (tooltips, retry badges). */
function bind(layout: DiagramLayout, graph: WorkflowGraph): DiagramLayout {
  const nodes = new Map(allNodes(graph).map((n) => [n.id, n]));
  const edges = new Map(allEdges(graph).map((e) => [e.id, e]));
  return {
    ...layout,
    nodes: layout.nodes.map((p) => ({ ...p, node: nodes.get(p.node.id) ?? p.node })),
    edges: layout.edges.map((p) => ({ ...p, edge: edges.get(p.edge.id) ?? p.edge })),
  };
}
