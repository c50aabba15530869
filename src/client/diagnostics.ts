/**
 * What the training engine runs on, as rows for the backend badge and as plain text for a bug
 * report ("Copy diagnostics"). Pure: the engine report, the measured speed and the page's
 * facts come in as data.
 */
import { isSoftwareRenderer, isSoftwareWebgpu } from '../lib/train/backendChoice';
import { formatDuration } from '../lib/format';
import type { EngineReport } from './trainingClient';

/** A step time, measured by the engine or estimated (see src/components/lab/deviceSpeed.ts). */
export interface StepTime {
  msPerStep: number;
  measured: boolean;
  /** What the step is: e.g. 'skip model, 64×64, batch 16'. */
  what: string;
}

/** Facts of the page that the engine report does not hold. */
export interface PageFacts {
  url: string;
  userAgent: string;
  /** The course's version or build, when known. */
  courseVersion?: string;
}

const NAMES: Record<string, string> = {
  webgpu: 'WebGPU',
  webgl: 'WebGL 2',
  wasm: 'WebAssembly',
  cpu: 'plain JavaScript (cpu)',
};

/** The GPU the report's backend uses, as the browser names it, with "(software)" where it is one; null on the CPU backends. */
export function deviceOf(report: Pick<EngineReport, 'backend' | 'capabilities'>): string | null {
  const caps = report.capabilities;
  if (report.backend === 'webgpu') {
    const name = caps.webgpuAdapterName ?? 'adapter name hidden by the browser';
    return isSoftwareWebgpu(caps) ? `${name} (software, no GPU)` : name;
  }
  if (report.backend === 'webgl') {
    const name = caps.webglRenderer ?? 'renderer name hidden by the browser';
    return caps.webglRenderer !== null && isSoftwareRenderer(caps.webglRenderer) ? `${name} (software, no GPU)` : name;
  }
  return null;
}

/** True when the report's backend trains on a real GPU (WebGL or WebGPU, not on a software renderer or adapter). */
export function onRealGpu(report: Pick<EngineReport, 'backend' | 'capabilities'>): boolean {
  const caps = report.capabilities;
  if (report.backend === 'webgpu') return !isSoftwareWebgpu(caps);
  if (report.backend === 'webgl') return !(caps.webglRenderer !== null && isSoftwareRenderer(caps.webglRenderer));
  return false;
}

/** The badge's facts, in order: backend, device, threads, isolation, where the engine runs, step time. */
export function backendFacts(report: EngineReport, step: StepTime | null): [string, string][] {
  const caps = report.capabilities;
  const threads = report.backend === 'wasm'
    ? `${report.threads} ${report.threads === 1 ? 'thread' : 'threads'}${caps.hardwareConcurrency > 0 ? ` of ${caps.hardwareConcurrency} logical cores` : ''}`
    : 'not applicable (the GPU does the work)';
  const rows: [string, string][] = [['Backend', NAMES[report.backend] ?? report.backend]];
  const device = deviceOf(report);
  if (device !== null) rows.push([report.backend === 'webgpu' ? 'Adapter' : 'Renderer', device]);
  rows.push(
    ['Threads', report.backend === 'cpu' ? '1 thread' : threads],
    ['Cross-origin isolated', caps.crossOriginIsolated ? 'yes' : 'no (WebAssembly cannot use threads)'],
    ['Engine runs', report.host === 'worker' ? 'in a background worker' : 'on the page'],
    ['Step time', step === null ? 'not measured yet' : `${formatDuration(step.msPerStep, { style: 'precise' })} per step (${step.what}; ${step.measured ? 'measured here' : 'an estimate, not measured'})`],
  );
  return rows;
}

/** Everything about the engine and the page as plain text, for a bug report. */
export function formatDiagnostics(report: EngineReport, step: StepTime | null, page: PageFacts): string {
  const caps = report.capabilities;
  const lines = [
    'Training engine diagnostics',
    `Page: ${page.url}`,
    `Browser: ${page.userAgent}`,
    ...(page.courseVersion ? [`Course: ${page.courseVersion}`] : []),
    `TensorFlow.js: ${report.tfjsVersion}`,
    '',
    ...backendFacts(report, step).map(([k, v]) => `${k}: ${v}`),
    `Requested: ${report.preferred}`,
    ...(report.backend === 'wasm' ? [`wasm SIMD: ${report.wasmSimd ? 'yes' : 'no'}; threaded build: ${report.wasmMultithreaded ? 'yes' : 'no'}`] : []),
    `Why: ${report.reason}`,
    `Where: ${report.hostReason}`,
    `Expect: ${report.expectation}`,
    '',
    'Backends tried:',
    ...report.attempts.map((a) => `  ${a.backend}: ${a.ok ? 'ok' : 'failed'} in ${a.durationMs} ms (${a.detail})`),
    ...(report.smokeTests.length > 0
      ? ['Gradient smoke tests:', ...report.smokeTests.map((s) => `  ${s.backend} vs ${s.reference}: ${s.passed ? 'passed' : 'failed'}, relative error ${Number.isFinite(s.maxRelativeError) ? s.maxRelativeError.toExponential(1) : s.maxRelativeError}${s.detail ? ` (${s.detail})` : ''}`)]
      : []),
    '',
    'What the browser offers:',
    `  WebGPU adapter: ${caps.webgpuAdapter ? `${caps.webgpuAdapterName ?? 'unnamed'}${caps.webgpuFallbackAdapter ? ' (fallback adapter)' : ''}` : 'none'}`,
    `  WebGL 2: ${caps.webgl2 ? `${caps.webglRenderer ?? 'renderer hidden'}; float32 render targets: ${caps.webglFloat32RenderTarget ? 'yes' : 'no'}` : 'no'}`,
    `  WebAssembly: ${caps.wasm ? (caps.wasmSimd ? 'yes, with SIMD' : 'yes, without SIMD') : 'no'}`,
    `  Cross-origin isolated: ${caps.crossOriginIsolated ? 'yes' : 'no'}; logical cores: ${caps.hardwareConcurrency > 0 ? caps.hardwareConcurrency : 'not reported'}`,
  ];
  return lines.join('\n');
}
