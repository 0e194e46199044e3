import { isTransientAwsError } from '../../../lambdas/providers/transient-aws-errors';

describe('isTransientAwsError', () => {
  it.each([
    [{ name: 'ThrottlingException' }],
    [{ name: 'TimeoutError' }],
    [{ name: 'Whatever', $fault: 'server' }],
    [{ name: 'Whatever', $retryable: {} }],
    [{ name: 'Error', code: 'ETIMEDOUT' }],
  ])('treats %p as transient', (error) => {
    expect(isTransientAwsError(error)).toBe(true);
  });

  it.each([
    [{ name: 'NotFoundException', $fault: 'client' }],
    [{ name: 'InvalidParameterException' }],
    [new TypeError('bug')],
    ['ThrottlingException'],
    [null],
  ])('treats %p as permanent', (error) => {
    expect(isTransientAwsError(error)).toBe(false);
  });
});
