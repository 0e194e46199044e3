import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  FunctionRunner,
  LocalFunction,
  localFunctionsFromAssembly,
} from '../../../../../lib/toolkit/local/lambda';
import { CfnTemplate, TemplateResolver } from '../../../../../lib/toolkit/local/template-resolver';
import { appAssembly } from '../../../../support/app-assemblies';
import { expectError, expectOk } from './fixtures';

const EXAMPLES = path.resolve(__dirname, '../../../../../examples');
const example = (name: string) => JSON.parse(fs.readFileSync(path.join(EXAMPLES, name), 'utf8'));

/** This project's app, synthesized with bundling: the run's shared Standard assembly. */
function synthesizedFunctions(): LocalFunction[] {
  const assembly = appAssembly('STANDARD');
  const template = JSON.parse(
    fs.readFileSync(path.join(assembly, 'OrderWorkflowStack.template.json'), 'utf8'),
  ) as CfnTemplate;
  return localFunctionsFromAssembly(assembly, 'OrderWorkflowStack', template, new TemplateResolver(template));
}

describe('the real bundled validate-order function', () => {
  const runner = new FunctionRunner();
  afterAll(() => runner.close());
  let validateOrder: LocalFunction;

  beforeAll(() => {
    const functions = synthesizedFunctions();
    expect(functions).toHaveLength(6);
    const synthesized = functions.find((fn) => fn.name.includes('ValidateOrder')) as LocalFunction;
    expect(synthesized).toMatchObject({
      handler: 'index.handler',
      runtime: 'nodejs24.x',
      timeoutSeconds: 5,
      environment: { INVENTORY_TABLE_NAME: expect.stringMatching(/^OrderWorkflowInventoryTable/) },
    });
    // Without its table (no DynamoDB here) the handler falls back to the sandbox catalogue.
    const { INVENTORY_TABLE_NAME: _table, ...environment } = synthesized.environment;
    validateOrder = { ...synthesized, environment };
  });

  it('validates examples/order.json into a ValidatedOrder', async () => {
    const result = expectOk(await runner.invoke(validateOrder, example('order.json')));
    expect(result.payload).toMatchObject({
      order: { orderId: 'example-order-001' },
      inventory: { inStock: true, unavailableItems: [] },
      charge: { currency: 'USD' },
    });
    // Powertools Logger's JSON lines, with the service name from the template's environment.
    expect(result.logs).toContain('"service":"order-workflow-validate-order"');
  });

  it('refuses examples/order-invalid.json with the error name the state machine catches', async () => {
    const result = expectError(await runner.invoke(validateOrder, example('order-invalid.json')));
    expect(result).toMatchObject({
      errorType: 'OrderValidationFailed',
      errorMessage: expect.stringContaining('items[0].quantity'),
    });
  });
});
