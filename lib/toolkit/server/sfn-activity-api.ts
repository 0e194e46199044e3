/**
 * The Step Functions API's activity and tagging actions, as JSON on the wire: CreateActivity,
 * DescribeActivity, ListActivities, DeleteActivity, GetActivityTask (a long poll), TagResource,
 * UntagResource, ListTagsForResource. The runtime's activities (local/activities.ts) and tags
 * (local/tags.ts) do the work; this reads requests and shapes answers. The callbacks a worker sends
 * (SendTaskSuccess and the rest) are sfn-api.ts's, shared with callback tasks.
 */
import type { LocalActivity } from '../local/activities';
import type { LocalRuntime } from '../local/local-runtime';
import type { Tag } from '../local/tags';
import { wireErrors } from './api-error';
import { optionalString, Request, required } from './sfn-request';
import { compact, epochSeconds, paginate } from './wire';

type Action = (runtime: LocalRuntime, request: Request, signal?: AbortSignal) => unknown | Promise<unknown>;

export const SFN_ACTIVITY_ACTIONS: Record<string, Action> = {
  CreateActivity: (runtime, request) => {
    const activity = runtime.activities.create(required(request, 'name'), requestTags(request, 'optional'));
    return { activityArn: activity.arn, creationDate: epochSeconds(activity.creationDate) };
  },
  DescribeActivity: (runtime, request) =>
    activitySummary(runtime.activities.describe(required(request, 'activityArn'))),
  ListActivities: (runtime, request) => {
    const { page, nextToken } = paginate(
      runtime.activities.list(),
      request.maxResults,
      request.nextToken,
      100,
    );
    return compact({ activities: page.map(activitySummary), nextToken });
  },
  DeleteActivity: (runtime, request) => {
    runtime.activities.delete(required(request, 'activityArn'));
    return {};
  },
  // A long poll: answers a task as soon as one is scheduled, or none after the wait (60 s, as AWS).
  GetActivityTask: async (runtime, request, signal) => {
    const arn = required(request, 'activityArn');
    const task = await runtime.activities.poll(arn, optionalString(request, 'workerName'), signal);
    return task ? { taskToken: task.taskToken, input: task.input } : {};
  },
  TagResource: (runtime, request) => {
    runtime.tags.tag(required(request, 'resourceArn'), requestTags(request, 'required'));
    return {};
  },
  UntagResource: (runtime, request) => {
    runtime.tags.untag(required(request, 'resourceArn'), tagKeys(request));
    return {};
  },
  ListTagsForResource: (runtime, request) => ({ tags: runtime.tags.list(required(request, 'resourceArn')) }),
};

function activitySummary(activity: LocalActivity) {
  return {
    activityArn: activity.arn,
    name: activity.name,
    creationDate: epochSeconds(activity.creationDate),
  };
}

/**
 * A request's `tags`: a list of `{ key, value }` (the runtime checks their lengths and nulls).
 * CreateStateMachine and CreateActivity may leave it out; TagResource may not.
 */
export function requestTags(request: Request, presence: 'required' | 'optional'): Tag[] {
  const tags = request.tags;
  if (tags === undefined || tags === null) {
    if (presence === 'optional') return [];
    throw wireErrors.validation(
      "1 validation error detected: Value null at 'tags' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!Array.isArray(tags)) throw wireErrors.serialization("'tags' must be a list");
  return tags.map((tag: unknown) => {
    if (tag === null || typeof tag !== 'object' || Array.isArray(tag)) {
      throw wireErrors.serialization("each of 'tags' must be an object with 'key' and 'value'");
    }
    const { key, value } = tag as Record<string, unknown>;
    for (const [field, text] of Object.entries({ key, value })) {
      if (text !== undefined && text !== null && typeof text !== 'string') {
        throw wireErrors.serialization(`a tag's '${field}' must be a string`);
      }
    }
    return { key, value } as Tag;
  });
}

function tagKeys(request: Request): string[] {
  const keys = request.tagKeys;
  if (keys === undefined || keys === null) {
    throw wireErrors.validation(
      "1 validation error detected: Value null at 'tagKeys' failed to satisfy constraint: Member must not be null",
    );
  }
  if (!Array.isArray(keys)) throw wireErrors.serialization("'tagKeys' must be a list of strings");
  return keys.map((key: unknown) => {
    if (key !== null && typeof key !== 'string')
      throw wireErrors.serialization("'tagKeys' must be a list of strings");
    return key as string;
  });
}
