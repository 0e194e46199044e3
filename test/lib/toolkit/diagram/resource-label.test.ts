import { classifyResource } from '../../../../lib/toolkit/asl/model';
import { resourceLabel } from '../../../../lib/toolkit/diagram/resource-label';

const labelOf = (arn: string) => resourceLabel(classifyResource(arn));

describe('resource labels', () => {
  it('names the service call of a Task', () => {
    expect(labelOf('arn:aws:states:::lambda:invoke')).toBe('Lambda invoke');
    expect(labelOf('arn:aws:states:::lambda:invoke.waitForTaskToken')).toBe('Lambda invoke (callback)');
    expect(labelOf('arn:aws:states:::aws-sdk:dynamodb:getItem')).toBe('DynamoDB getItem');
    expect(labelOf('arn:aws:states:::states:startExecution.sync:2')).toBe(
      'Step Functions startExecution (sync)',
    );
    expect(labelOf('arn:aws:lambda:us-east-1:123456789012:function:Price')).toBe('Lambda');
    expect(labelOf('arn:aws:states:us-east-1:123456789012:activity:Approve')).toBe('Activity');
  });
});
