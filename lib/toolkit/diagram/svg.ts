import type { GraphNode } from './graph-model';
import { DiagramLayout, FONT, PlacedEdge, PlacedNode, Point, SIZES } from './layout';
import { fitText, textWidth } from './text-metrics';

/**
 * Draws a laid-out workflow as SVG. Every state is a `<g class="state ...">` carrying
 * `data-state-name` and `data-state-type`; every edge a `<g class="edge ...">` carrying
 * `data-from`, `data-to` (state names, empty for Start and End) and `data-kind`, so a page can
 * color the path an execution took with CSS classes alone (see {@link DIAGRAM_CSS}).
 */

export interface SvgOptions {
  /** Shown as the SVG's `<title>`. */
  readonly title?: string;
  /**
   * Put the stylesheet inside the SVG (a standalone file). The console leaves it out and links
   * {@link DIAGRAM_CSS} instead, so its Content-Security-Policy needs no inline styles.
   * @default true
   */
  readonly embedStyle?: boolean;
  /** @default true */
  readonly legend?: boolean;
}

const FONT_STACK = `'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', sans-serif`;
const LEGEND_HEIGHT = 34;

/** The diagram's stylesheet: state and edge styles, and the classes a console adds for an execution. */
export const DIAGRAM_CSS = `
.sfn-graph { font-family: ${FONT_STACK}; }
.sfn-graph text { fill: #1f2328; }
.sfn-graph .shape { stroke-width: 1.5; }
.sfn-graph .name { font-size: ${FONT.name}px; font-weight: 600; }
.sfn-graph .detail { font-size: ${FONT.detail}px; fill: #59636e; }
.sfn-graph .state-task > .shape { fill: #eef4ff; stroke: #3b6fd8; }
.sfn-graph .state-choice > .shape { fill: #f5f0ff; stroke: #8250df; }
.sfn-graph .state-pass > .shape { fill: #f6f8fa; stroke: #6e7781; stroke-dasharray: 5 3; }
.sfn-graph .state-wait > .shape { fill: #fff8e5; stroke: #bf8700; }
.sfn-graph .state-succeed > .shape { fill: #e9f8ee; stroke: #1a7f37; }
.sfn-graph .state-fail > .shape { fill: #fff0ef; stroke: #cf222e; }
.sfn-graph .state-unknown > .shape { fill: #ffffff; stroke: #6e7781; }
.sfn-graph .group > .shape { fill: #f8fafc; stroke: #57606a; stroke-dasharray: 6 4; }
.sfn-graph .state-map.group > .shape { fill: #f3f8ff; }
.sfn-graph .group > .name { font-size: ${FONT.group}px; }
.sfn-graph .branch > .shape { fill: #ffffff; stroke: #d0d7de; }
.sfn-graph .branch > .name { font-size: ${FONT.detail}px; font-weight: 600; fill: #59636e; }
.sfn-graph .terminal > .shape { fill: #424a53; stroke: #424a53; }
.sfn-graph .terminal > .name { fill: #ffffff; font-size: ${FONT.detail}px; font-weight: 600; }
.sfn-graph .retry > rect { fill: #ffffff; stroke: #bf8700; stroke-width: 1; }
.sfn-graph .retry > text { font-size: 10px; font-weight: 600; fill: #9a6700; }
.sfn-graph .edge > path { fill: none; stroke: #6e7781; stroke-width: 1.4; marker-end: url(#sfn-arrow); }
.sfn-graph .edge-choice > path { stroke: #8250df; marker-end: url(#sfn-arrow-choice); }
.sfn-graph .edge-default > path { stroke: #8250df; stroke-dasharray: 2 3; marker-end: url(#sfn-arrow-choice); }
.sfn-graph .edge-catch > path { stroke: #d4700a; stroke-dasharray: 7 4; marker-end: url(#sfn-arrow-catch); }
.sfn-graph .edge-label > rect { fill: #ffffff; fill-opacity: 0.92; stroke: none; }
.sfn-graph .edge-label > text { font-size: ${FONT.label}px; fill: #57606a; }
.sfn-graph .edge-choice .edge-label > text, .sfn-graph .edge-default .edge-label > text { fill: #6639ba; }
.sfn-graph .edge-catch .edge-label > text { fill: #b35900; font-style: italic; }
.sfn-graph .legend text { font-size: 11px; fill: #59636e; }
.sfn-graph .legend path { fill: none; stroke-width: 1.4; }

/* An execution drawn over the graph: the console adds these classes. */
.sfn-graph.has-execution .state:not(.visited):not(.group) > .shape,
.sfn-graph.has-execution .state:not(.visited) > text,
.sfn-graph.has-execution .terminal:not(.visited) > .shape { opacity: 0.45; }
.sfn-graph.has-execution .edge:not(.taken) { opacity: 0.3; }
.sfn-graph .edge.taken > path { stroke: #1f2328; stroke-width: 2.6; stroke-dasharray: none; marker-end: url(#sfn-arrow-taken); }
.sfn-graph .edge-catch.taken > path { stroke: #bc4c00; marker-end: url(#sfn-arrow-caught); }
.sfn-graph .state.exec-succeeded > .shape { fill: #d2f4dc; stroke: #1a7f37; stroke-width: 3; stroke-dasharray: none; }
.sfn-graph .state.exec-failed > .shape { fill: #ffd8d3; stroke: #cf222e; stroke-width: 3; stroke-dasharray: none; }
.sfn-graph .state.exec-caught > .shape { fill: #ffe7c7; stroke: #bc4c00; stroke-width: 3; stroke-dasharray: none; }
.sfn-graph .state.exec-running > .shape { fill: #d6ebff; stroke: #0969da; stroke-width: 3; stroke-dasharray: none; animation: sfn-running 1.2s ease-in-out infinite; }
.sfn-graph .state.group.exec-succeeded > .shape, .sfn-graph .state.group.exec-failed > .shape,
.sfn-graph .state.group.exec-caught > .shape, .sfn-graph .state.group.exec-running > .shape { fill-opacity: 0.35; }
.sfn-graph .terminal.visited > .shape { fill: #1a7f37; stroke: #1a7f37; }
.sfn-graph .terminal.visited.exec-failed > .shape { fill: #cf222e; stroke: #cf222e; }
@keyframes sfn-running { 50% { stroke-opacity: 0.35; } }
`.trim();

