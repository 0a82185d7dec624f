import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';

/** zxcvbn's score runs 0–4; 3 means "safely unguessable" (about 10⁸ guesses or more). */
export const MIN_PASSWORD_SCORE = 3;

export const WEAK_PASSWORD_MESSAGE =
  'is too easy to guess (a common password, word or pattern): use three or four unrelated words';

let estimator: ZxcvbnFactory | undefined;

/**
 * Whether a password is too easy to guess, judged by zxcvbn against common passwords, names,
 * words and keyboard patterns; `related` (the person's e-mail, name) counts as guessable too.
 */
export function isWeakPassword(password: string, related: readonly string[] = []): boolean {
  // Built on first use: the dictionaries take a moment to load and most processes never need them.
  estimator ??= new ZxcvbnFactory({ dictionary: { ...common.dictionary }, graphs: common.adjacencyGraphs });
  const words = related
    .flatMap((value) => value.toLowerCase().split(/[^\p{L}\p{N}]+/u))
    .filter((word) => word.length >= 3);
  return estimator.check(password, words).score < MIN_PASSWORD_SCORE;
}
