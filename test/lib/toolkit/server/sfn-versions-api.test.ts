import {
  ConflictException,
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  InvalidDefinition,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  PublishStateMachineVersionCommand,
  ResourceNotFound,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  ValidationException,
} from '@aws-sdk/client-sfn';
import { LocalService, startLocal } from '../../../../lib/toolkit/server/start-local';
import { localSfnClient } from '../../../support/sfn-client';
import { synthTinyAssembly } from '../../../support/tiny-assembly';

const ROLE = 'arn:aws:iam::123456789012:role/r';

/** A machine whose output says which revision of it ran. */
const definition = (comment: string) =>
  JSON.stringify({
    Comment: comment,
    StartAt: 'S',
    States: { S: { Type: 'Pass', Result: { ran: comment }, End: true } },
  });

/**
 * Versions and aliases through the SDK, on machines created through the API; AWS's messages where
 * LocalStack's snapshots (test_sfn_api_versioning, test_sfn_api_aliasing) recorded them.
 */
describe('versions, aliases and definition checks through the Step Functions API', () => {
  let local: LocalService;
  let sfn: SFNClient;
  /** The alias draws, in order (the runtime's `random`). */
  const draws: number[] = [];
  let counter = 0;

  beforeAll(async () => {
    local = await startLocal({
      assemblyDir: synthTinyAssembly(),
      port: 0,
      random: () => draws.shift() ?? 0.5,
    });
    sfn = localSfnClient(local.url);
  });
  afterAll(async () => {
    sfn?.destroy();
    await local?.close();
  });

  async function createMachine(publish = false) {
    const name = `Versioned${++counter}`;
    return sfn.send(
      new CreateStateMachineCommand({
        name,
        definition: definition('R0'),
        roleArn: ROLE,
        publish,
      }),
    );
  }
  const update = (stateMachineArn: string, comment: string, publish = false) =>
    sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition: definition(comment), publish }));
  async function run(stateMachineArn: string) {
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    await local.runtime.waitFor(executionArn!);
    return sfn.send(new DescribeExecutionCommand({ executionArn }));
  }
  const rejection = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: Error) => error,
    );

  it('publishes on creation and describes the version under its own ARN', async () => {
    const created = await createMachine(true);
    expect(created.stateMachineVersionArn).toBe(`${created.stateMachineArn}:1`);
    const version = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineVersionArn }),
    );
    expect(version).toMatchObject({
      stateMachineArn: created.stateMachineVersionArn,
      status: 'ACTIVE',
      type: 'STANDARD',
    });
    expect(JSON.parse(version.definition!).Comment).toBe('R0');
    // Never updated: no revision yet, as AWS answers.
    expect(version.revisionId).toBeUndefined();
    const error = await rejection(
      sfn.send(
        new CreateStateMachineCommand({
          name: 'NoPublish',
          roleArn: ROLE,
          definition: definition('x'),
          versionDescription: 'v',
        }),
      ),
    );
    expect(error).toBeInstanceOf(ValidationException);
    expect(error!.message).toBe('Version description can only be set when publish is true');
  });

  it('publishes each revision once, numbers versions for good, and refuses a stale revisionId', async () => {
    const { stateMachineArn } = await createMachine();
    const r1 = await update(stateMachineArn!, 'R1');
    expect(r1.revisionId).toMatch(/^[0-9a-f-]{36}$/);
    const v1 = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn }));
    expect(v1.stateMachineVersionArn).toBe(`${stateMachineArn}:1`);
    // Nothing changed since: the same version.
    const again = await sfn.send(
      new PublishStateMachineVersionCommand({ stateMachineArn, description: 'ignored' }),
    );
    expect(again.stateMachineVersionArn).toBe(v1.stateMachineVersionArn);

    const r2 = await update(stateMachineArn!, 'R2');
    const v2 = await sfn.send(
      new PublishStateMachineVersionCommand({ stateMachineArn, description: 'PublishedV2Description' }),
    );
    const described = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: v2.stateMachineVersionArn }),
    );
    expect(described).toMatchObject({ description: 'PublishedV2Description', revisionId: r2.revisionId });
    const { stateMachineVersions } = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn }));
    expect(stateMachineVersions!.map((v) => v.stateMachineVersionArn)).toEqual([
      `${stateMachineArn}:2`,
      `${stateMachineArn}:1`,
    ]);

    const r3 = await update(stateMachineArn!, 'R3');
    const conflict = await rejection(
      sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn, revisionId: r2.revisionId })),
    );
    expect(conflict).toBeInstanceOf(ConflictException);
    expect(conflict!.message).toBe(
      `Failed to publish the State Machine version for revision ${r2.revisionId}. The current State Machine revision is ${r3.revisionId}.`,
    );

    // A deleted number is not reused; deleting it again succeeds.
    await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${stateMachineArn}:2` }));
    await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${stateMachineArn}:2` }));
    const v3 = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn }));
    expect(v3.stateMachineVersionArn).toBe(`${stateMachineArn}:3`);
    const gone = await rejection(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${stateMachineArn}:2` })),
    );
    expect(gone).toBeInstanceOf(StateMachineDoesNotExist);
    expect(gone!.message).toBe(`State Machine Does Not Exist: '${stateMachineArn}:2'`);
  });

  it('answers UpdateStateMachine with publish, the same version when nothing changed', async () => {
    const { stateMachineArn } = await createMachine();
    const first = await sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn, definition: definition('R0'), publish: true }),
    );
    expect(first.stateMachineVersionArn).toBe(`${stateMachineArn}:1`);
    expect(first.revisionId).toBeUndefined();
    const second = await sfn.send(
      new UpdateStateMachineCommand({ stateMachineArn, definition: definition('R0'), publish: true }),
    );
    expect(second.stateMachineVersionArn).toBe(`${stateMachineArn}:1`);
    const changed = await update(stateMachineArn!, 'R1', true);
    expect(changed).toMatchObject({
      stateMachineVersionArn: `${stateMachineArn}:2`,
      revisionId: expect.any(String),
    });
    // A version ARN is not a machine UpdateStateMachine changes.
    const refused = await rejection(update(`${stateMachineArn}:2`, 'R3'));
    expect(refused).toBeInstanceOf(StateMachineDoesNotExist);
  });

  it('runs the version an execution was started with, and says so in the execution and its machine', async () => {
    const { stateMachineArn, stateMachineVersionArn } = await createMachine(true);
    await update(stateMachineArn!, 'R1');
    const ofVersion = await run(stateMachineVersionArn!);
    expect(JSON.parse(ofVersion.output!)).toEqual({ ran: 'R0' });
    expect(ofVersion).toMatchObject({ stateMachineArn, stateMachineVersionArn });
    expect(ofVersion.stateMachineAliasArn).toBeUndefined();
    const latest = await run(stateMachineArn!);
    expect(JSON.parse(latest.output!)).toEqual({ ran: 'R1' });
    expect(latest.stateMachineVersionArn).toBeUndefined();

    const forVersion = await sfn.send(
      new DescribeStateMachineForExecutionCommand({ executionArn: ofVersion.executionArn }),
    );
    expect(forVersion).toMatchObject({ stateMachineArn, name: expect.stringMatching(/^Versioned/) });
    expect(JSON.parse(forVersion.definition!).Comment).toBe('R0');
    expect(forVersion.updateDate).toBeInstanceOf(Date);
    // Later changes do not reach what an execution ran.
    await update(stateMachineArn!, 'R2');
    const forLatest = await sfn.send(
      new DescribeStateMachineForExecutionCommand({ executionArn: latest.executionArn }),
    );
    expect(JSON.parse(forLatest.definition!).Comment).toBe('R1');
    expect(forLatest.revisionId).toMatch(/^[0-9a-f-]{36}$/);

    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stateMachineVersionArn }));
    expect(listed.executions!.map((e) => e.executionArn)).toEqual([ofVersion.executionArn]);
    expect(listed.executions![0].stateMachineVersionArn).toBe(stateMachineVersionArn);
    const unknown = await rejection(
      sfn.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}:9` })),
    );
    expect(unknown).toBeInstanceOf(StateMachineDoesNotExist);
    const noExecution = await rejection(
      sfn.send(
        new DescribeStateMachineForExecutionCommand({ executionArn: `${ofVersion.executionArn}-not` }),
      ),
    );
    expect(noExecution).toMatchObject({ name: 'ExecutionDoesNotExist' });
  });

  it('routes an alias’s executions by weight and records the alias and the version', async () => {
    const { stateMachineArn, stateMachineVersionArn: v1 } = await createMachine(true);
    const { stateMachineVersionArn: v2 } = await update(stateMachineArn!, 'R1', true);
    const { stateMachineAliasArn } = await sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        description: 'canary',
        routingConfiguration: [
          { stateMachineVersionArn: v1, weight: 70 },
          { stateMachineVersionArn: v2, weight: 30 },
        ],
      }),
    );
    expect(stateMachineAliasArn).toBe(`${stateMachineArn}:live`);
    draws.push(0.69, 0.7);
    const first = await run(stateMachineAliasArn!);
    const second = await run(stateMachineAliasArn!);
    expect(first).toMatchObject({ stateMachineAliasArn, stateMachineVersionArn: v1, stateMachineArn });
    expect(JSON.parse(first.output!)).toEqual({ ran: 'R0' });
    expect(second).toMatchObject({ stateMachineAliasArn, stateMachineVersionArn: v2 });
    expect(JSON.parse(second.output!)).toEqual({ ran: 'R1' });
    const viaAlias = await sfn.send(new ListExecutionsCommand({ stateMachineArn: stateMachineAliasArn }));
    expect(viaAlias.executions!.map((e) => e.executionArn)).toEqual([
      second.executionArn,
      first.executionArn,
    ]);

    // Idempotent for the same request; a different one with the same name is a conflict.
    const again = await sfn.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        description: 'canary',
        routingConfiguration: [
          { stateMachineVersionArn: v1, weight: 70 },
          { stateMachineVersionArn: v2, weight: 30 },
        ],
      }),
    );
    expect(again.stateMachineAliasArn).toBe(stateMachineAliasArn);
    const conflict = await rejection(
      sfn.send(
        new CreateStateMachineAliasCommand({
          name: 'live',
          routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }],
        }),
      ),
    );
    expect(conflict).toBeInstanceOf(ConflictException);
    expect(conflict!.message).toBe(
      'Failed to create alias because an alias with the same name and a different routing configuration already exists.',
    );

    // A version an alias routes to cannot be deleted; once the alias moves on, it can.
    const refused = await rejection(
      sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v1 })),
    );
    expect(refused).toBeInstanceOf(ConflictException);
    expect(refused!.message).toBe(
      'Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [live]',
    );
    await sfn.send(
      new UpdateStateMachineAliasCommand({
        stateMachineAliasArn,
        routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }],
      }),
    );
    const described = await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn }));
    expect(described).toMatchObject({
      name: 'live',
      description: 'canary',
      routingConfiguration: [{ stateMachineVersionArn: v2, weight: 100 }],
    });
    expect(described.updateDate!.getTime()).toBeGreaterThanOrEqual(described.creationDate!.getTime());
    await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: v1 }));
    // Routing to the deleted version is refused.
    const toDeleted = await rejection(
      sfn.send(
        new UpdateStateMachineAliasCommand({
          stateMachineAliasArn,
          routingConfiguration: [{ stateMachineVersionArn: v1, weight: 100 }],
        }),
      ),
    );
    expect(toDeleted).toBeInstanceOf(ResourceNotFound);
  });

  it('refuses routing configurations as AWS does, with its messages', async () => {
    const { stateMachineArn, stateMachineVersionArn: v1 } = await createMachine(true);
    const { stateMachineVersionArn: v2 } = await update(stateMachineArn!, 'R1', true);
    const { stateMachineVersionArn: v3 } = await update(stateMachineArn!, 'R2', true);
    const refuse = async (
      routingConfiguration: { stateMachineVersionArn: string; weight: number }[],
      name = 'alias',
    ) => {
      const error = await rejection(
        sfn.send(new CreateStateMachineAliasCommand({ name, routingConfiguration })),
      );
      expect(error).toBeInstanceOf(ValidationException);
      return error!.message;
    };
    expect(
      await refuse([
        { stateMachineVersionArn: v1!, weight: 70 },
        { stateMachineVersionArn: v2!, weight: 29 },
      ]),
    ).toBe('Sum of routing configuration weights must equal 100. Received: [70, 29]');
    expect(
      await refuse([
        { stateMachineVersionArn: v1!, weight: 50 },
        { stateMachineVersionArn: v1!, weight: 50 },
      ]),
    ).toBe(
      `Routing configuration must contain distinct state machine version ARNs. Received: [${v1}, ${v1}]`,
    );
    expect(
      await refuse([
        { stateMachineVersionArn: stateMachineArn!, weight: 70 },
        { stateMachineVersionArn: v2!, weight: 30 },
      ]),
    ).toBe(
      `Routing configuration must contain state machine version ARNs. Received: [${stateMachineArn}, ${v2}]`,
    );
    expect(await refuse([{ stateMachineVersionArn: v1!, weight: 101 }])).toBe(
      "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
    expect(
      await refuse([
        { stateMachineVersionArn: v1!, weight: 50 },
        { stateMachineVersionArn: v2!, weight: 30 },
        { stateMachineVersionArn: v3!, weight: 20 },
      ]),
    ).toBe(
      `1 validation error detected: Value '[RoutingConfigurationListItem(stateMachineVersionArn=${v1}, weight=50), ` +
        `RoutingConfigurationListItem(stateMachineVersionArn=${v2}, weight=30), ` +
        `RoutingConfigurationListItem(stateMachineVersionArn=${v3}, weight=20)]' at 'routingConfiguration' ` +
        'failed to satisfy constraint: Member must have length less than or equal to 2',
    );
    expect(await refuse([{ stateMachineVersionArn: v1!, weight: 100 }], 'INVALID ALIAS')).toBe(
      "1 validation error detected: Value 'INVALID ALIAS' at 'name' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$',
    );
    expect(await refuse([{ stateMachineVersionArn: v1!, weight: 100 }], '123')).toMatch(
      /Value '123' at 'name'/,
    );
    expect(await refuse([{ stateMachineVersionArn: v1!, weight: 100 }], 'A'.repeat(81))).toMatch(
      /Member must have length less than or equal to 80$/,
    );
  });

  it('lists, deletes and forgets aliases; unknown aliases are ResourceNotFound, deleting one twice succeeds', async () => {
    const { stateMachineArn, stateMachineVersionArn } = await createMachine(true);
    const routingConfiguration = [{ stateMachineVersionArn, weight: 100 }];
    for (const name of ['a-0', 'a-1']) {
      await sfn.send(new CreateStateMachineAliasCommand({ name, routingConfiguration }));
    }
    const listed = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn }));
    expect(listed.stateMachineAliases!.map((a) => a.stateMachineAliasArn)).toEqual([
      `${stateMachineArn}:a-0`,
      `${stateMachineArn}:a-1`,
    ]);
    await sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: `${stateMachineArn}:a-0` }));
    await sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn: `${stateMachineArn}:a-0` }));
    const missing = await rejection(
      sfn.send(
        new UpdateStateMachineAliasCommand({
          stateMachineAliasArn: `${stateMachineArn}:a-0`,
          description: 'x',
        }),
      ),
    );
    expect(missing).toBeInstanceOf(ResourceNotFound);
    expect(missing!.message).toBe('Request references a resource that does not exist.');
    const notStarted = await rejection(
      sfn.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}:a-0` })),
    );
    expect(notStarted).toBeInstanceOf(StateMachineDoesNotExist);

    // Deleting the machine takes its versions and aliases with it.
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    expect(local.runtime.versioning.aliases.find(`${stateMachineArn}:a-1`)).toBeUndefined();
    expect(local.runtime.versioning.versions.find(stateMachineVersionArn!)).toBeUndefined();
    const noMachine = await rejection(sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn })));
    expect(noMachine).toBeInstanceOf(StateMachineDoesNotExist);
  });

  it('validates a definition with AWS’s result shape, JSON faults included', async () => {
    const ok = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: definition('R0') }));
    expect(ok).toMatchObject({ result: 'OK', diagnostics: [], truncated: false });
    const bad = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: 'not a definition' }));
    expect(bad).toMatchObject({
      result: 'FAIL',
      truncated: false,
      diagnostics: [
        {
          severity: 'ERROR',
          code: 'INVALID_JSON_DESCRIPTION',
          location: '[Source: (String)"not a definition"; line: 1, column: 4]',
        },
      ],
    });
    const broken = JSON.stringify({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'X' }, B: { Type: 'Pass', Next: 'Y' } },
    });
    const truncated = await sfn.send(
      new ValidateStateMachineDefinitionCommand({ definition: broken, maxResults: 1, severity: 'WARNING' }),
    );
    expect(truncated).toMatchObject({ result: 'FAIL', truncated: true });
    expect(truncated.diagnostics).toHaveLength(1);
    expect(truncated.diagnostics![0]).toMatchObject({
      code: 'MISSING_TRANSITION_TARGET',
      location: '/States/A/Next',
    });
    const refused = await rejection(
      sfn.send(new ValidateStateMachineDefinitionCommand({ definition: broken, maxResults: 101 })),
    );
    expect(refused).toBeInstanceOf(ValidationException);
  });

  it('refuses an Express machine that waits for a callback, as validation reports it', async () => {
    const waits = JSON.stringify({
      StartAt: 'Ask',
      States: {
        Ask: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: { QueueUrl: 'q', 'MessageBody.$': '$$.Task.Token' },
          End: true,
        },
      },
    });
    const refused = await rejection(
      sfn.send(
        new CreateStateMachineCommand({
          name: 'ExpressCallback',
          roleArn: ROLE,
          type: 'EXPRESS',
          definition: waits,
        }),
      ),
    );
    expect(refused).toBeInstanceOf(InvalidDefinition);
    expect(refused!.message).toContain(
      "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  at /States/Ask/Resource",
    );
    const standard = await sfn.send(
      new CreateStateMachineCommand({ name: 'StandardCallback', roleArn: ROLE, definition: waits }),
    );
    expect(standard.stateMachineArn).toMatch(/:StandardCallback$/);
  });
});
