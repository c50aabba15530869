/**
 * `npm run bench:import`: how long importing a full-size chest CT takes and how much memory it needs.
 * Writes a synthetic 512×512×300 CT (int16 HU, gzipped, as scanners' NIfTI exports usually are) and
 * its lung mask (uint8) to a folder, then imports them the way `npm run import` does, printing the
 * wall time and the process's peak resident memory. The files stay for the page's measurement:
 *
 *   npm run bench:import -- [--out DIR] [--slices 300] [--size 512]
 *
 * Then open a lesson in Chromium, drop DIR/ct.nii.gz and DIR/lungs.nii.gz on "Bring your own scan",
 * and watch the browser's task manager (the numbers in the closing note were taken that way).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'fflate';
import { createEngine } from '../src/lib/engine/engine';
import { createRng } from '../src/lib/random';
import { writeNifti } from '../src/lib/volumes/niftiWrite';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => { const i = args.indexOf(`--${name}`); return i >= 0 && args[i + 1] ? args[i + 1] : fallback; };
const out = resolve(option('out', 'bench-results/import'));
const n = Number(option('size', '512'));
const slices = Number(option('slices', '300'));
const spacing = [0.7, 0.7, 1.0];

// Noise that gzip cannot squeeze away, as a scanner's: a scan's file is about half its raw size.
const random = createRng(7);

/** HU and lung label at voxel (i, j, k): an elliptic body of soft tissue with two lungs, a table below, air around. */
function voxel(i: number, j: number, k: number): { hu: number; lung: boolean } {
  const x = (i - n / 2) / (n / 2);
  const y = (j - n / 2) / (n / 2);
  const z = k / slices;
  const body = (x / 0.85) ** 2 + (y / 0.6) ** 2 <= 1;
  const lungRadius = 0.25 * Math.sin(Math.PI * Math.min(1, 0.1 + z));
  const lung = body && ((x - 0.35) ** 2 + y ** 2 <= lungRadius ** 2 || (x + 0.35) ** 2 + y ** 2 <= lungRadius ** 2);
  const noise = Math.round(30 * (random() + random() - 1));
  if (lung) return { hu: -850 + noise, lung };
  if (body) return { hu: 40 + noise, lung };
  return { hu: y > 0.75 && y < 0.8 ? 200 : -1000, lung };
}

/** A NIfTI-1 int16 file: the writer's header (it writes uint8 and float32) with the datatype switched to int16. */
function int16Nifti(dims: [number, number, number], affine: number[], values: Int16Array): Uint8Array {
  const header = writeNifti({ dims: [1, 1, 1], affine, data: new Float32Array(1) }).subarray(0, 352);
  const file = new Uint8Array(352 + 2 * values.length);
  file.set(header);
  const view = new DataView(file.buffer);
  dims.forEach((d, a) => view.setInt16(42 + 2 * a, d, true));
  view.setInt16(70, 4, true); // NIFTI_TYPE_INT16
  view.setInt16(72, 16, true);
  file.set(new Uint8Array(values.buffer), 352);
  return file;
}

mkdirSync(out, { recursive: true });
const dims: [number, number, number] = [n, n, slices];
// LPS storage as DICOM-derived NIfTI files often are: x and y flipped.
const affine = [-spacing[0], 0, 0, (n - 1) * spacing[0] / 2, 0, -spacing[1], 0, (n - 1) * spacing[1] / 2, 0, 0, spacing[2], 0, 0, 0, 0, 1];
const ct = new Int16Array(n * n * slices);
const lungs = new Uint8Array(n * n * slices);
for (let k = 0; k < slices; k++) for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) {
  const v = voxel(i, j, k);
  const at = i + n * (j + n * k);
  ct[at] = v.hu;
  lungs[at] = v.lung ? 1 : 0;
}
const ctFile = gzipSync(int16Nifti(dims, affine, ct), { level: 6 });
const maskFile = writeNifti({ dims, affine, data: lungs }, { gzip: true });
writeFileSync(join(out, 'ct.nii.gz'), ctFile);
writeFileSync(join(out, 'lungs.nii.gz'), maskFile);
console.log(`Wrote ${join(out, 'ct.nii.gz')} (${(ctFile.length / 1e6).toFixed(1)} MB) and lungs.nii.gz (${(maskFile.length / 1e6).toFixed(1)} MB): ${n}×${n}×${slices}.`);

const before = process.resourceUsage().maxRSS;
const engine = createEngine();
const started = performance.now();
const { bytes, summary } = await engine.importVolumes({ task: 'segmentation', image: [{ name: 'ct.nii.gz', bytes: ctFile }], target: [{ name: 'lungs.nii.gz', bytes: maskFile }] });
const seconds = (performance.now() - started) / 1000;
const peak = process.resourceUsage().maxRSS;
console.log(`Imported in ${seconds.toFixed(1)} s: train ${summary.counts.train}, val ${summary.counts.val}, test ${summary.counts.test} slices of ${summary.size}²; lesson file ${(bytes.length / 1e6).toFixed(1)} MB.`);
console.log(`Peak resident memory ${(peak / 1024).toFixed(0)} MiB (${(before / 1024).toFixed(0)} MiB before the import, with the input files in memory).`);
await engine.dispose({});
