/**
 * Home-page island: checks what this browser offers for training (no TensorFlow.js is loaded) and
 * says which backend the demos would pick, why, and what that means in practice.
 */
import { useEffect, useState } from 'preact/hooks';
import { detectHardware, isSoftwareWebgpu, type BackendName, type HardwareReport } from '../client/hardware';

const BACKEND_NAMES: Record<BackendName, string> = {
  webgpu: 'WebGPU, on your graphics card',
  webgl: 'WebGL, on your graphics card',
  wasm: 'WebAssembly, on your processor',
  cpu: 'plain JavaScript, on your processor',
};

type State = { status: 'checking' } | { status: 'done'; report: HardwareReport } | { status: 'failed'; message: string };

function yesNo(value: boolean, yes: string, no: string): string {
  return value ? yes : no;
}

function Facts({ report }: { report: HardwareReport }) {
  const caps = report.capabilities;
  const rows: [string, string][] = [
    [
      'WebGPU',
      caps.webgpuAdapter
        ? `${caps.webgpuAdapterName ?? 'adapter found (name hidden by the browser)'}${
            isSoftwareWebgpu(caps) ? ' (a software adapter, no GPU: not used for training)' : '; tested when a demo starts'
          }`
        : 'not available',
    ],
    [
      'WebGL 2',
      caps.webgl2
        ? `${caps.webglRenderer ?? 'renderer hidden by the browser'}${report.softwareRenderer ? ' (a software renderer, no GPU)' : ''}`
        : 'not available',
    ],
    ['Float32 rendering', caps.webgl2 ? yesNo(caps.webglFloat32RenderTarget, 'yes', 'no') : 'not applicable'],
    ['WebAssembly', caps.wasm ? yesNo(caps.wasmSimd, 'yes, with SIMD', 'yes, without SIMD') : 'not available'],
    ['Cross-origin isolated', yesNo(caps.crossOriginIsolated, 'yes, so WebAssembly may use threads', 'no, so WebAssembly uses one thread')],
    ['Logical cores', caps.hardwareConcurrency > 0 ? String(caps.hardwareConcurrency) : 'not reported'],
    ['Memory', report.deviceMemoryGiB === null ? 'not reported by this browser' : `at least ${report.deviceMemoryGiB} GB (browsers round this down)`],
  ];
  return (
    <dl class="hardware__facts">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export default function HardwareCheck() {
  const [state, setState] = useState<State>({ status: 'checking' });

  useEffect(() => {
    let cancelled = false;
    detectHardware().then(
      (report) => !cancelled && setState({ status: 'done', report }),
      (error: unknown) => !cancelled && setState({ status: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  return (
    <div class="hardware" aria-busy={state.status === 'checking'}>
      <div role="status" class="hardware__status">
        {state.status === 'checking' && <p>Checking what your browser offers…</p>}
        {state.status === 'failed' && (
          <p>
            The check could not finish ({state.message}). The demos will still pick a backend when they start.
          </p>
        )}
        {state.status === 'done' && (
          <p class="hardware__verdict">
            The demos would train with <strong>{BACKEND_NAMES[state.report.choice.backend]}</strong>
            {state.report.choice.backend === 'wasm' && (
              <> ({state.report.choice.threads} {state.report.choice.threads === 1 ? 'thread' : 'threads'})</>
            )}
            .
          </p>
        )}
      </div>
      {state.status === 'done' && (
        <>
          <p>
            <strong>Why:</strong> {state.report.choice.reason}
          </p>
          <p>
            <strong>What to expect:</strong> {state.report.choice.expectation}
          </p>
          <details class="hardware__details">
            <summary>What we checked</summary>
            <Facts report={state.report} />
          </details>
        </>
      )}
    </div>
  );
}
