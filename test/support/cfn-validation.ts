/**
 * Imported (for its effect) by the suites that synthesize the product's templates: the construct
 * and its variants, the app, the examples. They synthesize with aws-cdk-lib's CloudFormation
 * validation on, as `cdk synth` does (cdk.json's `validateAgainstDefaultRules` makes a finding fail
 * synthesis); jest-env.js turns it off for the test fixtures everywhere else.
 */
process.env.CDK_VALIDATION = 'true';

export {};
