import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { testApp } from './synth';

/**
 * A cloud assembly for RedriveExecution: one function, `Flaky` (plain JavaScript, no bundling),
 * that throws `NotYet` when asked to fail and the execution has not been redriven
 * (`$$.Execution.RedriveCount` is 0), and otherwise echoes what it was given. Its machines:
 * `Steps` (First, then Second which fails until redriven); `Branches` (a Parallel whose second
 * branch fails until redriven); `Items` (an inline Map over `$.items`, an item with `fail: true`
 * failing until redriven); `Slow` (one task that takes a second: stopped, it is ABORTED). Every task's payload carries the redrive count.
 */
export function synthRedriveAssembly(): string {
  const code = fs.mkdtempSync(path.join(os.tmpdir(), 'order-workflow-redrive-fn-'));
  fs.writeFileSync(
    path.join(code, 'index.js'),
    [
      'exports.handler = async (event) => {',
      '  if (event.waitMs) await new Promise((resolve) => setTimeout(resolve, event.waitMs));',
      '  if (event.fail === true && event.redriveCount === 0) {',
      "    const error = new Error('fails until the execution is redriven');",
      "    error.name = 'NotYet';",
      '    throw error;',
      '  }',
      '  return { ok: event.step, item: event.item === undefined ? null : event.item, redriveCount: event.redriveCount };',
      '};',
      '',
    ].join('\n'),
  );
  const app = testApp();
  const stack = new Stack(app, 'Redrive');
  const fn = new lambda.Function(stack, 'Flaky', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromAsset(code),
  });
  const call = (id: string, payload: Record<string, unknown>) =>
    new tasks.LambdaInvoke(stack, id, {
      lambdaFunction: fn,
      payloadResponseOnly: true,
      retryOnServiceExceptions: false,
      payload: sfn.TaskInput.fromObject({
        step: id,
        'redriveCount.$': '$$.Execution.RedriveCount',
        ...payload,
      }),
    });
  const machine = (name: string, body: sfn.IChainable) =>
    new sfn.StateMachine(stack, name, {
      stateMachineName: name,
      definitionBody: sfn.DefinitionBody.fromChainable(body),
    });

  machine('Steps', call('First', { fail: false }).next(call('Second', { fail: true })));
  // Still running a second after it starts: a stop always lands mid-task.
  machine('Slow', call('Busy', { fail: false, waitMs: 1000 }));
  machine(
    'Branches',
    new sfn.Parallel(stack, 'Both')
      .branch(call('Left', { fail: false }))
      .branch(call('Right', { fail: true }).next(call('After Right', { fail: false }))),
  );
  machine(
    'Items',
    new sfn.Map(stack, 'Each', {
      itemsPath: '$.items',
      maxConcurrency: 1,
      itemSelector: { 'item.$': '$$.Map.Item.Value' },
    }).itemProcessor(call('Work', { 'item.$': '$.item.id', 'fail.$': '$.item.fail' })),
  );
  const directory = app.synth().directory;
  fs.rmSync(code, { recursive: true, force: true });
  return directory;
}
