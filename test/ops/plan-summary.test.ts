/** Plan counts from `terraform show -json` and the pull-request comment built from them. */
import { COMMENT_MARKER, renderSummary, summarizePlan } from '../../review/plan-comment';
import { renderComment } from '../../review/plan-summary';

const change = (address: string, actions: string[]) => ({ address, change: { actions } });

describe('GIVEN a plan with every kind of action', () => {
  const plan = summarizePlan('member-workload-prod', {
    resource_changes: [
      change('aws_sqs_queue.new', ['create']),
      change('aws_iam_role.forwarder', ['update']),
      change('aws_cloudwatch_event_rule.old', ['delete']),
      change('aws_kms_key.key', ['delete', 'create']),
      change('aws_sns_topic.same', ['no-op']),
      change('data.aws_caller_identity.me', ['read']),
    ],
  });

  it('THEN it counts like Terraform: a replacement is one add and one destroy', () => {
    expect(plan).toEqual({
      stack: 'member-workload-prod',
      add: 2,
      change: 1,
      destroy: 2,
      destroyed: ['aws_cloudwatch_event_rule.old'],
      replaced: ['aws_kms_key.key'],
      kinds: { 'create aws_sqs_queue': 1, 'update aws_iam_role': 1, 'delete aws_cloudwatch_event_rule': 1, 'replace aws_kms_key': 1 },
    });
  });

  it('THEN the comment shows the table, what is destroyed or replaced, removed stacks and missing plans', () => {
    const failed = { ...summarizePlan('aggregator', {}), error: 'terraform plan failed: AccessDenied' };
    const text = renderSummary({ plans: [plan, failed], removed: ['member-old'], missing: ['management'] });
    expect(text).toBe(
      [
        COMMENT_MARKER,
        '## signin-watch plan',
        '',
        '2 stacks planned: **2 to add, 1 to change, 2 to destroy**; **1 failed**.',
        '',
        '| Change | Resources | Stacks |',
        '|---|--:|--:|',
        '| create `aws_sqs_queue` | 1 | 1 |',
        '| delete `aws_cloudwatch_event_rule` | 1 | 1 |',
        '| replace `aws_kms_key` | 1 | 1 |',
        '| update `aws_iam_role` | 1 | 1 |',
        '',
        '| Stack | Add | Change | Destroy | |',
        '|---|--:|--:|--:|---|',
        '| `aggregator` | 0 | 0 | 0 | ❌ plan failed |',
        '| `member-workload-prod` | 2 | 1 | 2 | ⚠️ destroys |',
        '',
        '**member-workload-prod** destroys or replaces:',
        '- destroy `aws_cloudwatch_event_rule.old`',
        '- replace `aws_kms_key.key`',
        '',
        '**aggregator**: terraform plan failed: AccessDenied',
        '',
        '⚠️ No plan arrived for: `management` (see the plan jobs).',
        '',
        '⚠️ Removed from the config: `member-old`. The pipeline never destroys a stack: destroy it by hand (docs/operate.md, "Removing an account").',
        '',
      ].join('\n'),
    );
  });
});

describe('GIVEN no stack changed', () => {
  it('THEN the comment says so, links the artifacts and folds the coverage report underneath', () => {
    const text = renderComment({ plans: [], removed: [], coverage: '## Sign-in alert coverage\n\nmatrix\n', artifactsUrl: 'https://github.com/o/r/actions/runs/1' });
    expect(text).toBe(
      `${COMMENT_MARKER}\n## signin-watch plan\n\nNo stack changes: nothing to plan.\n\nFull explanation (explain.md), coverage report (coverage.md) and plan counts: the [\`review\` artifact](https://github.com/o/r/actions/runs/1).\n\n<details><summary>Coverage report</summary>\n\n## Sign-in alert coverage\n\nmatrix\n\n</details>\n`,
    );
  });
});
