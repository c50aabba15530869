/// <reference types="vite/client" />
/**
 * The wasm backend's binaries as URLs that Vite copies into the build (hashed, same origin), so
 * nothing is fetched from a CDN. Imported only by the worker entry and the main-thread host; the
 * library takes these URLs as a parameter.
 */
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { WasmPaths } from '../lib/train/backend';

/** File name → bundled URL, for tfjs-backend-wasm's setWasmPaths. */
export const bundledWasmPaths: WasmPaths = {
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd,
};
