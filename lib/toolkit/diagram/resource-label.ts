/**
 * What a Task calls, in the few words a node has room for: `Lambda invoke`, `DynamoDB getItem`,
 * `Step Functions startExecution (sync)`, `Lambda` for a function ARN, `Activity`.
 */
import type { TaskResource } from '../asl/model';

/** Service ids as AWS writes their names. */
const SERVICES: Record<string, string> = {
  lambda: 'Lambda',
  sns: 'SNS',
  sqs: 'SQS',
  dynamodb: 'DynamoDB',
  states: 'Step Functions',
  events: 'EventBridge',
  ecs: 'ECS',
  batch: 'Batch',
  glue: 'Glue',
  athena: 'Athena',
  bedrock: 'Bedrock',
  apigateway: 'API Gateway',
  http: 'HTTP',
  s3: 'S3',
  sagemaker: 'SageMaker',
  codebuild: 'CodeBuild',
  emr: 'EMR',
};

/** The label of a classified Resource; an unrecognized one shows the last two parts of its ARN. */
export function resourceLabel(resource: TaskResource): string {
  switch (resource.kind) {
    case 'service': {
      const { pattern } = resource;
      const suffix =
        pattern === 'waitForTaskToken' ? ' (callback)' : pattern === 'request-response' ? '' : ' (sync)';
      return `${SERVICES[resource.service] ?? resource.service} ${resource.action}${suffix}`;
    }
    case 'lambda-function':
      return 'Lambda';
    case 'activity':
      return 'Activity';
    case 'unrecognized':
      return resource.arn.split(':').slice(-2).join(':');
  }
}
