import { FunctionRunner, lambdaEnvironment } from '../../../../../lib/toolkit/local/lambda';
import { expectOk, fixtureBundles, localFunction } from './fixtures';

const fixtures = fixtureBundles();

describe('lambdaEnvironment', () => {
  const fn = localFunction('pay', '/assets/pay', {
    environment: { TABLE_NAME: 'orders', AWS_ENDPOINT_URL_SNS: 'http://function-level' },
    memoryMb: 512,
    runtime: 'nodejs22.x',
  });

  it('sets what Lambda sets, over the function’s variables, over the base environment', () => {
    const env = lambdaEnvironment(fn, {
      AWS_REGION: 'eu-central-1',
      AWS_ENDPOINT_URL_SNS: 'http://base-level',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
      AWS_LAMBDA_FUNCTION_NAME: 'not allowed to change',
    });
    expect(env).toMatchObject({
      TABLE_NAME: 'orders',
      AWS_ENDPOINT_URL_SNS: 'http://function-level',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8000',
      AWS_REGION: 'eu-central-1',
      AWS_DEFAULT_REGION: 'eu-central-1',
      AWS_LAMBDA_FUNCTION_NAME: 'pay',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/pay',
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
      LAMBDA_TASK_ROOT: '/assets/pay',
      _HANDLER: 'index.handler',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(env.AWS_ACCESS_KEY_ID).toMatch(/^[A-Za-z0-9]+$/);
    expect(env.AWS_SECRET_ACCESS_KEY).toMatch(/^[A-Za-z0-9]+$/);
  });

  it('takes the region from the function’s ARN without a base region, and nothing from the host', () => {
    const env = lambdaEnvironment(fn);
    expect(env.AWS_REGION).toBe('eu-west-1');
    // Built from scratch: only PATH comes from the host (the host's AWS_PROFILE, keys, HOME… do not).
    expect(Object.keys(env).sort()).toEqual(
      [
        'PATH',
        'LANG',
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_CONFIG_FILE',
        'AWS_SHARED_CREDENTIALS_FILE',
        'AWS_EC2_METADATA_DISABLED',
        'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
        'AWS_DEFAULT_REGION',
        'AWS_REGION',
        'TABLE_NAME',
        'AWS_ENDPOINT_URL_SNS',
        'AWS_LAMBDA_FUNCTION_NAME',
        'AWS_LAMBDA_FUNCTION_VERSION',
        'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
        'AWS_LAMBDA_LOG_GROUP_NAME',
        'AWS_LAMBDA_LOG_STREAM_NAME',
        'AWS_LAMBDA_INITIALIZATION_TYPE',
        'AWS_EXECUTION_ENV',
        'LAMBDA_TASK_ROOT',
        '_HANDLER',
      ].sort(),
    );
  });
});

describe('environment isolation', () => {
  it('gives each function its own variables under 20 concurrent, interleaved invocations', async () => {
    const dir = fixtures.bundle('colour', {
      'index.js': `
        exports.handler = async (event) => {
          const before = process.env.COLOUR;
          await new Promise((resolve) => setTimeout(resolve, event.delay));
          return { before, after: process.env.COLOUR, name: process.env.AWS_LAMBDA_FUNCTION_NAME };
        };`,
    });
    const red = localFunction('red', dir, { environment: { COLOUR: 'red' } });
    const blue = localFunction('blue', dir, { environment: { COLOUR: 'blue' } });
    const runner = new FunctionRunner({ maxWorkersPerFunction: 3 });
    try {
      const invocations = Array.from({ length: 20 }, (_, i) => {
        const fn = i % 2 === 0 ? red : blue;
        return runner.invoke(fn, { delay: (i * 7) % 20 }).then((result) => ({
          expected: fn.environment.COLOUR,
          name: fn.name,
          payload: expectOk(result).payload,
        }));
      });
      const results = await Promise.all(invocations);

      expect(results).toHaveLength(20);
      for (const { expected, name, payload } of results) {
        expect(payload).toEqual({ before: expected, after: expected, name });
      }
      // A changed definition of the same function gets new environments with the new variables.
      const repainted = { ...red, environment: { COLOUR: 'green' } };
      expect(expectOk(await runner.invoke(repainted, { delay: 0 })).payload).toMatchObject({
        after: 'green',
      });
      // The host process's environment was never touched.
      expect(process.env.COLOUR).toBeUndefined();
      expect(process.env.AWS_LAMBDA_FUNCTION_NAME).toBeUndefined();
    } finally {
      await runner.close();
    }
  });
});
