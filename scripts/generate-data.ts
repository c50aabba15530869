/**
 * Generates the course's synthetic datasets into public/data/ and writes public/data/manifest.json.
 *
 *   npm run data                 regenerate every file
 *   npm run data -- --if-stale   regenerate only files that are missing or whose generator version,
 *                                settings or sources differ from the manifest's; a file that is not
 *                                the one the generator wrote (an instructor's own data under the same
 *                                name) is kept, with a note
 *   npm run data -- --only lung-ct-128.h5,brain-mri-128.h5
 *   npm run data -- --profile hospital-b [--out DIR]
 *                                a held-out "other hospital" pair, lung-ct-<profile>.h5 and
 *                                brain-mri-<profile>.h5, into DIR (default bench-results/transfer/data),
 *                                never into public/data and never in the manifest (docs/transfer.md)
 *
 * Prints counts, sizes, timings and the rule baselines (measured on each file's test split).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WriteLessonDatasetOptions } from '../src/lib/data/writeLessonDataset';
import { writeLessonDataset } from '../src/lib/data/writeLessonDataset';
import { lutBaseline, thresholdComponentsDice, thresholdDice } from '../src/lib/phantoms/baselines';
import { BRAIN_MRI_GENERATOR_VERSION, buildBrainDataset } from '../src/lib/phantoms/brainDataset';
import { CHEST_CT_GENERATOR_VERSION, buildLungDataset } from '../src/lib/phantoms/lungDataset';
import type { PhantomDataset } from '../src/lib/phantoms/phantomDataset';
import { parseProfile, PROFILE_DATASET_SEEDS, type HeldOutProfile, type PhantomProfile } from '../src/lib/phantoms/phantomProfiles';
import type { SubjectCounts } from '../src/lib/phantoms/subjectSplits';

interface FileSpec {
  name: string;
  kind: 'lung-ct' | 'brain-mri';
  generator: string;
  seed: number;
  size: number;
  subjects: SubjectCounts;
  slicesPerSubject: number;
  write: WriteLessonDatasetOptions;
  /** Held-out files only (the course's specs leave it out, so their manifest entries stay as they were). */
  profile?: HeldOutProfile;
}

// CT: integer HU as int16 and 0/1 masks as uint8 (gzip; h5wasm writes no shuffle filter).
// MR: [0, 1] intensities as uint8 codes 0–127 (scale 127; the file records scale_factor 1/127, so
// readers get [0, 1] back). The 7-bit step (0.008) adds < 5 % to the noise variance even at the
// highest SNR (σ ≥ 1.3 codes) and saves a fifth of the bytes against 8 bits: the noise is what fills
// the files (~20 KB per 128² slice for either modality).
const CT_WRITE: WriteLessonDatasetOptions = { dtypeX: 'int16', dtypeY: 'uint8', compression: 6 };
const MR_WRITE: WriteLessonDatasetOptions = { dtypeX: 'uint8', dtypeY: 'uint8', scaleX: 127, scaleY: 127, compression: 6 };

const FILES: FileSpec[] = [
  { name: 'lung-ct-128.h5', kind: 'lung-ct', generator: CHEST_CT_GENERATOR_VERSION, seed: 1001, size: 128, subjects: { train: 20, val: 3, test: 5 }, slicesPerSubject: 16, write: CT_WRITE },
  { name: 'brain-mri-128.h5', kind: 'brain-mri', generator: BRAIN_MRI_GENERATOR_VERSION, seed: 2002, size: 128, subjects: { train: 20, val: 3, test: 5 }, slicesPerSubject: 16, write: MR_WRITE },
  { name: 'lung-ct-256.h5', kind: 'lung-ct', generator: CHEST_CT_GENERATOR_VERSION, seed: 1001, size: 256, subjects: { train: 12, val: 2, test: 3 }, slicesPerSubject: 16, write: CT_WRITE },
  { name: 'brain-mri-256.h5', kind: 'brain-mri', generator: BRAIN_MRI_GENERATOR_VERSION, seed: 2002, size: 256, subjects: { train: 12, val: 2, test: 3 }, slicesPerSubject: 16, write: MR_WRITE },
];

/**
 * A held-out pair: the test split is what the transfer bench scores (6 subjects × 16 slices, more than
 * the course's 5); train and val are small, enough for the file to load like a lesson file and for the
 * brain file's scale (its own training split's percentile, as for any file).
 */
