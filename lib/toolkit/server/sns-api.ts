import { SnsRecorder, TopicNotFoundError } from '../local/sns-recorder';
import type { HttpReply } from './lambda-api';

/**
 * SNS's query protocol, enough for the SDK's Publish: a form body `Action=Publish&TopicArn=...`,
 * answered in XML. Functions reach it through `AWS_ENDPOINT_URL_SNS`.
 */
export function handleSnsRequest(sns: SnsRecorder, body: string): HttpReply {
  const form = new URLSearchParams(body);
  const action = form.get('Action');
  if (action !== 'Publish') {
    return snsError(400, 'InvalidAction', `The action ${action ?? '(none)'} is not valid for this endpoint.`);
  }
  const topicArn = form.get('TopicArn') ?? form.get('TargetArn');
  const message = form.get('Message');
  if (!topicArn)
    return snsError(400, 'InvalidParameter', 'Invalid parameter: TopicArn or TargetArn Reason: no value');
  if (message === null)
    return snsError(400, 'InvalidParameter', 'Invalid parameter: Message Reason: no value');
  try {
    const record = sns.publish({ topicArn, message, subject: form.get('Subject') ?? undefined });
    return xml(
      200,
      `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${record.messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${record.messageId}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  } catch (error) {
    if (error instanceof TopicNotFoundError) return snsError(404, 'NotFound', error.message);
    throw error;
  }
}

function snsError(status: number, code: string, message: string): HttpReply {
  return xml(
    status,
    `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>local</RequestId></ErrorResponse>`,
  );
}

function xml(status: number, body: string): HttpReply {
  return { status, headers: { 'Content-Type': 'text/xml' }, body };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
