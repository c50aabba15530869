import type * as H5 from 'h5wasm';

/** The h5wasm module namespace; both builds share one API (and one set of types). */
export type H5Wasm = typeof H5;
/** Emscripten's file-system object of one h5wasm build. */
export type H5FileSystem = Awaited<H5Wasm['ready']>['FS'];

/**
 * Which h5wasm build to use. `memory`: the default build, whose files live in an in-memory file
 * system (browser, worker, and Node too). `node`: `h5wasm/node`, which opens real paths (Node only).
 */
export type H5Flavour = 'memory' | 'node';

/** The emscripten module of one h5wasm build (low-level HDF5 calls). */
export type H5Module = Awaited<H5Wasm['ready']>;

export interface H5Runtime {
  h5: H5Wasm;
  fs: H5FileSystem;
  module: H5Module;
}

const loading = new Map<H5Flavour, Promise<H5Runtime>>();

// HDF5's error stack goes to console.error, which emscripten binds once while the module starts.
// Routing it through this sink lets an operation collect the diagnostics (to explain a bad file)
// instead of spraying them over the console.
let diagnosticSink: ((line: string) => void) | null = null;

/** True when running under Node (tests, scripts), where real paths can be opened. */
export function isNodeRuntime(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string';
}

async function importFlavour(flavour: H5Flavour): Promise<H5Wasm> {
  if (flavour === 'memory') return import('h5wasm');
  // A computed specifier keeps browser bundlers from following the Node-only build.
  const nodeBuild = 'h5wasm/node';
  return (await import(/* @vite-ignore */ nodeBuild)) as H5Wasm;
}

async function start(flavour: H5Flavour): Promise<H5Runtime> {
  const original = console.error;
  const forward = (...args: unknown[]): void => {
    if (diagnosticSink) diagnosticSink(args.map(String).join(' '));
    else original.apply(console, args);
  };
  console.error = forward;
  try {
    const h5 = await importFlavour(flavour);
    const module = await h5.ready;
    return { h5, fs: module.FS, module };
  } finally {
    if (console.error === forward) console.error = original;
  }
}

/** Loads (once, lazily) the h5wasm build of the given flavour; the module stays for the life of the process. */
export function loadH5wasm(flavour: H5Flavour): Promise<H5Runtime> {
  let promise = loading.get(flavour);
  if (!promise) {
    promise = start(flavour);
    loading.set(flavour, promise);
    promise.catch(() => loading.delete(flavour));
  }
  return promise;
}

/** Runs `action` while collecting HDF5's diagnostic lines; returns its result and the lines. Not re-entrant across awaits. */
export function withDiagnostics<T>(action: () => T): { result: T; diagnostics: string[] } {
  const lines: string[] = [];
  const previous = diagnosticSink;
  diagnosticSink = (line) => lines.push(line);
  try {
    return { result: action(), diagnostics: lines };
  } finally {
    diagnosticSink = previous;
  }
}

/** Picks the most telling lines of an HDF5 error stack ("truncated file: eof = …", "file signature not found"). */
export function summariseDiagnostics(lines: string[]): string {
  const reasons: string[] = [];
  for (const block of lines) {
    for (const raw of block.split('\n')) {
      const match = /H5\w*\.c line \d+ in [^:]+\(\): (.*)$/.exec(raw.trim());
      if (match) reasons.push(match[1]);
    }
  }
  return reasons.length > 0 ? reasons[reasons.length - 1] : '';
}

/** An HDF5 call failed; `reason` is the most telling line of HDF5's error stack, `stack` all of it. */
export class Hdf5CallError extends Error {
  readonly reason: string;
  constructor(readonly diagnostics: string) {
    const reason = summariseDiagnostics([diagnostics]) || diagnostics.trim().split('\n').pop() || 'unknown HDF5 error';
    super(reason);
    this.name = 'Hdf5CallError';
    this.reason = reason;
  }
  /** True when a line of the error stack mentions `pattern` (for example /checksum|fletcher/i). */
  mentions(pattern: RegExp): boolean {
    return pattern.test(this.diagnostics);
  }
}

function isHdf5Stack(message: string): boolean {
  return /H5\w*\.c line \d+ in /.test(message) || /HDF5-DIAG/.test(message);
}

/**
 * Runs `action` (synchronous HDF5 work) with h5wasm's throwing error handler: any failed HDF5 call throws
 * an Hdf5CallError carrying HDF5's own diagnostics, and nothing is printed to the console or to stderr
 * (the Node build writes its default error dump straight to stderr). Works the same in every build.
 */
export function withHdf5Errors<T>(runtime: H5Runtime, action: () => T): T {
  runtime.module.activate_throwing_error_handler();
  try {
    return action();
  } catch (error) {
    if (error instanceof Error && !(error instanceof Hdf5CallError) && isHdf5Stack(error.message)) throw new Hdf5CallError(error.message);
    throw error;
  } finally {
    runtime.module.deactivate_throwing_error_handler();
  }
}

/** Runs one HDF5 call inside withHdf5Errors' scope; returns the value or the Hdf5CallError it raised. */
export function tryHdf5<T>(action: () => T): { ok: true; value: T } | { ok: false; error: Hdf5CallError } {
  try {
    return { ok: true, value: action() };
  } catch (error) {
    if (error instanceof Hdf5CallError) return { ok: false, error };
    if (error instanceof Error && isHdf5Stack(error.message)) return { ok: false, error: new Hdf5CallError(error.message) };
    if (error instanceof Error && /name not defined|not found|doesn't exist/i.test(error.message)) return { ok: false, error: new Hdf5CallError(error.message) };
    throw error;
  }
}
