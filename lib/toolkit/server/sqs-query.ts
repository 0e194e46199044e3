/**
 * SQS's query protocol, translated to and from the API's shape that the recorder takes: flattened
 * form keys (`MessageAttribute.1.Value.StringValue`, `SendMessageBatchRequestEntry.2.Id`) in, XML out.
 */

export const QUERY_ACTIONS: ReadonlySet<string> = new Set(['SendMessage', 'SendMessageBatch', 'GetQueueUrl']);

const MESSAGE_FIELDS = ['MessageBody', 'DelaySeconds', 'MessageGroupId', 'MessageDeduplicationId'];
const QUEUE_PATH = /^\/(\d{12})\/([^/]+)$/;

/** The request in the API's shape; the queue URL from the form, or from the path the client posted to. */
export function queryRequestOf(action: string, form: URLSearchParams, path: string): Record<string, unknown> {
  const fields = Object.fromEntries(form.entries());
  const queueUrl = fields.QueueUrl ?? (QUEUE_PATH.test(path) ? `http://localhost${path}` : undefined);
  if (action === 'GetQueueUrl') return { QueueName: fields.QueueName };
  if (action === 'SendMessageBatch') {
    const entries = indexed(fields, 'SendMessageBatchRequestEntry').map((entry) => messageOf(entry));
    return { QueueUrl: queueUrl, ...(entries.length > 0 ? { Entries: entries } : {}) };
  }
  return { QueueUrl: queueUrl, ...messageOf(fields) };
}

function messageOf(fields: Record<string, string>): Record<string, unknown> {
  const message: Record<string, unknown> = {};
  for (const name of ['Id', ...MESSAGE_FIELDS]) {
    if (fields[name] !== undefined) message[name] = fields[name];
  }
  const attributes = attributesOf(fields, 'MessageAttribute');
  if (attributes) message.MessageAttributes = attributes;
  const system = attributesOf(fields, 'MessageSystemAttribute');
  if (system) message.MessageSystemAttributes = system;
  return message;
}

function attributesOf(fields: Record<string, string>, prefix: string): Record<string, unknown> | undefined {
  const list = indexed(fields, prefix);
  if (list.length === 0) return undefined;
  return Object.fromEntries(
    list.map((a) => [
      a.Name,
      {
        DataType: a['Value.DataType'],
        ...(a['Value.StringValue'] !== undefined ? { StringValue: a['Value.StringValue'] } : {}),
        ...(a['Value.BinaryValue'] !== undefined ? { BinaryValue: a['Value.BinaryValue'] } : {}),
      },
    ]),
  );
}

/** `<prefix>.<n>.<rest>` keys grouped by n, in n's order, each group keyed by `<rest>`. */
function indexed(fields: Record<string, string>, prefix: string): Array<Record<string, string>> {
  const groups = new Map<number, Record<string, string>>();
  for (const [key, value] of Object.entries(fields)) {
    const match = new RegExp(`^${prefix}\\.(\\d+)\\.(.+)$`).exec(key);
    if (!match) continue;
    const n = Number(match[1]);
    groups.set(n, { ...groups.get(n), [match[2]]: value });
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
}

/** The XML answer of a query action, from the API's answer. */
export function queryResponse(action: string, result: unknown, requestId: string): string {
  const inner =
    action === 'SendMessageBatch'
      ? batchXml(result as BatchAnswer)
      : elements(result as Record<string, unknown>);
  return (
    `<?xml version="1.0"?><${action}Response xmlns="http://queue.amazonaws.com/doc/2012-11-05/">` +
    `<${action}Result>${inner}</${action}Result>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`
  );
}

interface BatchAnswer {
  Successful: Array<Record<string, unknown>>;
  Failed: Array<Record<string, unknown>>;
}

function batchXml(result: BatchAnswer): string {
  return (
    result.Successful.map(
      (e) => `<SendMessageBatchResultEntry>${elements(e)}</SendMessageBatchResultEntry>`,
    ).join('') +
    result.Failed.map((e) => `<BatchResultErrorEntry>${elements(e)}</BatchResultErrorEntry>`).join('')
  );
}

function elements(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<${k}>${escapeXml(String(v))}</${k}>`)
    .join('');
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
