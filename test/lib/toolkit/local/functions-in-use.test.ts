import { functionsInUse } from '../../../../lib/toolkit/local/functions-in-use';
import type { LocalFunction } from '../../../../lib/toolkit/local/lambda/local-function';

const fn = (name: string): LocalFunction => ({
  name,
  arn: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
  directory: `/bundles/${name}`,
  handler: 'index.handler',
  runtime: 'nodejs24.x',
  environment: {},
  timeoutSeconds: 3,
  memoryMb: 128,
});

describe('functionsInUse', () => {
  const validate = fn('ValidateOrder');
  const ship = fn('ShipOrder');
  const unused = fn('NightlyReport');

  it('finds the functions a definition names by ARN (qualified or not) or by name', () => {
    const definition = {
      States: {
        Validate: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: `${validate.arn}:$LATEST` },
        },
        Ship: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: 'ShipOrder' },
        },
      },
    };
    expect(functionsInUse({ definition }, [validate, ship, unused])).toEqual([validate, ship]);
  });

  it('finds none in a definition without Lambda tasks', () => {
    const definition = { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } };
    expect(functionsInUse({ definition }, [validate, ship, unused])).toEqual([]);
  });
});
