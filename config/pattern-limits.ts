/**
 * AWS's length limits on the patterns signin-watch deploys. Here, below the
 * detection layer, because config validation reports a config that would
 * exceed them at its place in the file; detection/catalogue.ts re-exports them.
 */

/** Max length of a CloudWatch Logs filter pattern (PutMetricFilter). */
export const MAX_FILTER_PATTERN_LENGTH = 1024;

/**
 * EventBridge's default maximum event-pattern size, in characters ("Amazon
 * EventBridge quotas": "Event pattern size ... 2,048 ... Maximum size of an
 * event pattern, in characters", adjustable). Every pattern we deploy stays
 * under the default, so no quota request is needed; hashicorp/aws 5.x also
 * refuses a longer event_pattern at plan ("cannot be longer than 2048
 * characters", terraform-provider-aws issue #33732).
 */
export const MAX_EVENT_PATTERN_LENGTH = 2048;
