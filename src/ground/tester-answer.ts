/** What an early tester can answer for an RC; the one list the command, the poll and vote counting use. */
export const TESTER_ANSWERS = ['ok', 'issue', 'skip'] as const;

export type TesterAnswer = (typeof TESTER_ANSWERS)[number];
