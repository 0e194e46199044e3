export { FunctionRunner } from './function-runner';
export type { FunctionRunnerOptions, InvokeOptions, InvokeResult, LocalFunction } from './function-runner';
export { localFunctionsFromAssembly } from './local-functions';
export { lambdaEnvironment } from './lambda-environment';
