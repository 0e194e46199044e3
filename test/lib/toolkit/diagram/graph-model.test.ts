import { describeChoiceRule } from '../../../../lib/toolkit/diagram/choice-conditions';
import {
  allEdges,
  allNodes,
  buildWorkflowGraph,
  GraphNode,
  WorkflowGraph,
} from '../../../../lib/toolkit/diagram/graph-model';
import { AslState, definitionOf, synthWorkflow } from '../../../support/synth';
import { choiceRuleOf } from './choice-rule';

/** `from -kind-> to` for every edge of one scope, by names. */
function edgesByName(graph: WorkflowGraph): string[] {
  const name = new Map(allNodes(graph).map((n) => [n.id, n.name]));
  return graph.edges.map(
    (e) => `${name.get(e.from)} -${e.kind}${e.label ? `(${e.label})` : ''}-> ${name.get(e.to)}`,
  );
}

function node(graph: WorkflowGraph, name: string): GraphNode {
  const found = allNodes(graph).find((n) => n.name === name);
  if (!found) throw new Error(`no node ${name}`);
  return found;
}

describe('the graph of the order workflow', () => {
  // Checked against the definition itself, so the test follows the workflow as it changes.
  const { definition } = definitionOf(synthWorkflow().template);
  const graph = buildWorkflowGraph(definition);
  const states = definition.States as Record<string, AslState>;
  const edges = edgesByName(graph);

  it('has a node for every state, plus Start and End, each with its type', () => {
    const stateNodes = graph.nodes.filter((n) => n.kind === 'state');
    expect(stateNodes.map((n) => n.name).sort()).toEqual(Object.keys(states).sort());
    for (const n of stateNodes) expect(n.stateType).toBe(states[n.name].Type);
    expect(graph.nodes.filter((n) => n.kind !== 'state').map((n) => n.name)).toEqual(['Start', 'End']);
    expect(node(graph, 'Invalid Order').detail).toBe('Fail · OrderValidationFailed');
    expect(node(graph, 'Process Payment').detail).toBe('Lambda invoke');
  });

  it('puts the main line first, so the layout draws it straight down the left', () => {
    const order = graph.nodes.map((n) => n.name);
    const mainLine = [
      'Start',
      'Validate Order',
      'Check Inventory',
      'Process Payment',
      'Ship Order',
      'Order Completed',
    ];
    const positions = mainLine.map((name) => order.indexOf(name));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(order.indexOf('Order Completed')).toBeLessThan(order.indexOf('Invalid Order'));
  });

  it('draws every Next, each Choice rule with its condition, the Default and the ends', () => {
    expect(edges).toContain(`Start -start-> ${definition.StartAt}`);
    for (const [name, state] of Object.entries(states)) {
      if (state.Next) expect(edges).toContain(`${name} -next-> ${state.Next}`);
      if (state.End || state.Type === 'Succeed' || state.Type === 'Fail')
        expect(edges).toContain(`${name} -end-> End`);
      for (const rule of state.Choices ?? []) {
        expect(edges).toContain(`${name} -choice(${describeChoiceRule(choiceRuleOf(rule))})-> ${rule.Next}`);
      }
      if (state.Default) expect(edges).toContain(`${name} -default(Default)-> ${state.Default}`);
    }
    expect(edges.find((e) => e.startsWith('Check Inventory -choice('))).toMatch(/== true\)->/);
  });

  it('draws every Catch with the errors it matches, apart from Next to the same state', () => {
    for (const [name, state] of Object.entries(states)) {
      for (const catcher of state.Catch ?? []) {
        expect(edges).toContain(`${name} -catch(catch ${catcher.ErrorEquals.join(', ')})-> ${catcher.Next}`);
      }
    }
    expect(edges).toContain('Validate Order -catch(catch OrderValidationFailed)-> Invalid Order');
    expect(edges).toContain('Process Payment -catch(catch PaymentDeclined)-> Notify Payment Declined');
    const catchers = Object.values(states).flatMap((s) => s.Catch ?? []);
    expect(graph.edges.filter((e) => e.kind === 'catch')).toHaveLength(catchers.length);
  });

  it('marks the retries of each task', () => {
    const validate = node(graph, 'Validate Order');
    expect(validate.retries).toHaveLength(states['Validate Order'].Retry!.length);
    expect(validate.retries[0]).toMatchObject({
      maxAttempts: 3,
      text: '3× from 1 s, ×2, at most 10 s, full jitter',
    });
    expect(validate.retries[0].errors).toContain('Lambda.TooManyRequestsException');
    expect(node(graph, 'Check Inventory').retries).toEqual([]);
    expect(validate.description.join('\n')).toMatch(/Retry Lambda\.ServiceException.*: 3× from 1 s/);
  });
});

