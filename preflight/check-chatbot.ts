/**
 * Check 8: the Slack workspace is authorized in AWS Chatbot in the aggregator
 * account (chatbot:DescribeSlackWorkspaces). The Chatbot API is served only in
 * us-east-2, us-west-2, ap-southeast-1 and eu-west-1 ("APIs are currently
 * available in the following Regions: US East (Ohio) - us-east-2, US West
 * (Oregon) - us-west-2, Asia Pacific (Singapore) - ap-southeast-1, Europe
 * (Ireland) - eu-west-1", https://docs.aws.amazon.com/chatbot/latest/APIReference/Welcome.html);
 * the call goes to one of them.
 */
import { ChatbotClient, DescribeSlackWorkspacesCommand } from '@aws-sdk/client-chatbot';
import { chatbotApiRegion } from '../config/regions';
import { accountCredentials, who, type PreflightContext } from './context';
import { emptyReport, recordFailure, type CheckReport } from './report';
import { allPages } from '../aws/pages';

export { CHATBOT_API_REGIONS } from '../config/regions';

export async function checkChatbot(context: PreflightContext): Promise<CheckReport> {
  const report = emptyReport('chatbot');
  const slack = context.config.notifications.slack;
  if (!slack) return { ...report, skipped: 'notifications.slack is not configured' };
  const access = accountCredentials(context, context.config.aggregator.account);
  const { account } = access;
  if (access.credentials === null) {
    report.unchecked.push(`Slack workspace ${slack.workspaceId} in AWS Chatbot of ${who(account)}: not checked, ${access.reason}`);
    return report;
  }
  const credentials = access.credentials;
  const { aws } = context;
  const region = chatbotApiRegion(context.config.aggregator.region);
  const chatbot = aws.client(ChatbotClient, region, credentials);
  try {
    const workspaces = await allPages(
      (token) => aws.retry(() => chatbot.send(new DescribeSlackWorkspacesCommand({ NextToken: token }))),
      (page) => (page.SlackWorkspaces ?? []).map((workspace) => workspace.SlackTeamId),
    );
    if (workspaces.includes(slack.workspaceId)) {
      report.ok.push(`Slack workspace ${slack.workspaceId} is authorized in AWS Chatbot of ${who(account)}`);
    } else {
      report.problems.push(
        `Slack workspace ${slack.workspaceId} is not authorized in AWS Chatbot of ${who(account)} (authorized: ${workspaces.join(', ') || 'none'}): in that account open the AWS Chatbot console, Configure new client, Slack, and allow the workspace; or fix notifications.slack.workspaceId`,
      );
    }
  } catch (error) {
    recordFailure(report, `Slack workspace in AWS Chatbot of ${who(account)}`, 'chatbot:DescribeSlackWorkspaces', `the role assumed in ${who(account)}`, error);
  }
  return report;
}
