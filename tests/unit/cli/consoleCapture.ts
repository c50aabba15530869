import { vi } from 'vitest';

/** What a command printed since the last `capture()`: console.log lines in `out`, console.error lines in `err`. */
export interface ConsoleCapture {
  readonly out: string[];
  readonly err: string[];
  /** Empties both lists (in place) and records the console from now on; restore with vi.restoreAllMocks(). */
  capture(): void;
}

/** One console recorder for the CLI tests (npm run train, import, predict). */
export function consoleCapture(): ConsoleCapture {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    capture() {
      out.length = 0;
      err.length = 0;
      vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(args.join(' ')));
      vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void err.push(args.join(' ')));
    },
  };
}
