import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EncryptedTopic, grantTopicPublish } from '../../../lib/construct/encrypted-topic';
import { testApp } from '../../support/synth';
// Synthesized with aws-cdk-lib's CloudFormation validation, as `cdk synth` does: product templates.
import '../../support/cfn-validation';

describe('EncryptedTopic', () => {
  it('encrypts with its own rotated key and denies publishing without TLS', () => {
    const stack = new Stack(testApp(), 'Stack');
    new EncryptedTopic(stack, 'Topic');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, PendingWindowInDays: 30 });
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: Match.objectLike({ 'Fn::GetAtt': Match.anyValue() }),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: [
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ],
      },
    });
  });

  it('lets CloudWatch alarms use the key only when asked, scoped to the account', () => {
    const stack = new Stack(testApp(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
    new EncryptedTopic(stack, 'Plain');
    new EncryptedTopic(stack, 'ForAlarms', { allowCloudWatchAlarms: true });
    const keys = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'));
    const cloudwatchStatements = keys.map((key) =>
      key.Properties.KeyPolicy.Statement.filter(
        (s: { Sid?: string }) => s.Sid === 'AllowCloudWatchAlarmsToPublish',
      ),
    );
    expect(cloudwatchStatements.map((s) => s.length)).toEqual([0, 1]);
    expect(cloudwatchStatements[1][0]).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
    });
  });

  it('grants publishing with exactly kms:Decrypt and kms:GenerateDataKey on the key', () => {
    const stack = new Stack(testApp(), 'Stack');
    const topic = new EncryptedTopic(stack, 'Topic');
    const role = new iam.Role(stack, 'Publisher', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    grantTopicPublish(topic.topic, role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sns:Publish',
            Resource: { Ref: Match.stringLikeRegexp('^Topic[0-9A-F]{8}$') },
          },
          {
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('TopicKey'), 'Arn'] },
          },
        ],
      },
    });
  });
});
