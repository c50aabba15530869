/**
 * Web Worker entry of the training engine: TensorFlow.js, h5wasm, the models and the fit loop all
 * live here, off the page's main thread. Browsers throttle timers and animation in hidden tabs but
 * keep dedicated workers running, so training continues while the tab is in the background.
 */
import type { EngineMessage, Request } from '../lib/engine/protocol';
import { createEngine } from '../lib/engine/engine';
import { createDispatcher } from '../lib/engine/dispatcher';
import { bundledWasmPaths } from '../bundled/wasmUrls';
import { prepareWasmThreads, type WasmThreadEnvironment } from '../lib/kernels/wasmThreads';
import { setWasmConvWorkerFactory } from '../lib/kernels';
// The course's own tasks (course.config.ts `tasks`) register here, before any request names one.
import 'virtual:course-tasks';

/** The parts of DedicatedWorkerGlobalScope used here (the project's TypeScript lib is the DOM one). */
interface WorkerScope {
  postMessage(message: EngineMessage, transfer: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<Request>) => void): void;
}

const scope = self as unknown as WorkerScope;
// Before the wasm backend starts: lift tfjs-wasm's hardwareConcurrency/2 thread cap in this worker
// (only when the page is cross-origin isolated; otherwise it stays single-threaded).
prepareWasmThreads(self as unknown as WasmThreadEnvironment);
// The course's convolution kernels start their own threads from this worker (Blob URLs need no file).
setWasmConvWorkerFactory((source) => new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))));
const post = (message: EngineMessage, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const dispatch = createDispatcher(createEngine({ wasmPaths: bundledWasmPaths, log: (message) => post({ kind: 'log', message }) }), post);
scope.addEventListener('message', (event) => void dispatch(event.data));
