import { createHash } from 'node:crypto';
import { sqsErrors } from './sqs-errors';

/** One message attribute as SQS's API carries it; binary values as base64 text. */
export interface MessageAttributeValue {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
}

export type MessageAttributes = Readonly<Record<string, MessageAttributeValue>>;

const MAX_ATTRIBUTES = 10;

/**
 * Checks message (or system) attributes as SQS does and returns them typed, or undefined when the
 * request has none. `kind` names them in the errors, as SQS does ("user" or "system").
 */
export function parseMessageAttributes(
  value: unknown,
  kind: 'user' | 'system',
): MessageAttributes | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw sqsErrors.invalidParameterValue(`The message ${kind} attributes must be a map of name to value.`);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return undefined;
  if (entries.length > MAX_ATTRIBUTES) {
    throw sqsErrors.invalidParameterValue(
      `Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`,
    );
  }
  return Object.fromEntries(
    entries.map(([name, attribute]) => [name, parseAttribute(name, attribute, kind)]),
  );
}

function parseAttribute(name: string, value: unknown, kind: string): MessageAttributeValue {
  const attribute = (value ?? {}) as Record<string, unknown>;
  const dataType = attribute.DataType;
  if (typeof dataType !== 'string' || dataType === '') {
    throw sqsErrors.invalidParameterValue(
      `The message attribute '${name}' must contain non-empty message attribute type.`,
    );
  }
  const binary = dataType.startsWith('Binary');
  const field = binary ? 'BinaryValue' : 'StringValue';
  const content = attribute[field];
  if (typeof content !== 'string' || content === '') {
    throw sqsErrors.invalidParameterValue(
      `Message (${kind}) attribute '${name}' must contain a non-empty value of type '${binary ? 'Binary' : 'String'}'.`,
    );
  }
  return { DataType: dataType, [field]: content };
}

/** The bytes an attribute adds to a message's size: its name, type and value. */
export function attributesSize(attributes: MessageAttributes | undefined): number {
  return Object.entries(attributes ?? {}).reduce(
    (sum, [name, a]) => sum + Buffer.byteLength(name) + Buffer.byteLength(a.DataType) + valueBytes(a).length,
    0,
  );
}

/**
 * MD5OfMessageAttributes as SQS computes it (and SDKs that check it recompute it): for each
 * attribute, sorted by name, the name, the data type, a transport byte (1 text, 2 binary) and the
 * value, each but the transport byte preceded by its length as a 4-byte big-endian integer.
 */
export function md5OfAttributes(attributes: MessageAttributes): string {
  const hash = createHash('md5');
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name];
    const binary = attribute.BinaryValue !== undefined;
    hash.update(lengthPrefixed(Buffer.from(name, 'utf8')));
    hash.update(lengthPrefixed(Buffer.from(attribute.DataType, 'utf8')));
    hash.update(Buffer.from([binary ? 2 : 1]));
    hash.update(lengthPrefixed(valueBytes(attribute)));
  }
  return hash.digest('hex');
}

function valueBytes(attribute: MessageAttributeValue): Buffer {
  return attribute.BinaryValue !== undefined
    ? Buffer.from(attribute.BinaryValue, 'base64')
    : Buffer.from(attribute.StringValue ?? '', 'utf8');
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}