export function renderSvg(layout: DiagramLayout, options: SvgOptions = {}): string {
  const legend = options.legend ?? true;
  const width = Math.max(layout.width, legend ? 560 : 0);
  const height = layout.height + (legend ? LEGEND_HEIGHT : 0);
  const groups = layout.nodes.filter((n) => n.node.inner);
  const leaves = layout.nodes.filter((n) => !n.node.inner);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="sfn-graph" viewBox="0 0 ${width} ${height}" ` +
      `width="${width}" height="${height}" role="img"${options.title ? ` aria-label="${esc(options.title)}"` : ''}>`,
  ];
  if (options.title) out.push(`<title>${esc(options.title)}</title>`);
  if (options.embedStyle ?? true) out.push(`<style>${DIAGRAM_CSS}</style>`);
  out.push(
    '<defs>',
    marker('sfn-arrow', '#6e7781'),
    marker('sfn-arrow-choice', '#8250df'),
    marker('sfn-arrow-catch', '#d4700a'),
    marker('sfn-arrow-taken', '#1f2328'),
    marker('sfn-arrow-caught', '#bc4c00'),
    '</defs>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  );
  // A graph narrower than the legend stands in the middle.
  const dx = Math.floor((width - layout.width) / 2);
  out.push(dx > 0 ? `<g transform="translate(${dx},0)">` : '<g>');
  out.push('<g class="groups">', ...groups.map(drawGroup), '</g>');
  out.push('<g class="edges">', ...layout.edges.map(drawEdge), '</g>');
  out.push('<g class="states">', ...leaves.map(drawNode), '</g>');
  out.push('</g>');
  if (legend) out.push(drawLegend(layout.height));
  out.push('</svg>');
  return out.join('\n');
}

function marker(id: string, color: string): string {
  return (
    `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">` +
    `<path d="M0,1 L10,5 L0,9 z" fill="${color}"/></marker>`
  );
}

