/**
 * A problem the operator fixes in config or the environment (a busy port, a bad override), found while
 * starting: main.ts prints its message alone and exits 2, instead of a stack trace as for a bug.
 */
export class StartupError extends Error {}
