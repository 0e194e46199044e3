export { FunctionRunner } from './function-runner';
export type { FunctionRunnerOptions, InvokeOptions } from './function-runner';
export type { InvokeResult, LocalFunction } from './local-function';
export { localFunctionsFromAssembly } from './local-functions';
export { lambdaEnvironment } from './lambda-environment';
