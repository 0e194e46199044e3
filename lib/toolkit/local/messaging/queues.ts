import { CfnTemplate, TemplateResolver } from '../template-resolver';

/** A queue of the app, as the local SQS knows it. */
export interface LocalQueue {
  readonly logicalId: string;
  /** The resolver's physical name: the explicit QueueName, or the logical id. */
  readonly name: string;
  /** What `Ref` gives: the queue URL (its path is `/<account>/<name>`, as on AWS). */
  readonly url: string;
  readonly arn: string;
  readonly fifo: boolean;
  readonly contentBasedDeduplication: boolean;
  /** Bytes a message (body and attributes) may have. @default 1 MiB, SQS's default and maximum */
  readonly maximumMessageSize: number;
}

export const SQS_MAX_MESSAGE_BYTES = 1_048_576;

/**
 * Every AWS::SQS::Queue of a template. Only the properties that change what SendMessage accepts are
 * read (FIFO, content-based deduplication, maximum message size), so an intrinsic elsewhere (a KMS
 * key, a redrive policy) cannot stop it.
 */
export function queuesOfTemplate(
  template: CfnTemplate,
  resolver = new TemplateResolver(template),
): LocalQueue[] {
  return resolver.resourcesOfType('AWS::SQS::Queue').map(([logicalId, resource]) => {
    const property = (name: string) =>
      resolver.resolve(resource.Properties?.[name], `${logicalId}.Properties.${name}`);
    const maximum = Number(property('MaximumMessageSize') ?? SQS_MAX_MESSAGE_BYTES);
    return {
      logicalId,
      name: resolver.physicalName(logicalId),
      url: String(resolver.resolve({ Ref: logicalId }, `${logicalId} (its queue URL)`)),
      arn: resolver.arn(logicalId),
      fifo: isTrue(property('FifoQueue')),
      contentBasedDeduplication: isTrue(property('ContentBasedDeduplication')),
      maximumMessageSize: Number.isFinite(maximum) ? maximum : SQS_MAX_MESSAGE_BYTES,
    };
  });
}

/** CloudFormation writes booleans as `true` or `"true"`. */
function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/**
 * Finds a queue by what a caller names it with: its URL (matched on the path, `/<account>/<name>`,
 * whatever the host, since a URL written for AWS names the same queue), its ARN or its name.
 */
export function findQueue(
  queues: readonly LocalQueue[],
  accountId: string,
  reference: string,
): LocalQueue | undefined {
  const name = queueNameOf(accountId, reference);
  return name === undefined ? undefined : queues.find((q) => q.name === name);
}

function queueNameOf(accountId: string, reference: string): string | undefined {
  if (reference.startsWith('arn:')) {
    const [, , service, , account, name] = reference.split(':');
    return service === 'sqs' && account === accountId ? name : undefined;
  }
  if (/^https?:\/\//.test(reference)) {
    let path: string;
    try {
      path = new URL(reference).pathname;
    } catch {
      return undefined;
    }
    const [account, name, ...rest] = path.split('/').filter(Boolean);
    return account === accountId && rest.length === 0 ? name : undefined;
  }
  return reference;
}
