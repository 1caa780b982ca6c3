/**
 * identity-provider-change: an IAM SAML or OIDC provider changed (except
 * Identity Center managing its own), or the IAM Identity Center identity
 * source changed, allowed or denied.
 */
import { IAM_EVENT_SOURCE, SSO_DIRECTORY_EVENT_SOURCE, SSO_EVENT_SOURCE } from '../event-sources';
import { apiCall, apiFilter, busSource, from, missingOrAnythingBut, nameIn } from '../api-call-terms';
import { all, any, is, notAnyOf } from '../filter-terms';
import type { KindDefinition } from '../kind-definition';
import { API_CALL_FIELDS, field } from '../message-fields';

/** IAM identity provider changes (IAM API reference; Identity Center's own AWSSSO_* providers are excluded by invokedBy). */
export const IAM_IDENTITY_PROVIDER_EVENT_NAMES = [
  'CreateSAMLProvider',
  'UpdateSAMLProvider',
  'DeleteSAMLProvider',
  'CreateOpenIDConnectProvider',
  'DeleteOpenIDConnectProvider',
  'UpdateOpenIDConnectProviderThumbprint',
  'AddClientIDToOpenIDConnectProvider',
] as const;
/**
 * IAM Identity Center identity-source changes: the directory associated,
 * disassociated or its association updated (sso.amazonaws.com console operations
 * AssociateDirectory, DisassociateDirectory, UpdateDirectoryAssociation), and the
 * external IdP configuration created, updated (new SAML metadata: the IdP swap),
 * deleted, enabled or disabled (sso-directory.amazonaws.com
 * {Create,Update,Delete,Enable,Disable}ExternalIdPConfigurationForDirectory).
 * IAM Identity Center user guide, "IAM Identity Center information in CloudTrail"
 * (console API operations; identity store CloudTrail operations). SigmaHQ
 * aws_sso_idp_change.yml lists names under both sources, so either source counts.
 */
export const IDENTITY_CENTER_IDENTITY_SOURCE_EVENT_NAMES = ['AssociateDirectory', 'DisassociateDirectory', 'UpdateDirectoryAssociation'] as const;
/**
 * The five external-IdP writes, matched by their common suffix to stay under
 * CloudWatch Logs' 1,024-character filter limit (a leading `*` is a wildcard in
 * CloudWatch Logs, see arnPatternTerms; on buses `suffix`: EventBridge user guide,
 * "Comparison operators for use in event patterns", Ends with, event bus support Yes). The one read of that family in the same
 * list, ListExternalIdPConfigurationsForDirectory, is plural and does not match.
 */
export const IDENTITY_CENTER_EXTERNAL_IDP_EVENT_SUFFIX = 'ExternalIdPConfigurationForDirectory';

/**
 * What to do now (nextSteps), from AWS guidance:
 * - https://repost.aws/knowledge-center/potential-account-compromise
 * - https://docs.aws.amazon.com/guardduty/latest/ug/compromised-creds.html
 */
export const identityProviderChange: KindDefinition = {
  nextSteps: [
    'Confirm the identity provider change with whoever administers federation; an unexpected provider lets an outsider sign in as any role that trusts it.',
    'If unexpected, delete the provider or revert its metadata, and review roles that trust it (GuardDuty: remediating compromised credentials).',
  ],
  severity: 'HIGH',
  metricName: 'IdentityProviderChange',
  messageFields: [
    ...API_CALL_FIELDS,
    field('Invoked by', 'invokedBy', '$.detail.userIdentity.invokedBy'),
    field('SAML provider', 'samlProviderArn', '$.detail.requestParameters.sAMLProviderArn'),
    field('SAML provider name', 'samlProviderName', '$.detail.requestParameters.name'),
    field('OIDC provider', 'oidcProviderArn', '$.detail.requestParameters.openIDConnectProviderArn'),
    field('OIDC provider URL', 'oidcProviderUrl', '$.detail.requestParameters.url'),
  ],
  eventPattern: () => ({
    $or: [
      apiCall(IAM_EVENT_SOURCE, IAM_IDENTITY_PROVIDER_EVENT_NAMES, { $or: missingOrAnythingBut(['userIdentity', 'invokedBy'], [SSO_EVENT_SOURCE]) }),
      {
        source: [busSource(SSO_DIRECTORY_EVENT_SOURCE), busSource(SSO_EVENT_SOURCE)],
        detail: {
          eventSource: [SSO_DIRECTORY_EVENT_SOURCE, SSO_EVENT_SOURCE],
          eventName: [...IDENTITY_CENTER_IDENTITY_SOURCE_EVENT_NAMES, { suffix: IDENTITY_CENTER_EXTERNAL_IDP_EVENT_SUFFIX }],
        },
      },
    ],
  }),
  filter: (root) =>
    apiFilter(
      root,
      [IAM_EVENT_SOURCE, SSO_DIRECTORY_EVENT_SOURCE, SSO_EVENT_SOURCE],
      any(
        all(from(root, IAM_EVENT_SOURCE, IAM_IDENTITY_PROVIDER_EVENT_NAMES), notAnyOf(root, 'userIdentity.invokedBy', [SSO_EVENT_SOURCE])),
        all(
          any(is(root, 'eventSource', SSO_DIRECTORY_EVENT_SOURCE), is(root, 'eventSource', SSO_EVENT_SOURCE)),
          any(nameIn(root, IDENTITY_CENTER_IDENTITY_SOURCE_EVENT_NAMES), is(root, 'eventName', `*${IDENTITY_CENTER_EXTERNAL_IDP_EVENT_SUFFIX}`)),
        ),
      ),
    ),
};
