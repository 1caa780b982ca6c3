/**
 * The same alert as the email message, in the AWS Chatbot custom-notification
 * format (`{"version":"1.0","source":"custom","content":{...}}`): AWS Chatbot
 * only shows SNS messages it recognizes (CloudWatch alarms, some AWS service
 * events, and this format) and drops plain text. Built from the kind's
 * message fields, so email and Slack always show the same fields.
 *
 * EventBridge does not escape values it puts into a template; a value with a
 * double quote (possible only in a user agent) would make the JSON invalid and
 * AWS Chatbot drop that one message; the email message is unaffected.
 * No cdktf import.
 */
import type { MessageSpec, MessageTemplate } from '../../detection/types';
import { messageTemplate } from '../../detection/message';

export function chatbotMessageTemplate(kind: MessageSpec): MessageTemplate {
  // Same input paths as the email message (validated there).
  const { inputPaths } = messageTemplate(kind);
  const notification = {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: `[${kind.severity}] ${kind.title}`,
      description: [kind.description, ...kind.messageFields.map(({ label, variable }) => `*${label}*: <${variable}>`)].join('\n'),
    },
  };
  return { inputPaths, inputTemplate: JSON.stringify(notification) };
}
