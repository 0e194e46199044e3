import { allEdges, allNodes, buildWorkflowGraph } from '../../../../lib/toolkit/diagram/graph-model';
import { DiagramLayout, layoutWorkflow, PlacedNode } from '../../../../lib/toolkit/diagram/layout';
import { renderSvg } from '../../../../lib/toolkit/diagram/svg';
import { renderStateMachineSvg } from '../../../../lib/toolkit/diagram';
import { AslState, definitionOf, synthWorkflow } from '../../../support/synth';

const NESTED = {
  StartAt: 'Fan out',
  States: {
    'Fan out': {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'Reserve',
          States: {
            Reserve: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:updateItem', Next: 'Reserved?' },
            'Reserved?': {
              Type: 'Choice',
              Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Reserved' }],
              Default: 'Out',
            },
            Reserved: { Type: 'Succeed' },
            Out: { Type: 'Fail', Error: 'OutOfStock' },
          },
        },
        { StartAt: 'Pause', States: { Pause: { Type: 'Wait', Seconds: 5, End: true } } },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Cleanup' }],
      Next: 'Each item',
    },
    'Each item': {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemProcessor: {
        StartAt: 'Price',
        States: {
          Price: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Next: 'Tax' },
          Tax: { Type: 'Pass', End: true },
        },
      },
      End: true,
    },
    Cleanup: { Type: 'Fail', Error: 'FanOutFailed' },
  },
};

const inside = (inner: PlacedNode, outer: PlacedNode) =>
  inner.x >= outer.x &&
  inner.y >= outer.y &&
  inner.x + inner.width <= outer.x + outer.width &&
  inner.y + inner.height <= outer.y + outer.height;

const overlap = (a: PlacedNode, b: PlacedNode) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** Distance from a point to the border of a node's box (0 when on it). */
function distanceToBorder(p: { x: number; y: number }, n: PlacedNode): number {
  const dx = Math.max(n.x - p.x, 0, p.x - (n.x + n.width));
  const dy = Math.max(n.y - p.y, 0, p.y - (n.y + n.height));
  const outside = Math.hypot(dx, dy);
  if (outside > 0) return outside;
  return Math.min(p.x - n.x, n.x + n.width - p.x, p.y - n.y, n.y + n.height - p.y);
}

function checkGeometry(layout: DiagramLayout) {
  const byId = new Map(layout.nodes.map((n) => [n.node.id, n]));
  // Every edge, nested ones included, runs from the border of its source to the border of its target.
  for (const { edge, points } of layout.edges) {
    expect(points.length).toBeGreaterThanOrEqual(2);
    expect(distanceToBorder(points[0], byId.get(edge.from)!)).toBeLessThan(2);
    expect(distanceToBorder(points[points.length - 1], byId.get(edge.to)!)).toBeLessThan(2);
  }
  // Groups hold what they contain; states of one scope do not overlap.
  for (const placed of layout.nodes) {
    for (const child of placed.node.inner?.nodes ?? [])
      expect(inside(byId.get(child.id)!, placed)).toBe(true);
  }
  const leaves = layout.nodes.filter((n) => !n.node.inner);
  for (const a of leaves) for (const b of leaves) if (a !== b) expect(overlap(a, b)).toBe(false);
  for (const n of layout.nodes) {
    expect(n.x + n.width).toBeLessThanOrEqual(layout.width);
    expect(n.y + n.height).toBeLessThanOrEqual(layout.height);
  }
}