describe('nested Parallel and Map states', () => {
  const definition = {
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
        Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Cleanup' }],
        Next: 'Each item',
      },
      'Each item': {
        Type: 'Map',
        ItemsPath: '$.items',
        MaxConcurrency: 4,
        ItemProcessor: {
          StartAt: 'Price',
          States: {
            Price: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:1:function:Price', Next: 'Tax' },
            Tax: { Type: 'Pass', End: true },
          },
        },
        End: true,
      },
      Cleanup: { Type: 'Fail', Error: 'FanOutFailed' },
    },
  };
  const graph = buildWorkflowGraph(definition);

  it('holds each Parallel branch as a group with its own states and edges', () => {
    const parallel = node(graph, 'Fan out');
    expect(parallel).toMatchObject({ stateType: 'Parallel', detail: 'Parallel · 2 branches' });
    const branches = parallel.inner!.nodes;
    expect(branches.map((b) => [b.kind, b.name])).toEqual([
      ['branch', 'Branch 1'],
      ['branch', 'Branch 2'],
    ]);
    expect(branches[0].inner!.nodes.map((n) => n.name)).toEqual(['Reserve', 'Reserved?', 'Reserved', 'Out']);
    expect(edgesByName(branches[0].inner!)).toEqual([
      'Reserve -next-> Reserved?',
      'Reserved? -choice($.ok == true)-> Reserved',
      'Reserved? -default(Default)-> Out',
    ]);
    // No Start or End inside a branch: those belong to the execution.
    expect(branches[1].inner!.nodes.map((n) => n.name)).toEqual(['Pause']);
    expect(branches[1].inner!.edges).toEqual([]);
    expect(node(graph, 'Pause').detail).toBe('Wait 5 s');
  });

  it('holds a Map’s item processor as a group, and keeps the outer edges outside', () => {
    const map = node(graph, 'Each item');
    expect(map).toMatchObject({ stateType: 'Map', detail: 'Map · each of $.items, 4 at a time' });
    expect(edgesByName(map.inner!)).toEqual(['Price -next-> Tax']);
    expect(edgesByName(graph)).toEqual([
      'Start -start-> Fan out',
      'Fan out -next-> Each item',
      'Fan out -catch(catch States.ALL)-> Cleanup',
      'Each item -end-> End',
      'Cleanup -end-> End',
    ]);
    expect(node(graph, 'Fan out').retries.map((r) => r.maxAttempts)).toEqual([2]);
  });

  it('gives every node and edge, nested ones too, an id of its own', () => {
    const nodeIds = allNodes(graph).map((n) => n.id);
    const edgeIds = allEdges(graph).map((e) => e.id);
    expect(new Set(nodeIds).size).toBe(nodeIds.length);
    expect(new Set(edgeIds).size).toBe(edgeIds.length);
    expect(allNodes(graph).filter((n) => n.kind === 'state')).toHaveLength(10);
  });

  it('draws Next and Catch to the same state as two edges, and cuts long error lists', () => {
    const twoWays = buildWorkflowGraph({
      StartAt: 'Notify',
      States: {
        Notify: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sns:publish',
          Catch: [{ ErrorEquals: ['A', 'B', 'C', 'D'], Next: 'Done' }],
          Next: 'Done',
        },
        Done: { Type: 'Fail', Error: 'Declined' },
      },
    });
    expect(edgesByName(twoWays)).toEqual([
      'Start -start-> Notify',
      'Notify -next-> Done',
      'Notify -catch(catch A, B +2)-> Done',
      'Done -end-> End',
    ]);
    expect(twoWays.edges.find((e) => e.kind === 'catch')!.errors).toEqual(['A', 'B', 'C', 'D']);
  });

  it('reads the legacy Iterator of a Map as its item processor', () => {
    const legacy = buildWorkflowGraph({
      StartAt: 'M',
      States: {
        M: { Type: 'Map', Iterator: { StartAt: 'X', States: { X: { Type: 'Pass', End: true } } }, End: true },
      },
    });
    expect(node(legacy, 'M').inner!.nodes.map((n) => n.name)).toEqual(['X']);
  });
});

describe('definitions AWS would refuse', () => {
  it('refuses something that is not a valid definition, with the problems AWS would report', () => {
    expect(() => buildWorkflowGraph({ StartAt: 'x' })).toThrow(
      'the definition is not a valid state machine: SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /',
    );
    expect(() =>
      buildWorkflowGraph({ StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [{}], End: true } } }),
    ).toThrow('These fields are required: [States, StartAt] at /States/P/Branches[0]');
  });
});