function stateAttributes(node: GraphNode, extraClass = ''): string {
  const type = (node.stateType ?? 'unknown').toLowerCase();
  return (
    `class="state state-${type}${extraClass}" data-state-name="${esc(node.name)}" ` +
    `data-state-type="${esc(node.stateType ?? '')}" data-node-id="${node.id}"` +
    (node.path === undefined ? '' : ` data-state-path="${esc(node.path)}"`)
  );
}

function drawNode(placed: PlacedNode): string {
  const { node, x, y, width: w, height: h } = placed;
  const at = `transform="translate(${r(x)},${r(y)})"`;
  const title = `<title>${esc(node.description.join('\n'))}</title>`;
  if (node.kind === 'start' || node.kind === 'end') {
    return [
      `<g class="terminal terminal-${node.kind}" data-node-id="${node.id}" ${at}>`,
      `<rect class="shape" width="${w}" height="${h}" rx="${h / 2}"/>`,
      `<text class="name" x="${w / 2}" y="${h / 2 + 4}" text-anchor="middle">${node.name}</text>`,
      '</g>',
    ].join('');
  }
  const shape =
    node.stateType === 'Choice'
      ? `<polygon class="shape" points="${hexagon(w, h)}"/>`
      : `<rect class="shape" width="${w}" height="${h}" rx="${node.stateType === 'Succeed' || node.stateType === 'Fail' ? h / 2 : 6}"/>`;
  const inset =
    (node.stateType === 'Choice' ? SIZES.choiceTips : 0) + 2 * 10 + (node.retries.length ? 16 : 0);
  const name = fitText(node.name, FONT.name, w - inset, true);
  const lines = node.detail
    ? `<text class="name" x="${w / 2}" y="21" text-anchor="middle">${esc(name)}</text>` +
      `<text class="detail" x="${w / 2}" y="37" text-anchor="middle">${esc(fitText(node.detail, FONT.detail, w - inset))}</text>`
    : `<text class="name" x="${w / 2}" y="${h / 2 + 4.5}" text-anchor="middle">${esc(name)}</text>`;
  return `<g ${stateAttributes(node)} ${at}>${title}${shape}${lines}${retryBadge(placed)}</g>`;
}

function drawGroup(placed: PlacedNode): string {
  const { node, x, y, width: w, height: h } = placed;
  const at = `transform="translate(${r(x)},${r(y)})"`;
  const title = `<title>${esc(node.description.join('\n'))}</title>`;
  if (node.kind === 'branch') {
    return (
      `<g class="branch" data-node-id="${node.id}" ${at}>${title}` +
      `<rect class="shape" width="${r(w)}" height="${r(h)}" rx="8"/>` +
      `<text class="name" x="10" y="16">${esc(node.name)}</text></g>`
    );
  }
  const detail = node.detail
    ? `<text class="detail" x="12" y="36">${esc(fitText(node.detail, FONT.detail, w - 24))}</text>`
    : '';
  return (
    `<g ${stateAttributes(node, ' group')} ${at}>${title}` +
    `<rect class="shape" width="${r(w)}" height="${r(h)}" rx="10"/>` +
    `<text class="name" x="12" y="19">${esc(fitText(node.name, FONT.group, w - 60, true))}</text>` +
    `${detail}${retryBadge(placed)}</g>`
  );
}