describe('diagram layout and SVG', () => {
  it('lays out nested Parallel branches and Map processors inside their state, edges attached to their ends', async () => {
    const graph = buildWorkflowGraph(NESTED);
    const layout = await layoutWorkflow(graph);
    expect(layout.nodes).toHaveLength(allNodes(graph).length);
    expect(layout.edges).toHaveLength(allEdges(graph).length);
    checkGeometry(layout);
    const depth = (name: string) => layout.nodes.find((n) => n.node.name === name)!.depth;
    expect([depth('Fan out'), depth('Branch 1'), depth('Reserve'), depth('Price')]).toEqual([0, 1, 2, 1]);
    // The branches stand side by side, in order.
    const [one, two] = ['Branch 1', 'Branch 2'].map((name) =>
      layout.nodes.find((n) => n.node.name === name)!,
    );
    expect(one.x + one.width).toBeLessThanOrEqual(two.x);
  });

  it('draws every state with its name and type as data attributes, and every edge by kind', async () => {
    const svg = await renderStateMachineSvg(NESTED, { title: 'Nested (STANDARD)' });
    for (const [name, type] of [
      ['Fan out', 'Parallel'],
      ['Reserve', 'Task'],
      ['Reserved?', 'Choice'],
      ['Reserved', 'Succeed'],
      ['Out', 'Fail'],
      ['Pause', 'Wait'],
      ['Each item', 'Map'],
      ['Price', 'Task'],
      ['Tax', 'Pass'],
      ['Cleanup', 'Fail'],
    ]) {
      expect(svg).toContain(`data-state-name="${name}" data-state-type="${type}"`);
    }
    expect(svg).toMatch(/class="state state-parallel group"/);
    expect(svg).toMatch(/class="state state-map group"/);
    expect(svg.match(/class="branch"/g)).toHaveLength(2);
    expect(svg).toMatch(/class="edge edge-catch"[^>]*data-from="Fan out" data-to="Cleanup"/);
    expect(svg).toMatch(/class="edge edge-choice"[^>]*data-from="Reserved\?" data-to="Reserved"/);
    expect(svg).toMatch(/class="edge edge-default"[^>]*data-from="Reserved\?" data-to="Out"/);
    expect(svg).toContain('>$.ok == true</text>');
    expect(svg).toContain('>catch States.ALL</text>');
    expect(svg).toContain('<title>Nested (STANDARD)</title>');
    expect(svg).toContain('<style>');
  });

  it('escapes names and conditions, and leaves the stylesheet out when asked', async () => {
    const svg = await renderStateMachineSvg(
      {
        StartAt: 'Is <b> & "c"?',
        States: {
          'Is <b> & "c"?': {
            Type: 'Choice',
            Choices: [{ Variable: '$.x', StringEquals: '<script>', Next: 'Yes' }],
            Default: 'Yes',
          },
          Yes: { Type: 'Succeed' },
        },
      },
      { embedStyle: false, legend: false },
    );
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('data-state-name="Is &#60;b&#62; &#38; &#34;c&#34;?"');
    expect(svg).toContain('$.x == &#34;&#60;script&#62;&#34;');
    expect(svg).not.toContain('<style>');
    expect(svg).not.toContain('class="legend"');
  });

  it('cuts a long name to fit its node, and keeps the whole name in the tooltip', async () => {
    // As long as AWS allows a state name (80 characters), far wider than a node.
    const name = 'Ask the warehouse in the north whether every item of this order ships today';
    const layout = await layoutWorkflow(
      buildWorkflowGraph({ StartAt: name, States: { [name]: { Type: 'Pass', End: true } } }),
    );
    const placed = layout.nodes.find((n) => n.node.name === name)!;
    expect(placed.width).toBe(280);
    const svg = renderSvg(layout);
    expect(svg).toContain(`data-state-name="${name}"`);
    expect(svg).toContain(`<title>${name} (Pass)</title>`);
    const shown = /<text class="name"[^>]*>([^<]*)<\/text>/.exec(
      svg.slice(svg.indexOf(`data-state-name="${name}"`)),
    )![1];
    expect(shown).toMatch(/^Ask the warehouse .*…$/);
    expect(shown.length).toBeLessThan(name.length);
  });

  it('draws the order workflow: every state, every Catch, retries marked, a legend', async () => {
    const { definition } = definitionOf(synthWorkflow().template);
    const states = definition.States as Record<string, AslState>;
    const layout = await layoutWorkflow(buildWorkflowGraph(definition));
    checkGeometry(layout);
    const svg = renderSvg(layout);
    for (const name of Object.keys(states)) {
      expect(svg.split(`data-state-name="${name}"`)).toHaveLength(2);
    }
    const catchers = Object.values(states).flatMap((s) => s.Catch ?? []);
    expect(svg.match(/class="edge edge-catch"/g)).toHaveLength(catchers.length);
    const retried = Object.values(states).filter((s) => s.Retry?.length);
    expect(svg.match(/<g class="retry" transform/g)).toHaveLength(retried.length + 1); // + the legend's
    expect(svg).toMatch(/<g class="legend">/);
  });
});
