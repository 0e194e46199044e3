// The SDK warns on every client in Node 20 (it wants 22 after January 2027); the lockfile keeps
// today's versions working, so the warning is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

// aws-cdk-lib's built-in CloudFormation validation (a WebAssembly rule engine) costs 4-6 CPU seconds
// to start in every test file that synthesizes, about a third of the whole run. It is a check of the
// product's templates, so it stays on where they are made: the suites that import
// test/support/cfn-validation.ts (the construct, its variants, the app, the examples) and the app
// assemblies that global-setup.ts synthesizes for the run. Test fixtures (tiny assemblies, messaging
// apps) synthesize without it.
process.env.CDK_VALIDATION = 'false';
