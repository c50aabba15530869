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

export interface H5Runtime {
  h5: H5Wasm;
  fs: H5FileSystem;
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
    return { h5, fs: module.FS };
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
