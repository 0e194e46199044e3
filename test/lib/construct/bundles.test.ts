import * as fs from 'node:fs';
import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { OrderWorkflow } from '../../../lib/construct/order-workflow';
import { findFunctionBundles } from '../../../lib/local/function-bundles';
import { testApp } from '../../support/synth';

/** The budget every handler bundle must fit in, Powertools included. */
const BUDGET_BYTES = 100 * 1024;

describe('default handler bundles, as cdk synth builds them', () => {
  const app = testApp({ bundle: true });
  const stack = new Stack(app, 'BundleStack');
  new OrderWorkflow(stack, 'Workflow');
  const assembly = app.synth();
  const artifact = assembly.getStackByName('BundleStack');
  const bundles = findFunctionBundles(assembly.directory, artifact.stackName, artifact.template);
  const bundleFile = (dir: string) => path.join(dir, 'index.js');

  it('builds one bundle per step with esbuild, without Docker', () => {
    expect(bundles).toHaveLength(6);
    for (const bundle of bundles) expect(fs.existsSync(bundleFile(bundle.directory))).toBe(true);
  });

  it.each(['ValidateOrder', 'Stock', 'ProcessPayment', 'ShipOrder', 'NotifyOutOfStock', 'RefundPayment'])(
    'keeps the %s bundle within 100 KB minified',
    (step) => {
      const bundle = bundles.find((b) => b.logicalId.startsWith(`Workflow${step}Function`))!;
      const size = fs.statSync(bundleFile(bundle.directory)).size;
      expect(size).toBeLessThanOrEqual(BUDGET_BYTES);
    },
  );

  it('leaves the AWS SDK to the Lambda runtime', () => {
    const notify = bundles.find((b) => b.logicalId.startsWith('WorkflowNotifyOutOfStockFunction'))!;
    const code = fs.readFileSync(bundleFile(notify.directory), 'utf8');
    expect(code).toMatch(/require\("@aws-sdk\/client-sns"\)/);
    expect(code).not.toMatch(/class PublishCommand/);
  });
});
