import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

/** Properties of an {@link EncryptedTopic}. */
export interface EncryptedTopicProps {
  /**
   * A human-readable name shown in email notifications.
   * @default - no display name
   */
  readonly displayName?: string;

  /**
   * Let CloudWatch alarms publish to the topic. Alarms cannot use the AWS-managed `alias/aws/sns`
   * key, so the topic's customer-managed key gets a statement for `cloudwatch.amazonaws.com`.
   * @default false
   */
  readonly allowCloudWatchAlarms?: boolean;

  /**
   * What happens to the KMS key when the stack is deleted. Messages already delivered do not
   * need it, so it can go with the stack; KMS keeps a deleted key for a 30-day waiting period.
   * @default RemovalPolicy.DESTROY
   */
  readonly keyRemovalPolicy?: RemovalPolicy;
}

/**
 * An SNS topic encrypted with its own customer-managed KMS key (rotated yearly) whose policy
 * refuses every request not made over TLS.
 */
export class EncryptedTopic extends Construct {
  /** The topic. */
  public readonly topic: sns.Topic;
  /** The key that encrypts the topic's messages at rest. */
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: EncryptedTopicProps = {}) {
    super(scope, id);

    this.key = new kms.Key(this, 'Key', {
      description: `Encrypts messages of the ${this.node.path} topic`,
      enableKeyRotation: true,
      pendingWindow: Duration.days(30),
      removalPolicy: props.keyRemovalPolicy ?? RemovalPolicy.DESTROY,
    });

    this.topic = new sns.Topic(this, 'Topic', {
      displayName: props.displayName,
      masterKey: this.key,
      enforceSSL: true,
    });

    if (props.allowCloudWatchAlarms) {
      // SnsAction adds no key statement: without it alarms fail to publish, silently.
      this.key.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'AllowCloudWatchAlarmsToPublish',
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': this.topic.env.account } },
        }),
      );
    }
  }
}

/**
 * Grants publishing to a topic and, where it is encrypted with a key we know, exactly the two key
 * actions SNS needs. `ITopic.grantPublish` grants `kms:GenerateDataKey*`, a wildcard action.
 */
export function grantTopicPublish(topic: sns.ITopic, grantee: iam.IGrantable): void {
  iam.Grant.addToPrincipal({ grantee, actions: ['sns:Publish'], resourceArns: [topic.topicArn] });
  if (topic.masterKey) {
    topic.masterKey.grant(grantee, 'kms:Decrypt', 'kms:GenerateDataKey');
  }
}
