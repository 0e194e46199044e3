/**
 * Tags of the runtime's state machines and activities (TagResource, UntagResource,
 * ListTagsForResource; CreateStateMachine's and CreateActivity's `tags`; the app's template Tags),
 * kept in the order they were first set, under AWS's rules: a resource that does not exist (a
 * version's or an alias's ARN among them) is ResourceNotFound, at most 50 tags per resource
 * (TooManyTags), keys of 1 to 128 characters and values of at most 256 (ValidationException).
 * Tagging a key again replaces its value; untagging a key that is absent is no error.
 */
import { stepFunctionsErrors } from './step-functions-errors';

export interface Tag {
  readonly key: string;
  readonly value: string;
}

/** AWS's quota of tags per resource. */
export const MAX_TAGS = 50;
const MAX_KEY = 128;
const MAX_VALUE = 256;

export class ResourceTags {
  private readonly byArn = new Map<string, Map<string, string>>();

  /** @param exists whether a state machine or activity has this ARN now. */
  constructor(private readonly exists: (arn: string) => boolean) {}

  /** TagResource: adds the tags (a key given again takes the new value). */
  tag(arn: string, tags: readonly Tag[]): void {
    this.requireResource(arn);
    this.put(arn, tags);
  }

  /** UntagResource: removes these keys; absent ones are ignored. */
  untag(arn: string, keys: readonly string[]): void {
    this.requireResource(arn);
    keys.forEach((key, i) => requireKey(key, `tagKeys.${i + 1}.member`));
    const current = this.byArn.get(arn);
    for (const key of keys) current?.delete(key);
  }

  /** ListTagsForResource. */
  list(arn: string): Tag[] {
    this.requireResource(arn);
    return [...(this.byArn.get(arn) ?? [])].map(([key, value]) => ({ key, value }));
  }

  /**
   * A new resource's tags (the app's, or a Create request's), checked as TagResource checks
   * them. Call it before the resource is added, so that tags AWS refuses refuse the creation.
   */
  requireValid(tags: readonly Tag[] = []): void {
    requireTags(tags);
    const keys = new Set(tags.map((t) => t.key));
    if (keys.size > MAX_TAGS) throw tooMany(keys.size);
  }

  /** The tags of a resource just created. */
  created(arn: string, tags: readonly Tag[] = []): void {
    this.byArn.delete(arn);
    if (tags.length > 0) this.put(arn, tags);
  }

  /** The resource is gone: so are its tags (one created again under its ARN starts without). */
  forget(arn: string): void {
    this.byArn.delete(arn);
  }

  private put(arn: string, tags: readonly Tag[]): void {
    requireTags(tags);
    const current = new Map(this.byArn.get(arn));
    for (const { key, value } of tags) current.set(key, value);
    if (current.size > MAX_TAGS) throw tooMany(current.size, arn);
    this.byArn.set(arn, current);
  }

  private requireResource(arn: string): void {
    if (!this.exists(arn)) throw stepFunctionsErrors.resourceNotFound(arn);
  }
}

function requireTags(tags: readonly Tag[]): void {
  tags.forEach((tag, i) => {
    requireKey(tag.key, `tags.${i + 1}.member.key`);
    if (typeof tag.value !== 'string') throw notNull(`tags.${i + 1}.member.value`);
    if (tag.value.length > MAX_VALUE) throw tooLong(`tags.${i + 1}.member.value`, MAX_VALUE);
  });
}

function requireKey(key: unknown, field: string): void {
  if (typeof key !== 'string') throw notNull(field);
  if (key.length < 1) {
    throw stepFunctionsErrors.validation(
      `1 validation error detected: Value '' at '${field}' failed to satisfy constraint: Member must have length greater than or equal to 1`,
    );
  }
  if (key.length > MAX_KEY) throw tooLong(field, MAX_KEY);
}

function notNull(field: string) {
  return stepFunctionsErrors.validation(
    `1 validation error detected: Value null at '${field}' failed to satisfy constraint: Member must not be null`,
  );
}

function tooLong(field: string, max: number) {
  return stepFunctionsErrors.validation(
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to ${max}`,
  );
}

function tooMany(count: number, arn?: string) {
  const on = arn ? ` on '${arn}'` : '';
  return stepFunctionsErrors.tooManyTags(
    `Too many tags: ${count} tags${on}, where a resource may have at most ${MAX_TAGS}`,
  );
}
