/**
 * The Lambda entry point of the alert engine (bundled with esbuild at synth
 * time, stacks/constructs/alert-engine-bundle.ts). Each alert rule invokes it
 * asynchronously with `{"kind": …, "event": <the whole event>}`.
 *
 * One message per event: the engine evaluates every enabled kind's pattern
 * (the catalogue's, bundled in the model) on the event itself and finds the
 * leader, the most severe kind the event matched. Only the invocation of the
 * leader's rule renders and publishes, one message naming every matched kind;
 * the other rules' invocations for the same event publish nothing. No shared
 * state, no race: every invocation computes the same leader from the same
 * event (docs/aggregator.md, "One message per event").
 *
 * It publishes to the SNS topic of every destination: plain text with a
 * subject to email and HTTPS topics, the AWS Chatbot custom notification to
 * Slack topics. INFO-only messages have no immediate destination (digest).
 *
 * A failed publish fails the invocation (after trying every destination), so
 * Lambda retries it (twice, "How Lambda handles errors and retries with
 * asynchronous invocation") and then hands it to the on-failure destination.
 * A retry can repeat a message to a destination that already received it:
 * delivery is at least once, never silently dropped.
 *
 * The AWS SDK for JavaScript v3 is part of the Node.js runtimes ("Building
 * Lambda functions with Node.js": the Node.js 18 and later runtimes include
 * SDK v3), so the bundle leaves `@aws-sdk/*` external.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AlertEngine, destinationType, type AlertInput, type EngineModel, type RenderedMessage } from './engine';
import { renderWithState, type AlertStateStore } from './state';

/** The model file bundled beside index.js. */
export const MODEL_FILE = 'engine-model.json';

/** Publishes one message to one topic (SNS Publish). */
export type Publish = (request: { topicArn: string; subject?: string; message: string }) => Promise<void>;

export interface Delivery {
  destination: string;
  topicArn: string;
  subject?: string;
  message: string;
}

/** Destinations AWS Chatbot delivers (Slack, Microsoft Teams): they take the custom notification, not the plain text. */
export const CHAT_DESTINATION_TYPES: readonly string[] = ['slack', 'teams'];

/** What to publish for one rendered message: one delivery per destination. */
export function deliveries(message: RenderedMessage, topics: Record<string, string>): Delivery[] {
  return message.destinations.map((destination) => {
    const topicArn = topics[destination];
    if (!topicArn) throw new Error(`no topic for destination ${destination}`);
    return CHAT_DESTINATION_TYPES.includes(destinationType(destination))
      ? { destination, topicArn, message: message.chat }
      : { destination, topicArn, subject: message.subject, message: message.text };
  });
}

export interface HandlerResult {
  delivered: string[];
  /** Storm control held the message back (counted; summarized with the key's next message after the window). */
  heldBack?: boolean;
  /** Nothing sent, and why (engine.dropReason: a GuardDuty finding about another account from a non-administrator). */
  dropped?: string;
}

/**
 * A handler over a model, a publisher and a state store (tests inject all
 * three; the deployed one reads the bundled model, uses SNS and the DynamoDB
 * store). Without a store, every message goes out without state context.
 */
export function createHandler(model: EngineModel, publish: Publish, log: (line: string) => void = console.log, store?: AlertStateStore): (input: AlertInput) => Promise<HandlerResult> {
  const engine = new AlertEngine(model);
  return async (input) => {
    // Before anything else (every rule's invocation drops it alike): a GuardDuty finding the engine cannot attribute.
    const dropped = engine.dropReason(input.event);
    if (dropped) {
      log(JSON.stringify({ kind: input.kind, dropped }));
      return { delivered: [], dropped };
    }
    const leader = engine.leader(input);
    const eventId = (input.event as { detail?: { eventID?: unknown } } | undefined)?.detail?.eventID;
    if (leader !== input.kind) {
      log(JSON.stringify({ kind: input.kind, eventId, sentBy: leader }));
      return { delivered: [] };
    }
    const kindIds = [input.kind, ...engine.matchingKinds(input.event)];
    // applyState never throws: a failing store degrades to "send" and reports why.
    const stateful = store ? await renderWithState(engine, store, input.event, kindIds) : { message: engine.renderEvent(input.event, kindIds), decision: undefined };
    if (stateful.decision && stateful.decision.errors.length > 0) log(JSON.stringify({ eventId, stateErrors: stateful.decision.errors, degradedTo: 'send' }));
    const message = stateful.message;
    if (!message) {
      log(JSON.stringify({ kinds: engine.orderKinds(kindIds), eventId, heldBack: true, windowCount: stateful.decision?.count }));
      return { delivered: [], heldBack: true };
    }
    const planned = deliveries(message, model.topics);
    const results = await Promise.allSettled(planned.map((delivery) => publish({ topicArn: delivery.topicArn, subject: delivery.subject, message: delivery.message })));
    const failed = planned.filter((_, index) => results[index].status === 'rejected');
    // No message text in the log: subjects and ids only (the log keeps no more than the trail already holds).
    log(JSON.stringify({ kinds: message.kinds, severity: message.severity, eventId, delivered: planned.length - failed.length, failed: failed.map((delivery) => delivery.destination) }));
    if (failed.length > 0) {
      const reasons = results.flatMap((result) => (result.status === 'rejected' ? [String((result.reason as Error)?.message ?? result.reason)] : []));
      throw new Error(`publish failed for ${failed.map((delivery) => delivery.destination).join(', ')}: ${reasons.join('; ')}`);
    }
    return { delivered: planned.map((delivery) => delivery.destination) };
  };
}

interface SnsModule {
  SNSClient: new (config: object) => { send(command: unknown): Promise<unknown> };
  PublishCommand: new (input: { TopicArn: string; Subject?: string; Message: string }) => unknown;
}

/** SNS Publish through the SDK the Lambda runtime provides. */
function snsPublisher(): Publish {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sns = require('@aws-sdk/client-sns') as SnsModule;
  const client = new sns.SNSClient({});
  return async ({ topicArn, subject, message }) => {
    await client.send(new sns.PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
  };
}

let deployed: ((input: AlertInput) => Promise<HandlerResult>) | undefined;

/** The deployed entry point (`index.handler`). */
export async function handler(input: AlertInput): Promise<HandlerResult> {
  if (!deployed) {
    const model = JSON.parse(readFileSync(path.join(__dirname, MODEL_FILE), 'utf8')) as EngineModel;
    // Loaded here, not at the top: synth and the CLI import this module for MODEL_FILE without the DynamoDB client.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DynamoDbStateStore } = require('./dynamodb-store') as typeof import('./dynamodb-store');
    deployed = createHandler(model, snsPublisher(), console.log, model.stateTable ? new DynamoDbStateStore(model.stateTable) : undefined);
  }
  return deployed(input);
}
