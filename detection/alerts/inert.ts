/**
 * Attacker text stays text (issue 18 point 5, security checklist items 22-23).
 * Every value the alert engine takes from an event passes through `inert`
 * before it reaches a subject, an email, an HTTPS payload or a Slack message:
 *
 * - characters that are invisible or move other text are replaced by a
 *   visible placeholder `⟨U+XXXX⟩`: every control character (C0, DEL, C1,
 *   so CR, LF, TAB, VT, FF, U+0085 and the ESC that starts an ANSI escape),
 *   every format character (Unicode category Cf: bidi overrides and
 *   isolates such as U+202E, zero-width space/joiners, the BOM, soft hyphen),
 *   the line and paragraph separators U+2028/U+2029, surrogates, private-use
 *   and unassigned code points, and a few "blank" letters that render as
 *   nothing (Hangul fillers, U+034F, U+2800);
 * - URLs are defanged (`https://evil.example` → `hxxps://evil[.]example`,
 *   `www.evil.example` → `www[.]evil[.]example`, bare `evil.example/x` and
 *   `it@evil.example` → `evil[.]example/x`, `it@evil[.]example`) in values an attacker can
 *   set, so no client turns them into links;
 * - every value is capped at MAX_VALUE_LENGTH characters, then `…(+N)` with
 *   N the number of characters cut, so one field cannot push the rest of the
 *   message out of view (no line over 300 characters with its label).
 *
 * Pure functions; bundled into the Lambda with the engine.
 */

/** Characters a value keeps before `…(+N)`. */
export const MAX_VALUE_LENGTH = 256;

/** Code points shown as `⟨U+XXXX⟩`: controls, format characters, separators, surrogates, private use, unassigned, invisible fillers. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}\u034F\u115F\u1160\u17B4\u17B5\u180E\u2800\u3164\uFFA0]/u;

export function placeholder(codePoint: number): string {
  return `⟨U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** Every hidden character replaced by its visible placeholder. */
export function visible(value: string): string {
  let out = '';
  for (const char of value) out += HIDDEN.test(char) ? placeholder(char.codePointAt(0)!) : char;
  return out;
}

const SCHEME_URL = /\b([a-z][a-z0-9+.-]{1,20}):\/\/([^\s/?#]*)/gi;
const WWW_HOST = /\bwww\.[^\s/?#]+/gi;
/** A bare host name (`evil.example`, the host of `it@evil.example`): labels, then a letter TLD; not inside a longer token (versions, `x86_64.amzn.2`). */
const BARE_HOST = /(?<![\w.\-[\]])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})(?![\w-])/gi;
const dots = (host: string): string => host.replace(/(?<!\[)\.(?!\])/g, '[.]');

/** URLs made unclickable: hxxp(s)://, fxp://, and every dot of the host as [.] (the common defanging convention); bare host names too (clients link `evil.example`). */
export function defang(value: string): string {
  return value
    .replace(SCHEME_URL, (_, scheme: string, host: string) => `${scheme.replace(/^http/i, 'hxxp').replace(/^ftp/i, 'fxp').replace(/^ws/i, 'wxs')}://${dots(host)}`)
    .replace(WWW_HOST, (host) => (host.includes('[.]') ? host : dots(host)))
    .replace(BARE_HOST, dots);
}

/** At most `max` characters (code points), then `…(+N)`. */
export function cap(value: string, max = MAX_VALUE_LENGTH): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max).join('')}…(+${chars.length - max})`;
}

/**
 * A value from an event as the message shows it: hidden characters made
 * visible, URLs defanged when the value is attacker-settable, capped.
 */
export function inert(value: string, options: { untrusted?: boolean; max?: number } = {}): string {
  const shown = visible(value);
  return cap(options.untrusted === false ? shown : defang(shown), options.max);
}

/**
 * Slack (client-markdown through AWS Chatbot): a value in a code span, so no
 * link, mention or formatting is rendered from it. A code span cannot escape
 * a backtick, so a backtick shows as its placeholder; &, < and > are Slack's
 * control characters even in code (escaped as Slack documents).
 */
export function slackCode(value: string): string {
  return `\`${slackEscape(value.replace(/`/g, placeholder(0x60)))}\``;
}

/** Slack mrkdwn: &, < and > are control characters ("Formatting text for app surfaces", Slack API docs). */
export const slackEscape = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
