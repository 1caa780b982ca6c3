/**
 * Fitting Markdown into a GitHub comment. GitHub refuses a comment body over
 * 65,536 characters; signin-watch stays under COMMENT_BUDGET (measured in
 * UTF-16 code units, as String.length and GitHub's limit count) with room for
 * the workflow's own additions. A cut happens only between blocks: a fenced
 * code block is kept whole or left out, so the rest never renders as code.
 */

export const COMMENT_BUDGET = 60_000;

/** Paragraphs and whole fenced code blocks, in order (the separating blank lines dropped). */
export function markdownBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  let fence: string | undefined;
  const flush = () => {
    if (current.length > 0) blocks.push(current.join('\n'));
    current = [];
  };
  for (const line of markdown.split('\n')) {
    const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence === undefined && marker) {
      flush();
      fence = marker;
      current.push(line);
    } else if (fence !== undefined) {
      current.push(line);
      if (marker && marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) {
        fence = undefined;
        flush();
      }
    } else if (line.trim() === '') flush();
    else current.push(line);
  }
  // An unclosed fence is closed here so that nothing after it renders as code.
  if (fence !== undefined) current.push(fence);
  flush();
  return blocks;
}

export interface Fitted {
  text: string;
  /** Blocks left out (0 when everything fit). */
  omitted: number;
}

/**
 * The leading blocks of `markdown` that fit in `budget` characters. A
 * paragraph longer than the budget is cut at a line end (a single line
 * longer than that is cut at a character); a code block is never cut.
 */
export function fitMarkdown(markdown: string, budget: number): Fitted {
  const blocks = markdownBlocks(markdown);
  const kept: string[] = [];
  let used = 0;
  for (const [index, block] of blocks.entries()) {
    const cost = block.length + (kept.length > 0 ? 2 : 0);
    if (used + cost <= budget) {
      kept.push(block);
      used += cost;
      continue;
    }
    const room = budget - used - (kept.length > 0 ? 2 : 0);
    const isCode = /^\s*(`{3,}|~{3,})/.test(block);
    if (!isCode && room > 0) {
      const lines = block.split('\n');
      const partial: string[] = [];
      let size = 0;
      for (const line of lines) {
        if (size + line.length + (partial.length > 0 ? 1 : 0) > room) break;
        size += line.length + (partial.length > 0 ? 1 : 0);
        partial.push(line);
      }
      if (partial.length > 0) kept.push(partial.join('\n'));
    }
    return { text: kept.join('\n\n'), omitted: blocks.length - index };
  }
  return { text: kept.join('\n\n'), omitted: 0 };
}

/** A list of names, at most `limit` shown, then "and N more". */
export function boundedList(names: string[], limit: number, format: (name: string) => string = (name) => `\`${name}\``): string {
  const shown = names.slice(0, limit).map(format).join(', ');
  return names.length > limit ? `${shown} and ${names.length - limit} more` : shown;
}

/** One line of untrusted length (an error message) cut to `max` characters. */
export function cutLine(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
