/** SCP documents for the preflight tests. */
import type { ScpPolicy } from '../../preflight/scp-evaluator';

export const FULL_AWS_ACCESS: ScpPolicy = {
  id: 'p-FullAWSAccess',
  name: 'FullAWSAccess',
  content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }),
};

/**
 * The shape of Control Tower's landing-zone region deny (AWS Control Tower,
 * "Deny access to AWS based on the requested AWS Region", GRREGIONDENY): Deny,
 * NotAction of global services (a few of them here), outside the governed
 * regions, except AWSControlTowerExecution.
 */
export function regionDeny(allowedRegions: string[], exemptPrincipals: string[] = ['arn:*:iam::*:role/AWSControlTowerExecution'], principalKey = 'aws:PrincipalARN'): ScpPolicy {
  return {
    id: 'p-regiondeny',
    name: 'aws-guardrails-region-deny',
    content: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'GRREGIONDENY',
          Effect: 'Deny',
          NotAction: ['iam:*', 'organizations:*', 'sts:*', 'support:*', 'chatbot:*', 'kms:*'],
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:RequestedRegion': allowedRegions }, ArnNotLike: { [principalKey]: exemptPrincipals } },
        },
      ],
    }),
  };
}
