import {
  CreateActivityCommand,
  CreateStateMachineCommand,
  DeleteActivityCommand,
  DeleteStateMachineCommand,
  ListTagsForResourceCommand,
  SFNClient,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-sfn';
import { LocalService, startLocal } from '../../../../lib/toolkit/server/start-local';
import { synthActivityAssembly } from '../../../support/activity-assembly';
import { localSfnClient } from '../../../support/sfn-client';

const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
const ROLE = 'arn:aws:iam::123456789012:role/r';

/** TagResource / UntagResource / ListTagsForResource, as recorded on AWS (test_sfn_api_tagging). */
describe('tags through the Step Functions API', () => {
  let local: LocalService;
  let sfn: SFNClient;
  let n = 0;

  beforeAll(async () => {
    local = await startLocal({ assemblyDir: synthActivityAssembly(), port: 0, dynamodb: false });
    sfn = localSfnClient(local.url);
  }, 60_000);
  afterAll(async () => {
    sfn?.destroy();
    await local?.close();
  });

  const tagsOf = async (resourceArn: string) =>
    (await sfn.send(new ListTagsForResourceCommand({ resourceArn }))).tags;
  async function machine(tags?: { key: string; value: string }[]) {
    n += 1;
    const created = await sfn.send(
      new CreateStateMachineCommand({ name: `tagged-${n}`, definition: PASS, roleArn: ROLE, tags }),
    );
    return created.stateMachineArn!;
  }

  it("lists the template's Tags of the app's state machines and activities", async () => {
    const review = local.runtime.listStateMachines().find((m) => m.name === 'Review')!.arn;
    expect(await tagsOf(review)).toEqual([{ key: 'cost-center', value: '42' }]);
    const activity = local.app.activities.find((a) => a.name === 'Reviews')!.arn;
    expect(await tagsOf(activity)).toEqual([{ key: 'team', value: 'orders' }]);
  });

  it('keeps the tags CreateStateMachine was given', async () => {
    const arn = await machine([
      { key: 'key1', value: 'value1' },
      { key: 'key2', value: 'value2' },
    ]);
    expect(await tagsOf(arn)).toEqual([
      { key: 'key1', value: 'value1' },
      { key: 'key2', value: 'value2' },
    ]);
  });

  it.each([
    [[], []],
    [[{ key: 'key1', value: 'value1' }], [{ key: 'key1', value: 'value1' }]],
    [[{ key: 'key1', value: '' }], [{ key: 'key1', value: '' }]],
    [
      [
        { key: 'key1', value: 'value1' },
        { key: 'key1', value: 'value1' },
      ],
      [{ key: 'key1', value: 'value1' }],
    ],
  ])('tags a state machine with %j and lists %j', async (given, listed) => {
    const arn = await machine();
    expect(await sfn.send(new TagResourceCommand({ resourceArn: arn, tags: given }))).toBeDefined();
    expect(await tagsOf(arn)).toEqual(listed);
  });

  it('replaces the value of a key tagged again', async () => {
    const arn = await machine([{ key: 'stage', value: 'dev' }]);
    await sfn.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'stage', value: 'prod' }] }));
    expect(await tagsOf(arn)).toEqual([{ key: 'stage', value: 'prod' }]);
  });

  it.each([
    [[], [{ key: 'key1', value: 'value1' }]],
    [['key1'], []],
    [['key1', 'key1'], []],
    [['key1', 'key2'], []],
  ])('untags %j and lists %j', async (tagKeys, listed) => {
    const arn = await machine();
    await sfn.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'key1', value: 'value1' }] }));
    await sfn.send(new UntagResourceCommand({ resourceArn: arn, tagKeys }));
    expect(await tagsOf(arn)).toEqual(listed);
  });

  it('tags activities; a deleted one takes its tags along', async () => {
    const { activityArn } = await sfn.send(
      new CreateActivityCommand({ name: 'tagged-activity', tags: [{ key: 'a', value: '1' }] }),
    );
    // A repeated CreateActivity keeps the first request's tags, as AWS does.
    await sfn.send(new CreateActivityCommand({ name: 'tagged-activity', tags: [{ key: 'b', value: '2' }] }));
    await sfn.send(new TagResourceCommand({ resourceArn: activityArn, tags: [{ key: 'c', value: '3' }] }));
    expect(await tagsOf(activityArn!)).toEqual([
      { key: 'a', value: '1' },
      { key: 'c', value: '3' },
    ]);
    await sfn.send(new DeleteActivityCommand({ activityArn }));
    await expect(tagsOf(activityArn!)).rejects.toMatchObject({ name: 'ResourceNotFound' });
    await sfn.send(new CreateActivityCommand({ name: 'tagged-activity' }));
    expect(await tagsOf(activityArn!)).toEqual([]);
  });

  it('answers ResourceNotFound for a resource that does not exist, a deleted machine and a version ARN', async () => {
    const arn = await machine([{ key: 'k', value: 'v' }]);
    for (const resourceArn of [`${arn}:1`, 'arn:aws:states:us-east-1:123456789012:stateMachine:nope']) {
      await expect(
        sfn.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'key1', value: 'value1' }] })),
      ).rejects.toMatchObject({
        name: 'ResourceNotFound',
        message: `Resource not found: '${resourceArn}'`,
        $metadata: { httpStatusCode: 400 },
      });
    }
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    await expect(tagsOf(arn)).rejects.toMatchObject({ name: 'ResourceNotFound' });
    await expect(
      sfn.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['k'] })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFound',
    });
  });

  it('refuses more than 50 tags (TooManyTags) and keeps the tags it had', async () => {
    const fifty = Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: `${i}` }));
    const arn = await machine(fifty);
    await sfn.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'k0', value: 'again' }] }));
    await expect(
      sfn.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'k50', value: 'one too many' }] })),
    ).rejects.toMatchObject({ name: 'TooManyTags' });
    expect(await tagsOf(arn)).toHaveLength(50);
    n += 1;
    await expect(
      sfn.send(
        new CreateStateMachineCommand({
          name: `tagged-${n}`,
          definition: PASS,
          roleArn: ROLE,
          tags: [...fifty, { key: 'k50', value: '' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'TooManyTags' });
  });

  it('refuses an empty or missing key, a missing value and over-long ones (ValidationException)', async () => {
    const arn = await machine();
    const refused = async (tags: unknown) =>
      expect(
        sfn.send(
          new TagResourceCommand({ resourceArn: arn, tags: tags as { key: string; value: string }[] }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    await refused([{ key: '', value: 'value' }]);
    await refused([{ value: 'value' }]);
    await refused([{ key: 'key1' }]);
    await refused([{ key: 'k'.repeat(129), value: '' }]);
    await refused([{ key: 'key1', value: 'v'.repeat(257) }]);
    await refused(undefined);
    expect(await tagsOf(arn)).toEqual([]);
  });
});
