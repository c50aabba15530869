/**
 * The training engine as the course's Node commands use it (npm run train, and the commands that will
 * join it): the same engine as the page, started on the wasm backend with the course kernels, with the
 * larger file budget a command line can afford and, when asked, checkpoints kept in a directory.
 */
import * as fs from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { createEngine, type EngineOptions } from '../src/lib/engine/engine';
import { createFileRunCheckpointStore } from '../src/lib/engine/fileRunCheckpointStore';
import type { EngineApi } from '../src/lib/engine/protocol';
import type { BackendReport } from '../src/lib/train/backend';
import type { BackendCapabilities } from '../src/lib/train/backendChoice';
import { toErrorInfo } from '../src/lib/errors';
import { UsageError } from './usageError';

/** Makes an engine; tests pass their own to watch what a command asks of it. */
export type EngineFactory = (options: EngineOptions) => EngineApi;

/** Data files a command line may load, in bytes of float32 arrays (a page keeps the loaders' 512 MiB default). */
export const CLI_MAX_DATASET_BYTES = 2 * 1024 ** 3;

/** Node has WebAssembly with SIMD and no GPU backend, so the engine's choice is wasm. */
export function nodeCapabilities(): BackendCapabilities {
  return {
    webgpuAdapter: false, webgpuSmokeTestPassed: null, webgl2: false, webglRenderer: null, webglFloat32RenderTarget: false,
    wasm: true, wasmSimd: true, crossOriginIsolated: false, hardwareConcurrency: availableParallelism(),
  };
}

export interface CliEngineOptions {
  /** Keep unfinished runs' checkpoints in this directory (`<key>.ckpt`); default in memory. */
  checkpointDir?: string;
  /** Default: the course's createEngine. */
  createEngine?: EngineFactory;
}

/**
 * Creates an engine and starts it on the wasm backend (which registers the course's kernels). The
 * backend set-up's diagnostics stay quiet, as they always have on the command line; what the engine
 * reports later (a checkpoint that could not be written) goes to stderr. Dispose the engine when done.
 */
export async function startCliEngine(options: CliEngineOptions = {}): Promise<{ engine: EngineApi; backend: BackendReport }> {
  let started = false;
  const engine = (options.createEngine ?? createEngine)({
    log: (message) => {
      if (started) console.error(message);
    },
    maxDatasetBytes: CLI_MAX_DATASET_BYTES,
    ...(options.checkpointDir === undefined ? {} : { checkpointStore: createFileRunCheckpointStore(options.checkpointDir, fs) }),
  });
  try {
    const backend = await engine.init({ backend: 'wasm', capabilities: nodeCapabilities() });
    started = true;
    return { engine, backend };
  } catch (error) {
    await engine.dispose({});
    throw error;
  }
}

/**
 * The exit code of a command that failed, after saying why on stderr: 2 with the usage for a
 * command-line mistake, 1 with the error's name, message and hint for anything else.
 */
export function reportFailure(error: unknown, usage: string): 1 | 2 {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${usage}`);
    return 2;
  }
  const info = toErrorInfo(error);
  console.error(`${info.name}: ${info.message}`);
  if (info.hint) console.error(`Hint: ${info.hint}`);
  return 1;
}