function heldOutFiles(profile: HeldOutProfile): FileSpec[] {
  const seeds = PROFILE_DATASET_SEEDS[profile];
  const subjects = { train: 4, val: 2, test: 6 };
  return [
    { name: `lung-ct-${profile}.h5`, kind: 'lung-ct', generator: `${CHEST_CT_GENERATOR_VERSION}+${profile}`, seed: seeds.lungCt, size: 128, subjects, slicesPerSubject: 16, write: CT_WRITE, profile },
    { name: `brain-mri-${profile}.h5`, kind: 'brain-mri', generator: `${BRAIN_MRI_GENERATOR_VERSION}+${profile}`, seed: seeds.brainMri, size: 128, subjects, slicesPerSubject: 16, write: MR_WRITE, profile },
  ];
}

interface ManifestEntry {
  name: string;
  kind: FileSpec['kind'];
  generator: string;
  /** SHA-256 of the generator's sources, so an edit without a version bump still regenerates. */
  sourceHash: string;
  config: Omit<FileSpec, 'name' | 'kind' | 'generator'>;
  slices: { train: number; val: number; test: number };
  bytes: number;
  sha256: string;
  baselines: Record<string, number>;
}

interface Manifest {
  description: string;
  files: ManifestEntry[];
}

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'public', 'data');
const manifestPath = join(outDir, 'manifest.json');

function configOf(spec: FileSpec): ManifestEntry['config'] {
  return { seed: spec.seed, size: spec.size, subjects: spec.subjects, slicesPerSubject: spec.slicesPerSubject, write: spec.write };
}