function retryBadge(placed: PlacedNode): string {
  const { retries } = placed.node;
  if (retries.length === 0) return '';
  const text = `↻ ${retries.map((x) => x.maxAttempts).join('+')}`;
  const w = Math.ceil(textWidth(text, 10, true) + 10);
  const tip = retries.map((x) => `Retry ${x.errors.join(', ')}: ${x.text}`).join('\n');
  return (
    `<g class="retry" transform="translate(${r(placed.width - w - 6)},-8)"><title>${esc(tip)}</title>` +
    `<rect width="${w}" height="16" rx="8"/><text x="${w / 2}" y="11.5" text-anchor="middle">${esc(text)}</text></g>`
  );
}

function drawEdge(placed: PlacedEdge): string {
  const { edge, label } = placed;
  const attributes =
    `class="edge edge-${edge.kind}" data-edge-id="${edge.id}" data-kind="${edge.kind}" ` +
    `data-from="${esc(placed.fromState)}" data-to="${esc(placed.toState)}"`;
  const title = edge.label ? `<title>${esc(edge.label)}</title>` : '';
  const text = label
    ? `<g class="edge-label"><rect x="${r(label.x)}" y="${r(label.y)}" width="${r(label.width)}" height="${r(label.height)}" rx="3"/>` +
      `<text x="${r(label.x + label.width / 2)}" y="${r(label.y + label.height - 4.5)}" text-anchor="middle">${esc(label.text)}</text></g>`
    : '';
  return `<g ${attributes}>${title}<path d="${roundedPath(placed.points)}"/>${text}</g>`;
}

function drawLegend(top: number): string {
  const y = top + 18;
  const items: Array<[string, string, string]> = [
    ['#6e7781', '', 'next'],
    ['#8250df', '', 'choice rule'],
    ['#8250df', '2 3', 'default'],
    ['#d4700a', '7 4', 'catch'],
  ];
  let x = 16;
  const parts: string[] = [];
  for (const [color, dash, text] of items) {
    parts.push(
      `<path d="M${x},${y - 4} h26" stroke="${color}"${dash ? ` stroke-dasharray="${dash}"` : ''}/>` +
        `<text x="${x + 32}" y="${y}">${text}</text>`,
    );
    x += 32 + Math.ceil(textWidth(text, 11)) + 22;
  }
  parts.push(
    `<g class="retry" transform="translate(${x},${y - 12})"><rect width="28" height="16" rx="8"/>` +
      `<text x="14" y="11.5" text-anchor="middle">↻ 3</text></g><text x="${x + 34}" y="${y}">retries (max attempts)</text>`,
  );
  return `<g class="legend">${parts.join('')}</g>`;
}

/** A polyline with its corners rounded. */
function roundedPath(points: readonly Point[]): string {
  if (points.length === 0) return '';
  const radius = 6;
  let d = `M${r(points[0].x)},${r(points[0].y)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [a, b, c] = [points[i - 1], points[i], points[i + 1]];
    const inLen = Math.hypot(b.x - a.x, b.y - a.y);
    const outLen = Math.hypot(c.x - b.x, c.y - b.y);
    const k = Math.min(radius, inLen / 2, outLen / 2);
    if (k < 0.5) {
      d += ` L${r(b.x)},${r(b.y)}`;
      continue;
    }
    const p1 = { x: b.x - ((b.x - a.x) / inLen) * k, y: b.y - ((b.y - a.y) / inLen) * k };
    const p2 = { x: b.x + ((c.x - b.x) / outLen) * k, y: b.y + ((c.y - b.y) / outLen) * k };
    d += ` L${r(p1.x)},${r(p1.y)} Q${r(b.x)},${r(b.y)} ${r(p2.x)},${r(p2.y)}`;
  }
  const last = points[points.length - 1];
  return `${d} L${r(last.x)},${r(last.y)}`;
}

function hexagon(w: number, h: number): string {
  const tip = SIZES.choiceTips / 2;
  return [
    [0, h / 2],
    [tip, 0],
    [w - tip, 0],
    [w, h / 2],
    [w - tip, h],
    [tip, h],
  ]
    .map(([x, y]) => `${r(x)},${r(y)}`)
    .join(' ');
}

function r(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Escapes text for XML content and attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
