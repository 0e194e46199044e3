import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { BUNDLE_BUDGET_BYTES, handlerBundleDir, HANDLERS_DIST_DIR } from '../../../lib/construct/bundling';
import { OrderWorkflow } from '../../../lib/construct/order-workflow';
import { findFunctionBundles } from '../../../lib/toolkit/local/function-bundles';
import { handlerSteps } from '../../../lib/app/handler-bundles';
import { testApp } from '../../support/synth';
// Synthesized with aws-cdk-lib's CloudFormation validation, as `cdk synth` does: product templates.
import '../../support/cfn-validation';

const STEPS = [
  'notify-out-of-stock',
  'process-payment',
  'refund-payment',
  'ship-order',
  'stock',
  'validate-order',
];

// The jest global setup builds dist/handlers when it is stale, with the build's own function.
const bundleFile = (step: string) => path.join(HANDLERS_DIST_DIR, step, 'index.js');

describe('default handler bundles, as the build makes them', () => {
  it('finds one step per lambdas/<step>/index.ts exporting a handler', () => {
    expect(handlerSteps()).toEqual(STEPS);
  });

  it.each(STEPS)('keeps the %s bundle within 100 KB minified', (step) => {
    expect(fs.statSync(bundleFile(step)).size).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
  });

  it('leaves the AWS SDK to the Lambda runtime', () => {
    const code = fs.readFileSync(bundleFile('notify-out-of-stock'), 'utf8');
    expect(code).toMatch(/require\("@aws-sdk\/client-sns"\)/);
    expect(code).not.toMatch(/class PublishCommand/);
  });

  it('says how to build a missing bundle', () => {
    expect(() => handlerBundleDir('no-such-step')).toThrow(/run `npm run build:handlers`/);
  });
});

describe('the construct deploys those bundles', () => {
  const app = testApp();
  const stack = new Stack(app, 'BundleStack');
  new OrderWorkflow(stack, 'Workflow');
  const assembly = app.synth();
  const artifact = assembly.getStackByName('BundleStack');
  const bundles = findFunctionBundles(assembly.directory, artifact.stackName, artifact.template);

  it('ships each step as its built bundle, unchanged, with index.handler', () => {
    expect(bundles).toHaveLength(STEPS.length);
    const deployed = bundles.map((b) => fs.readFileSync(path.join(b.directory, 'index.js'), 'utf8')).sort();
    const built = STEPS.map((step) => fs.readFileSync(bundleFile(step), 'utf8')).sort();
    expect(deployed).toEqual(built);
    for (const bundle of bundles) expect(bundle.handler).toBe('index.handler');
  });
});
