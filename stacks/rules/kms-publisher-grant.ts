import { customerManagedKey, keyPolicy, targetKind } from './helpers';
import { allows, conditionValues, coversAction, type Statement } from './policy';
import type { SecurityRule } from './types';
import type { StackModel, TfItem } from './model';

const PUBLISHERS = ['events.amazonaws.com', 'cloudwatch.amazonaws.com'];

/**
 * A publisher grant must be limited to this account's sources. AWS documents
 * that EventBridge-to-encrypted-SNS delivery does not support aws:Source*
 * keys in the key policy, so a kms:EncryptionContext condition (the topic or
 * queue ARN SNS/SQS pass to KMS) is accepted as the limit too.
 */
function isScopedGrant(statement: Statement): boolean {
  return (
    conditionValues(statement, 'aws:SourceAccount').length > 0 ||
    conditionValues(statement, 'aws:SourceArn').length > 0 ||
    statement.conditions.some((condition) => condition.key.toLowerCase().startsWith('kms:encryptioncontext:'))
  );
}

function grants(model: StackModel, key: TfItem, service: string): boolean {
  return (keyPolicy(model, key)?.statements ?? []).some(
    (s) => allows(s) && s.principals?.Service.includes(service) && coversAction(s, 'kms:GenerateDataKey') && coversAction(s, 'kms:Decrypt'),
  );
}

/**
 * Checklist 11: an encrypted topic or queue that EventBridge or CloudWatch
 * alarms publish to has a key that lets them use GenerateDataKey* and Decrypt; every
 * such grant is limited (see isScopedGrant).
 */
export const kmsPublisherGrant: SecurityRule = {
  id: 'SW-KMS-5',
  area: 'KMS',
  title: 'Keys of topics/queues EventBridge or alarms publish to grant them GenerateDataKey*/Decrypt, limited by aws:SourceAccount, aws:SourceArn or an encryption context',
  checklist: [11],
  check(model) {
    const violations = model.resources('aws_kms_key').flatMap((key) =>
      (keyPolicy(model, key)?.statements ?? [])
        .filter((s) => allows(s) && s.principals?.Service.some((service) => PUBLISHERS.includes(service)))
        .filter((s) => !isScopedGrant(s))
        .map((s) => ({
          item: key,
          message: `statement ${s.sid ?? '?'} for ${s.principals!.Service.join(', ')} is not limited by aws:SourceAccount, aws:SourceArn or a kms:EncryptionContext condition`,
        })),
    );
    const needs = new Map<TfItem, Set<string>>();
    const need = (destination: TfItem | undefined, service: string) => {
      if (!destination) return;
      const keyValue = destination.type === 'aws_sns_topic' || destination.type === 'aws_sqs_queue' ? destination.body.kms_master_key_id : undefined;
      const key = customerManagedKey(model, keyValue)?.key;
      if (!key) return;
      needs.set(key, (needs.get(key) ?? new Set()).add(service));
    };
    for (const target of model.resources('aws_cloudwatch_event_target')) {
      need(targetKind(model, target).item, 'events.amazonaws.com');
      for (const dlq of model.mentioned(target.body.dead_letter_config)) need(dlq, 'events.amazonaws.com');
    }
    for (const alarm of model.resources('aws_cloudwatch_metric_alarm')) {
      for (const topic of model.mentioned([alarm.body.alarm_actions, alarm.body.ok_actions])) need(topic, 'cloudwatch.amazonaws.com');
    }
    for (const [key, services] of needs) {
      for (const service of services) {
        if (!grants(model, key, service)) violations.push({ item: key, message: `key policy must let ${service} use kms:GenerateDataKey* and kms:Decrypt` });
      }
    }
    return violations;
  },
};
