import * as fs from 'node:fs';
import * as path from 'node:path';
import * as sns from 'aws-cdk-lib/aws-sns';
import { buildApp } from '../../../lib/app/build-app';
import { testApp } from '../../support/synth';

interface Violation {
  ruleName: string;
  violatingConstructs: Array<{ constructPath: string }>;
  reason?: string;
}
interface ValidationReport {
  pluginReports: Array<{
    pluginName: string;
    conclusion: string;
    violations: Violation[];
    suppressedViolations?: Violation[];
  }>;
}

function synthWithNag(workflowType: string, tamper?: (app: ReturnType<typeof buildApp>) => void) {
  const built = buildApp(testApp({ context: { workflowType } }));
  tamper?.(built);
  let error: Error | undefined;
  try {
    built.app.synth();
  } catch (e) {
    error = e as Error;
  }
  const report = JSON.parse(
    fs.readFileSync(path.join(built.app.outdir, 'validation-report.json'), 'utf8'),
  ) as ValidationReport;
  return { error, report: report.pluginReports.find((r) => r.pluginName === 'AwsSolutions')! };
}

/** `rule @ path` for every acknowledged finding: the pinned set below. */
const flatten = (violations: Violation[] = []) =>
  violations
    .flatMap((v) =>
      v.violatingConstructs.map(
        (c) => `${v.ruleName} @ ${c.constructPath.replace(/^OrderWorkflowStack\/OrderWorkflow\//, '')}`,
      ),
    )
    .sort();

const FUNCTIONS = [
  'NotifyOutOfStock',
  'ProcessPayment',
  'RefundPayment',
  'ShipOrder',
  'Stock',
  'ValidateOrder',
];
const ACKNOWLEDGED = [
  ...FUNCTIONS.map((f) => `AwsSolutions-IAM5[Resource::*] @ ${f}/Role/DefaultPolicy/Resource`),
  'AwsSolutions-IAM5[Resource::*] @ StateMachine/Role/DefaultPolicy/Resource',
  ...FUNCTIONS.map((f) =>
    expect.stringMatching(
      new RegExp(
        `^AwsSolutions-IAM5\\[Resource::<OrderWorkflow${f}Function[0-9A-F]{8}\\.Arn>:\\*\\] @ StateMachine/Role/DefaultPolicy/Resource$`,
      ),
    ),
  ),
];

describe('the app under cdk-nag AwsSolutions checks', () => {
  it.each(['STANDARD', 'EXPRESS'])('has no unacknowledged finding for a %s workflow', (workflowType) => {
    const { error, report } = synthWithNag(workflowType);
    expect(error).toBeUndefined();
    expect(report.conclusion).toBe('success');
    expect(report.violations).toEqual([]);
  });

  it('acknowledges exactly the wildcard findings the construct cannot avoid, each with a reason', () => {
    const { report } = synthWithNag('STANDARD');
    expect(flatten(report.suppressedViolations)).toEqual(expect.arrayContaining(ACKNOWLEDGED));
    expect(flatten(report.suppressedViolations)).toHaveLength(ACKNOWLEDGED.length);
    for (const v of report.suppressedViolations!) expect(v.reason).toMatch(/\w{10,}/);
  });

  it('fails synthesis on a new finding, so the checks above can fail', () => {
    const { error, report } = synthWithNag('STANDARD', ({ stack }) => new sns.Topic(stack, 'Unencrypted'));
    expect(error?.message).toMatch(/does not require publishers to use SSL/);
    expect(report.violations.map((v) => v.ruleName)).toContain('AwsSolutions-SNS3');
  });

  it('refuses an unknown workflowType context value by name', () => {
    expect(() => buildApp(testApp({ context: { workflowType: 'FAST' } }))).toThrow(
      'Context workflowType must be STANDARD or EXPRESS, got "FAST" (cdk deploy -c workflowType=EXPRESS).',
    );
  });
});
