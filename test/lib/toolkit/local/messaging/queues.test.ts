import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { eventBusesOfTemplate, findEventBus } from '../../../../../lib/toolkit/local/messaging/event-buses';
import { findQueue, queuesOfTemplate } from '../../../../../lib/toolkit/local/messaging/queues';
import {
  DEFAULT_LOCAL_ENVIRONMENT,
  TemplateResolver,
} from '../../../../../lib/toolkit/local/template-resolver';
import { testApp } from '../../../../support/synth';

function template() {
  const stack = new Stack(testApp(), 'Messaging');
  new sqs.Queue(stack, 'Orders', { queueName: 'orders' });
  new sqs.Queue(stack, 'Jobs', { fifo: true, contentBasedDeduplication: true, maxMessageSizeBytes: 2048 });
  new events.EventBus(stack, 'Bus', { eventBusName: 'shop' });
  return Template.fromStack(stack).toJSON();
}

describe('queues and buses of a template', () => {
  const cfn = template();
  const environment = { ...DEFAULT_LOCAL_ENVIRONMENT, queueUrlOrigin: 'http://127.0.0.1:9999' };
  const resolver = new TemplateResolver(cfn, environment);

  it('resolves each queue’s name, URL (at the endpoint) and ARN, and what SendMessage depends on', () => {
    const queues = queuesOfTemplate(cfn, resolver);
    expect(queues.find((q) => q.name === 'orders')).toMatchObject({
      url: 'http://127.0.0.1:9999/123456789012/orders',
      arn: 'arn:aws:sqs:us-east-1:123456789012:orders',
      fifo: false,
      maximumMessageSize: 1_048_576,
    });
    const jobs = queues.find((q) => q.logicalId.startsWith('Jobs'))!;
    expect(jobs).toMatchObject({ fifo: true, contentBasedDeduplication: true, maximumMessageSize: 2048 });
    expect(findQueue(queues, '123456789012', jobs.arn)).toBe(jobs);
    expect(
      findQueue(queues, '123456789012', 'https://sqs.us-east-1.amazonaws.com/123456789012/orders')?.name,
    ).toBe('orders');
    expect(
      findQueue(queues, '123456789012', 'https://sqs.us-east-1.amazonaws.com/123456789012/orders/x'),
    ).toBe(undefined);
  });

  it('resolves each bus’s name and ARN; PutEvents may name it either way', () => {
    const buses = eventBusesOfTemplate(cfn, resolver);
    expect(buses).toEqual([
      {
        logicalId: expect.stringMatching(/^Bus/),
        name: 'shop',
        arn: 'arn:aws:events:us-east-1:123456789012:event-bus/shop',
      },
    ]);
    expect(findEventBus(buses, 'shop')).toBe(buses[0]);
    expect(findEventBus(buses, buses[0].arn)).toBe(buses[0]);
    expect(findEventBus(buses, undefined)).toBeUndefined();
  });
});
