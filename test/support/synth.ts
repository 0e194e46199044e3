import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, AppProps, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { OrderWorkflow, OrderWorkflowProps } from '../../lib/construct/order-workflow';
import {
  resolveStateMachines,
  ResolvedStateMachine,
} from '../../lib/toolkit/local/state-machine-definitions';

/** The app's context from cdk.json (feature flags included), so tests synthesize what `cdk synth` does. */
const CDK_JSON_CONTEXT = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8'),
).context;

const outdirs: string[] = [];
afterAll(() => outdirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/**
 * An App for tests: its own temporary cloud assembly folder (removed after the file's tests) and,
 * unless `bundle` is set, bundling skipped, which makes synthesis about fifteen times faster.
 */
export function testApp(options: { bundle?: boolean; context?: AppProps['context'] } = {}): App {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-test-'));
  outdirs.push(outdir);
  const skipBundling = options.bundle ? {} : { 'aws:cdk:bundling-stacks': [] };
  return new App({ outdir, context: { ...CDK_JSON_CONTEXT, ...skipBundling, ...options.context } });
}

/** A stack holding one OrderWorkflow, and its template. */
export function synthWorkflow(
  props: OrderWorkflowProps = {},
  configure?: (stack: Stack) => OrderWorkflowProps,
) {
  const stack = new Stack(testApp(), 'TestStack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const workflow = new OrderWorkflow(stack, 'Workflow', { ...props, ...configure?.(stack) });
  const template = Template.fromStack(stack);
  return { stack, workflow, template };
}

/** The template's single state machine with its definition as plain ASL. */
export function definitionOf(template: Template): ResolvedStateMachine {
  const machines = resolveStateMachines(template.toJSON());
  if (machines.length !== 1) throw new Error(`expected one state machine, found ${machines.length}`);
  return machines[0];
}

/** ASL state, loosely typed for assertions. */
export interface AslState {
  Type: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  Retry?: Array<{ ErrorEquals: string[]; [key: string]: unknown }>;
  Catch?: Array<{ ErrorEquals: string[]; Next: string; ResultPath?: string }>;
  Choices?: Array<{ Next: string; [key: string]: unknown }>;
  Default?: string;
  [key: string]: unknown;
}

export function statesOf(machine: ResolvedStateMachine): Record<string, AslState> {
  return machine.definition.States as Record<string, AslState>;
}

/** Where the state machine goes from `state` when it throws `error` (after its retries). */
export function catchTarget(
  states: Record<string, AslState>,
  state: string,
  error: string,
): string | undefined {
  const catcher = states[state]?.Catch?.find(
    (c) => c.ErrorEquals.includes(error) || c.ErrorEquals.includes('States.ALL'),
  );
  return catcher?.Next;
}
