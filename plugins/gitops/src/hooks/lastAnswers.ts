/** How many answers are kept; enough for the pages a person moves between. */
const MAX_ANSWERS = 50;

const answers = new Map<string, unknown>();

/**
 * The last answer of each read in this browser tab, so a page opened again
 * shows it at once while the fresh one loads (stale-while-revalidate).
 * Oldest first out once full.
 */
export const lastAnswers = {
  get<T>(key: string): T | undefined {
    return answers.get(key) as T | undefined;
  },
  set(key: string, value: unknown) {
    answers.delete(key);
    answers.set(key, value);
    while (answers.size > MAX_ANSWERS) {
      answers.delete(answers.keys().next().value as string);
    }
  },
  clear() {
    answers.clear();
  },
};
