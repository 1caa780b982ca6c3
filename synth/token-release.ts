/**
 * Synth memory at 2,000+ accounts: cdktf registers every token it ever
 * creates (each attribute reference, each nested block) in one process-wide
 * map, and never lets go. The tokens hold the constructs they refer to, so a
 * synthesized and written stack stays in memory until the process ends:
 * memory grows with the whole organization instead of its largest stack.
 *
 * Tokens get increasing numbers. Once a stack is written and removed from
 * the app, the tokens numbered from the mark taken before it was built belong
 * to it alone (no stack references another's tokens: stacks share values
 * through config/names.ts, and synth/app.ts refuses cross-stack
 * references), so they are dropped. A token that was dropped and used again
 * would not resolve silently wrong: cdktf throws "Unrecognized token key".
 *
 * Reads cdktf 0.21.0's private TokenMap (the version is pinned, and no longer
 * released), like stacks/token-stack-traces.ts.
 */
interface TokenMapInternals {
  stringTokenMap: Map<string, unknown>;
  numberTokenMap: Map<number, unknown>;
  tokenCounter: number;
}

const { TokenMap } = require('cdktf/lib/tokens/private/token-map') as { TokenMap: { instance(): TokenMapInternals } };

function tokenMap(): TokenMapInternals {
  const map = TokenMap.instance();
  if (!(map.stringTokenMap instanceof Map) || !(map.numberTokenMap instanceof Map) || typeof map.tokenCounter !== 'number') {
    throw new Error('cdktf TokenMap internals changed: synth/token-release.ts supports cdktf 0.21.0');
  }
  return map;
}

/** The number the next token will get: tokens from here on are released by releaseTokensSince. */
export function tokenMark(): number {
  return tokenMap().tokenCounter;
}

/** Number of tokens cdktf currently holds. */
export function registeredTokens(): number {
  const map = tokenMap();
  return map.stringTokenMap.size + map.numberTokenMap.size;
}

/** Drops every token created since `mark`; returns how many. */
export function releaseTokensSince(mark: number): number {
  const map = tokenMap();
  let released = 0;
  // String keys end with ".<counter>" (TokenMap.registerStringKey).
  for (const key of map.stringTokenMap.keys()) {
    if (Number(key.slice(key.lastIndexOf('.') + 1)) >= mark) {
      map.stringTokenMap.delete(key);
      released += 1;
    }
  }
  for (const counter of map.numberTokenMap.keys()) {
    if (counter >= mark) {
      map.numberTokenMap.delete(counter);
      released += 1;
    }
  }
  return released;
}
