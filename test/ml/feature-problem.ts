import { problemText } from '../../src/engine/ml-words.ts';
import { FeatureError } from '../../src/ml/notes.ts';

/** The message the user reads for the FeatureError `run` throws, as the engine words its problem. */
export function problemMessage(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof FeatureError) return problemText(e.problem);
    throw e;
  }
  throw new Error('expected a FeatureError, and nothing was thrown');
}
