import { customerManagedKey, keyPolicy, targetKind } from './helpers';
import { allows, conditionValues, coversAction } from './policy';
import type { SecurityRule } from './types';
import type { StackModel, TfItem } from './model';

const PUBLISHERS = ['events.amazonaws.com', 'cloudwatch.amazonaws.com'];

function grants(model: StackModel, key: TfItem, service: string): boolean {
  return (keyPolicy(model, key)?.statements ?? []).some(
    (s) => allows(s) && s.principals?.Service.includes(service) && coversAction(s, 'kms:GenerateDataKey') && coversAction(s, 'kms:Decrypt'),
  );
}

/**
 * Checklist 11: an encrypted topic or queue that EventBridge or CloudWatch
 * alarms publish to has a key that lets them use GenerateDataKey* and Decrypt; every
 * such grant is limited by aws:SourceAccount.
 */
export const kmsPublisherGrant: SecurityRule = {
  id: 'SW-KMS-5',
  area: 'KMS',
  title: 'Keys of topics/queues EventBridge or alarms publish to grant them GenerateDataKey*/Decrypt, always with aws:SourceAccount',
  checklist: [11],
  check(model) {
    const violations = model.resources('aws_kms_key').flatMap((key) =>
      (keyPolicy(model, key)?.statements ?? [])
        .filter((s) => allows(s) && s.principals?.Service.some((service) => PUBLISHERS.includes(service)))
        .filter((s) => conditionValues(s, 'aws:SourceAccount').length === 0)
        .map((s) => ({ item: key, message: `statement ${s.sid ?? '?'} for ${s.principals!.Service.join(', ')} lacks aws:SourceAccount` })),
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