function sha256(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Hash of everything that shapes the data: the phantom library, the seeded RNG and this script. */
function generatorSourceHash(): string {
  const phantoms = join(root, 'src', 'lib', 'phantoms');
  const files = readdirSync(phantoms).filter((f) => f.endsWith('.ts')).sort().map((f) => join(phantoms, f));
  files.push(join(root, 'src', 'lib', 'random.ts'), fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex');
}

function readManifest(): Manifest | null {
  if (!existsSync(manifestPath)) return null;
  try {
    return JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

/**
 * Whether the file on disk is not the one the generator last wrote (an instructor put their own
 * data under the same name): then `--if-stale` keeps it, whatever changed in the generator.
 */
function replacedByHand(spec: FileSpec, manifest: Manifest | null): boolean {
  const path = join(outDir, spec.name);
  const entry = manifest?.files.find((f) => f.name === spec.name);
  if (!existsSync(path)) return false;
  if (!entry) return true;
  return statSync(path).size !== entry.bytes || sha256(path) !== entry.sha256;
}

/** Why a file must be regenerated, or null when the manifest and the file on disk match the code. */
function staleReason(spec: FileSpec, manifest: Manifest | null, sourceHash: string): string | null {
  const path = join(outDir, spec.name);
  if (!existsSync(path)) return 'missing';
  const entry = manifest?.files.find((f) => f.name === spec.name);
  if (!entry) return 'not in the manifest';
  if (entry.generator !== spec.generator) return `generator ${entry.generator} → ${spec.generator}`;
  if (JSON.stringify(entry.config) !== JSON.stringify(configOf(spec))) return 'settings changed';
  if (entry.sourceHash !== sourceHash) return 'generator sources changed';
  return null;
}

function round(v: number, digits = 4): number {
  return Number(v.toFixed(digits));
}

function baselinesOf(spec: FileSpec, dataset: PhantomDataset): Record<string, number> {
  const test = dataset.test;
  if (!test) return {};
  if (spec.kind === 'lung-ct') {
    const t = thresholdDice(dataset.train, test, spec.size);
    const cc = thresholdComponentsDice(dataset.train, test, spec.size);
    return {
      thresholdHu: t.threshold,
      thresholdDice: round(t.meanDice),
      thresholdDiceLungSlices: round(t.meanDiceLungSlices),
      componentsThresholdHu: cc.threshold,
      thresholdComponentsDice: round(cc.meanDice),
      thresholdComponentsDiceLungSlices: round(cc.meanDiceLungSlices),
      testSlicesWithoutLung: cc.emptySlices,
    };
  }
  const labels = dataset.extras?.test.labels;
  const head = labels ? Uint8Array.from(labels, (l) => (l !== 0 ? 1 : 0)) : undefined;
  const lut = lutBaseline(dataset.train, test, { testHeadMask: head });
  return {
    lutMaeWholeSlice: round(lut.maeWholeSlice),
    lutMaeInsideHead: round(lut.maeInsideHead),
    identityMaeWholeSlice: round(lut.identityMaeWholeSlice),
    identityMaeInsideHead: round(lut.identityMaeInsideHead),
  };
}

async function generate(spec: FileSpec, sourceHash: string, dir = outDir): Promise<ManifestEntry> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const config = { seed: spec.seed, size: spec.size, subjects: spec.subjects, slicesPerSubject: spec.slicesPerSubject, ...(spec.profile ? { profile: spec.profile } : {}) };
  const dataset = spec.kind === 'lung-ct' ? buildLungDataset(config, { keepExtras: false }) : buildBrainDataset(config, { keepExtras: true });
  const built = performance.now();
  const baselines = baselinesOf(spec, dataset);
  const measured = performance.now();
  const path = join(dir, spec.name);
  const { extras: _extras, ...lesson } = dataset;
  // Write beside the target and rename, so a reader (or an interrupted run) never sees half a file.
  const partial = path.replace(/\.h5$/, '.partial.h5');
  await writeLessonDataset(partial, lesson, spec.write);
  renameSync(partial, path);
  const written = performance.now();
  const bytes = statSync(path).size;
  const seconds = (a: number, b: number): string => ((b - a) / 1000).toFixed(1);
  const used = process.cpuUsage(cpu);
  console.log(
    `${spec.name}: ${dataset.train.count}/${dataset.val.count}/${dataset.test?.count ?? 0} slices (train/val/test) of ${spec.size}², ` +
      `${(bytes / 1e6).toFixed(2)} MB; build ${seconds(started, built)} s, baselines ${seconds(built, measured)} s, write ${seconds(measured, written)} s ` +
      `(wall; ${((used.user + used.system) / 1e6).toFixed(1)} s CPU)`,
  );
  console.log(`  baselines: ${JSON.stringify(baselines)}`);
  return {
    name: spec.name,
    kind: spec.kind,
    generator: spec.generator,
    sourceHash,
    config: configOf(spec),
    slices: { train: dataset.train.count, val: dataset.val.count, test: dataset.test?.count ?? 0 },
    bytes,
    sha256: sha256(path),
    baselines,
  };
}

/** --profile hospital-b|hospital-c: the held-out pair into --out, with no manifest (bench output, not course data). */
async function generateHeldOut(profile: PhantomProfile, dir: string): Promise<void> {
  if (profile === 'course') throw new Error('--profile course is the default: run `npm run data` without --profile for the course files.');
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const sourceHash = generatorSourceHash();
  for (const spec of heldOutFiles(profile)) await generate(spec, sourceHash, dir);
  console.log(`2 held-out file(s) (${profile}) written to ${dir} in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const profileIndex = args.indexOf('--profile');
  if (profileIndex >= 0) {
    const outIndex = args.indexOf('--out');
    const dir = outIndex >= 0 ? (args[outIndex + 1] ?? '') : join(root, 'bench-results', 'transfer', 'data');
    const value = args[profileIndex + 1] ?? '';
    await generateHeldOut(parseProfile(value), dir);
    return;
  }
  const ifStale = args.includes('--if-stale');
  const onlyIndex = args.indexOf('--only');
  const only = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '').split(',') : null;
  mkdirSync(outDir, { recursive: true });
  const manifest = readManifest();
  const entries = new Map<string, ManifestEntry>((manifest?.files ?? []).map((f) => [f.name, f]));
  const started = performance.now();
  const sourceHash = generatorSourceHash();
  let generated = 0;
  for (const spec of FILES) {
    if (only && !only.includes(spec.name)) continue;
    if (ifStale) {
      if (replacedByHand(spec, manifest)) {
        // The manifest entry (and its baselines) stays the generator's; the lesson shows the file's own numbers.
        console.log(`${spec.name}: kept as it is (not the file the generator wrote: your own data?). Run \`npm run data -- --only ${spec.name}\` to regenerate it.`);
        continue;
      }
      const reason = staleReason(spec, manifest, sourceHash);
      if (reason === null) {
        console.log(`${spec.name}: up to date`);
        continue;
      }
      console.log(`${spec.name}: regenerating (${reason})`);
    }
    entries.set(spec.name, await generate(spec, sourceHash));
    generated++;
  }
  if (generated > 0 || !manifest) {
    const out: Manifest = {
      description: 'Synthetic course datasets made by scripts/generate-data.ts (npm run data); regenerate rather than edit.',
      files: FILES.map((f) => entries.get(f.name)).filter((e): e is ManifestEntry => e !== undefined),
    };
    writeFileSync(`${manifestPath}.partial`, `${JSON.stringify(out, null, 2)}\n`);
    renameSync(`${manifestPath}.partial`, manifestPath);
  }
  console.log(`${generated} file(s) generated in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
