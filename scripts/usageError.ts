/** A command-line mistake (a flag, a missing file): printed with the command's usage, exit code 2. */
export class UsageError extends Error {}
