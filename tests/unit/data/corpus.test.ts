import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { inspectDataset } from '../../../src/lib/data/inspectDataset';
import { loadH5wasm } from '../../../src/lib/data/h5wasmRuntime';
import { readLessonDataset } from '../../../src/lib/data/readLessonDataset';
import type { LessonDataset, Task } from '../../../src/lib/data/types';
import { DatasetFormatError } from '../../../src/lib/errors';
import { datasetRulesByTask, taskDescriptor } from '../../../src/lib/tasks';
import { inspectDataCli } from '../../../scripts/inspectDataCli';

// The corpus of bad and unusual files written by tests/fixtures/corpus/make_corpus.py (h5py): every
// file runs through the command line's path (a path, h5wasm's Node build) and the page's path (bytes,
// the in-memory build), and must give the outcome written here.
const dir = fileURLToPath(new URL('../../fixtures/corpus/', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

type Expectation =
  | { accept: true; task?: Task; check?: (d: LessonDataset) => void; warning?: RegExp }
  | { refuse: RegExp; task?: Task };

const OPEN_FAILED = /starts like an HDF5 file but is damaged: it cannot be opened \(it may be truncated or corrupted\)\./;
// A truncation is said in bytes; HDF5's own line ("sblock->base_addr") stays out of the message.
const TRUNCATED = /is truncated: it ends after [\d,]+ bytes, but its HDF5 header says it is 4,368 bytes long\./;
const NUMBERS = 'Expected \\w+ to hold numbers of type float32, float64, \\(u\\)int8, \\(u\\)int16 or \\(u\\)int32, but it holds';
const holds = (name: string, what: string) => new RegExp(`${NUMBERS.replace('\\w+', name)} ${what}`);
const ramp = (d: LessonDataset) => {
  expect([d.height, d.width, d.train.count, d.val.count]).toEqual([8, 8, 2, 2]);
  expect([d.train.x[0], d.train.x[1], d.train.x[127]]).toEqual([10, 11, 137]);
  expect(Array.from(d.train.y.slice(0, 4))).toEqual([1, 0, 0, 1]);
};
const baseline = (d: LessonDataset) => {
  ramp(d);
  expect([d.val.x[0], d.val.x[127]]).toEqual([1010, 1137]);
};

const EXPECTED: Record<string, Expectation> = {
  // Accepted, with the right values.
  ok_baseline: { accept: true, check: baseline },
  external_target: { accept: true, check: baseline },
  ok_nhw_float64: { accept: true, check: ramp },
  ok_nchw_int16: { accept: true, check: ramp },
  ok_bigendian: { accept: true, check: ramp },
  ok_with_test_and_extras: { accept: true, check: (d) => { ramp(d); expect(d.test?.count).toBe(1); } },
  ok_int8_uint32: { accept: true, check: (d) => { expect([d.train.x[0], d.train.x[127]]).toEqual([0, 127]); expect(d.val.x[0]).toBe(10); } },
  ok_userblock: { accept: true, check: baseline },
  ok_latest_format: { accept: true, check: baseline },
  ok_earliest_format: { accept: true, check: baseline },
  ok_track_order: { accept: true, check: baseline },
  ok_trailing_bytes: { accept: true, check: baseline },
  ok_scale_offset_attrs: { accept: true, check: (d) => expect([d.train.x[0], d.train.x[1], d.train.x[127]]).toEqual([-3, -2.5, 60.5]) },
  ok_compact_layout: { accept: true, check: baseline },
  ok_filters: { accept: true, check: ramp },
  ok_tiny_chunks: { accept: true, check: baseline },
  ok_soft_links: { accept: true, check: baseline },
  ok_shared_hard_link: { accept: true, check: (d) => expect(d.val.x[127]).toBe(137) },
  ok_deep_extra_groups: { accept: true, check: baseline },
  ok_many_entries: { accept: true, check: baseline },
  ok_unrelated_broken_links: { accept: true, check: baseline },
  // Issue 21: the six lesson arrays after 10,000 extra root datasets whose names sort first.
  ok_ten_thousand_entries: { accept: true, check: (d) => { baseline(d); expect(d.test?.count).toBe(1); expect([d.test?.x[0], d.test?.x[63]]).toEqual([10, 73]); } },
  // Issue 21: virtual datasets whose sources are in the same file (trainY maps its slices in reverse).
  ok_virtual_same_file: {
    accept: true,
    check: (d) => {
      expect([d.height, d.width, d.train.count, d.val.count]).toEqual([8, 8, 2, 2]);
      expect([d.train.x[0], d.train.x[63], d.train.x[64], d.train.x[127]]).toEqual([10, 73, 74, 137]);
      // Slice 0 of trainY is slice 1 of the stored masks (index 64 on: 64 % 3, 65 % 3, ... → 0, 0, 1, 0).
      expect(Array.from(d.train.y.slice(0, 4))).toEqual([0, 0, 1, 0]);
      expect(Array.from(d.train.y.slice(64, 68))).toEqual([1, 0, 0, 1]);
      expect([d.val.x[0], d.val.x[127]]).toEqual([1010, 1137]);
    },
  },
  ok_odd_attributes: {
    accept: true,
    check: (d) => {
      ramp(d);
      expect(String(d.attributes.long_text).length).toBeLessThanOrEqual(200);
      expect(d.attributes.big_array).toBe('(20,000 values, not shown)');
      expect(d.attributes.units).toBe('a.u.');
      expect(Object.keys(d.attributes).length).toBeLessThanOrEqual(100);
    },
  },
  ok_fill_value_unwritten: { accept: true, warning: /^valX is constant: every value is 7/, check: (d) => expect(d.val.x.every((v) => v === 7)).toBe(true) },
  warn_constant_images: { accept: true, warning: /^trainX is constant: every value is 42, so there is nothing in the images to learn from/ },
  warn_empty_masks: { accept: true, warning: /^valY has no foreground: every mask value is 0/ },
  warn_normalised_ct: { accept: true, warning: /^trainX looks already normalised \(values 0\.0500 … 0\.685\) although the file says its units are Hounsfield units/ },
  seg_bad_mask_255: { refuse: /Expected trainY to be a binary mask \(values 0 and 1\), but found 255 at index \[0, 0, 0, 0\]/ },
  seg_bad_soft_mask: { refuse: /Expected trainY to be a binary mask \(values 0 and 1\), but found 0\.25 at index \[0, 0, 1, 0\]/ },
  // Not HDF5, or damaged before a dataset is reached.
  bad_empty: { refuse: /is empty \(0 bytes\)/ },
  bad_png: { refuse: /is not an HDF5 file: it is a PNG picture \(\.png\)\./ },
  bad_text: { refuse: /is not an HDF5 file/ },
  bad_zeros: { refuse: /is not an HDF5 file/ },
  bad_signature_only: { refuse: OPEN_FAILED },
  bad_signature_then_garbage: { refuse: OPEN_FAILED },
  bad_superblock: { refuse: OPEN_FAILED },
  bad_truncated_10: { refuse: TRUNCATED },
  bad_truncated_50: { refuse: TRUNCATED },
  bad_truncated_90: { refuse: TRUNCATED },
  bad_truncated_99: { refuse: TRUNCATED },
  bad_contiguous_cut: { refuse: TRUNCATED },
  // Names and layout.
  bad_no_datasets: { refuse: /is missing the datasets trainX, trainY, valX, valY; it contains no datasets at all\./ },
  bad_missing_valY: { refuse: /is missing the dataset valY; it contains trainX, trainY, valX\./ },
  bad_nested_names: { refuse: /it contains data\. Similar names sit deeper in the file: data\/trainX, data\/trainY, data\/valX, data\/valY \(the lessons look only at the top level\)/ },
  bad_other_names: { refuse: /missing the datasets trainX, trainY, valX, valY; it contains X_val, Y_val, x_train, y_train\./ },
  bad_case: { refuse: /missing the dataset trainX; it contains TrainX, trainY, valX, valY\./ },
  bad_group_for_dataset: { refuse: /Expected trainY to be a dataset, but it is a group, containing mask\./ },
  bad_named_datatype: { refuse: /Expected valX to be a dataset, but it is a named datatype/ },
  bad_half_test: { refuse: /missing the dataset testY; it contains testX, trainX/ },
  bad_scalar: { refuse: /Expected trainX to have rank 3 or 4 .* but got rank 0: \[\]\./ },
  bad_rank1: { refuse: /but got rank 1: \[128\]\./ },
  bad_rank2: { refuse: /but got rank 2: \[8, 8\]\./ },
  bad_rank5: { refuse: /but got rank 5: \[1, 2, 8, 8, 1\]\./ },
  bad_rgb: { refuse: /Expected valX to have one channel, .* but got \[2, 8, 8, 3\]\./ },
  bad_count_mismatch: { refuse: /trainX has 2 and trainY has 3\./ },
  bad_size_mismatch: { refuse: /Expected valY to have shape \[2, 8, 8, 1\] like valX, but got \[2, 16, 8, 1\]\./ },
  bad_split_sizes: { refuse: /Expected valX to have slices of 8×8 like trainX, but they are 16×16\./ },
  bad_not_multiple_of_4: { refuse: /divisible by 4, but they are 6×8/ },
  bad_empty_split: { refuse: /Expected valX to hold at least one slice, but it is empty/ },
  bad_zero_height: { refuse: /Expected trainX to hold slices of at least 1×1 pixels, but they are 0×8/ },
  bad_null_dataspace: { refuse: /Expected trainX to hold an array, but it has no shape \(an HDF5 null dataspace/ },
  // Links.
  bad_soft_link_self: { refuse: /trainX is a soft link that never reaches a dataset: it loops/ },
  bad_soft_link_loop: { refuse: /valX is a soft link that never reaches a dataset: it loops/ },
  bad_soft_link_dangling: { refuse: /valY is a soft link to \/deleted\/valY, which does not exist \(a dangling link\)/ },
  bad_external_dangling: { refuse: /trainX is an external link to \/trainX in another file \(no_such_file\.h5\); the course reads one self-contained file/ },
  bad_external_resolving: { refuse: /trainX is an external link to \/trainX in another file \(external_target\.h5\)/ },
  bad_external_only: { refuse: /trainX is an external link to \/trainX in another file \(external_target\.h5\)/ },
  bad_hard_link_to_root: { refuse: /missing the datasets trainX, trainY, valX, valY; it contains g\./ },
  bad_deep_nesting: { refuse: /missing the datasets trainX, trainY, valX, valY; it contains d\./ },
  bad_virtual_missing_source: { refuse: /trainX is a virtual dataset: its values come from other files \(no_such_source\.h5:trainX\), which the course does not open/ },
  bad_virtual_same_file_missing: { refuse: /trainX is a virtual dataset whose source \/parts\/gone \(in this file\) does not exist/ },
  bad_virtual_resolving: { refuse: /trainX is a virtual dataset: its values come from other files \(external_target\.h5:trainX\)/ },
  // Filters and damaged data.
  bad_lzf: { refuse: /trainY is compressed with LZF \(filter id 32000\), which this reader does not include/ },
  bad_blosc: { refuse: /valX is compressed with Blosc \(filter id 32001\)/ },
  bad_zstd: { refuse: /valX is compressed with Zstandard \(filter id 32015\)/ },
  bad_bzip2: { refuse: /valX is compressed with bzip2 \(filter id 307\)/ },
  bad_gzip_corrupt: { refuse: /Could not read the values of trainX in the file.* \(filter returned failure during read\); its compressed data \(deflate\) is damaged and cannot be decompressed/ },
  bad_fletcher32: { refuse: /Could not read the values of trainY in the file.* \(.*\); its Fletcher-32 checksum does not match/ },
  bad_huge_chunks: { refuse: /trainX is stored in chunks of \[1, 4096, 8192, 1\], 128 MiB each, too large to decompress here/ },
  bad_external_raw_storage: { refuse: /Could not read the values of valX .* its values are kept in a separate raw file \(HDF5 external storage\)/ },
  bad_declares_1gib: { refuse: /holds 268,959,744 values, which take 1\.0 GiB as float32, more than the memory budget of 512 MiB/ },
  // Element types.
  bad_bool_mask: { refuse: holds('trainY', 'booleans \\(numpy bool, which h5py stores as an HDF5 enum FALSE/TRUE\\)') },
  bad_enum: { refuse: holds('valY', 'enumerated labels \\(an HDF5 enum of background, heart, lung\\)') },
  bad_complex: { refuse: holds('trainX', 'complex numbers \\(complex64\\)') },
  bad_compound: { refuse: holds('valX', 'records with the fields image, weight') },
  bad_fixed_strings: { refuse: holds('trainY', 'text \\(strings\\)') },
  bad_vlen_strings: { refuse: holds('trainY', 'text \\(strings\\)') },
  bad_object_refs: { refuse: holds('trainX', 'references to other objects in the file \\(object references\\)') },
  bad_region_refs: { refuse: holds('valX', 'references to other objects in the file \\(region references\\)') },
  bad_opaque: { refuse: holds('trainX', 'opaque bytes') },
  bad_vlen_floats: { refuse: holds('trainX', 'variable-length sequences') },
  bad_array_type: { refuse: holds('trainX', 'a small array in every element') },
  bad_float16: { refuse: holds('trainX', 'float16 \\(half precision\\)') },
  bad_float128: { refuse: holds('trainX', 'float128') },
  bad_int64: { refuse: holds('valX', 'int64\\.') },
  bad_uint64: { refuse: holds('valY', 'uint64\\.') },
  // Values.
  bad_nan: { refuse: /Expected trainX to hold finite numbers, but it has 1 NaN\/Infinity value\(s\); the first, NaN, is at index \[1, 3, 5, 0\]/ },
  bad_inf_mask: { refuse: /Expected valY to hold finite numbers, .* the first, -Infinity, is at index \[0, 0, 7, 0\]/ },
};

/** Extra expectations for the other lesson. */
const TRANSLATION: Record<string, Expectation> = {
  // As a translation target, 0/255 is an image whose bright end is 255: put in target units (1 = 255), and said.
  seg_bad_mask_255: { accept: true, task: 'translation', warning: /^The targets' bright end .* is 255; the course divided every target by it/, check: (d) => expect(d.attributes.scaleTarget).toBe(255) },
  seg_bad_soft_mask: { accept: true, task: 'translation', warning: /^valY is constant: every value is 0\.5/ },
  ok_baseline: { refuse: /hold only 0 and 1, like segmentation masks/, task: 'translation' },
};

const files = readdirSync(dir).filter((name) => name.endsWith('.h5')).map((name) => name.slice(0, -3)).sort();
const cases = [
  ...Object.entries(EXPECTED).map(([name, expectation]) => ({ name, expectation, task: expectation.task ?? ('segmentation' as Task) })),
  ...Object.entries(TRANSLATION).map(([name, expectation]) => ({ name, expectation, task: expectation.task ?? ('translation' as Task) })),
];
const MAX_MS = 5000;

describe('the corpus of bad and unusual files', () => {
  it('has an expectation for every file, and at least 60 kinds of file', () => {
    expect(files.filter((name) => !(name in EXPECTED))).toEqual([]);
    expect(Object.keys(EXPECTED).filter((name) => !files.includes(name))).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  describe.each(cases)('$name ($task)', ({ name, expectation, task }) => {
    const path = `${dir}${name}.h5`;

    it("the page's path: bytes → readLessonDataset and inspectDataset (in-memory h5wasm)", async () => {
      const bytes = new Uint8Array(readFileSync(path));
      const started = performance.now();
      let dataset: LessonDataset | null = null;
      let error: unknown = null;
      try {
        dataset = await readLessonDataset(bytes, { rules: taskDescriptor(task).data });
      } catch (caught) {
        error = caught;
      }
      let summary: Awaited<ReturnType<typeof inspectDataset>> | null = null;
      let openError: unknown = null;
      try {
        summary = await inspectDataset(bytes, { tasks: datasetRulesByTask() });
      } catch (caught) {
        openError = caught;
      }
      expect(performance.now() - started).toBeLessThan(MAX_MS);
      if ('accept' in expectation) {
        expect(error).toBeNull();
        expectation.check?.(dataset!);
        if (expectation.warning) expect(dataset!.warnings?.some((w) => expectation.warning!.test(w))).toBe(true);
        else expect(dataset!.warnings ?? []).toEqual([]);
        expect(summary!.lessons[task]).toEqual({ usable: true });
      } else {
        expect(error).toBeInstanceOf(DatasetFormatError);
        expect((error as DatasetFormatError).message).toMatch(expectation.refuse);
        expect((error as DatasetFormatError).hint.length).toBeGreaterThan(10);
        // HDF5's internals (its source's field names) may end a hint, never a message.
        expect((error as DatasetFormatError).message).not.toMatch(/sblock|stored_eof|H5\w+\.c/);
        const inspected = openError ? (openError as Error).message : summary!.lessons[task].error?.message;
        expect(inspected).toMatch(expectation.refuse);
      }
    });

    it('the command line: inspect-data <path> --task (h5wasm Node build)', async () => {
      const started = performance.now();
      const result = await inspectDataCli([path, '--task', task]);
      expect(performance.now() - started).toBeLessThan(MAX_MS);
      if ('accept' in expectation) {
        expect(result.code).toBe(0);
        const summary = JSON.parse(result.stdout);
        expect(summary.lessons[task].usable).toBe(true);
        if (expectation.warning) expect(result.stderr).toMatch(new RegExp(`^Warning: ${expectation.warning.source.replace(/^\^/, '')}`, 'm'));
      } else {
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/^DatasetFormatError: /);
        expect(result.stderr).toMatch(expectation.refuse);
        expect(result.stderr).toMatch(/\nHint: .{10,}/);
      }
      expect(result.stderr).not.toMatch(/HDF5-DIAG|H5\w+\.c line/);
    });
  });

  it('keeps the wasm heap of both builds small: nothing is read beyond the budget', async () => {
    // The corpus includes a file declaring 1 GiB of float64 and one with 128 MiB chunks; both are refused
    // from their metadata, so neither build's heap grows anywhere near those sizes.
    for (const flavour of ['memory', 'node'] as const) {
      const { module } = await loadH5wasm(flavour);
      expect(module.HEAPU8.length).toBeLessThan(128 * 1024 * 1024);
    }
  });
});

describe('the real command (node scripts/inspect-data.mjs): no HDF5 error dump on the terminal', () => {
  it.each(['bad_truncated_50', 'bad_superblock', 'bad_fletcher32', 'bad_soft_link_loop', 'bad_external_resolving'])('%s', (name) => {
    const result = spawnSync(process.execPath, ['scripts/inspect-data.mjs', `${dir}${name}.h5`], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^DatasetFormatError: .*${(EXPECTED[name] as { refuse: RegExp }).refuse.source}`));
    expect(result.stderr).not.toMatch(/HDF5-DIAG|H5\w+\.c line/);
    expect(result.stderr.split('\n').length).toBeLessThanOrEqual(3);
  });
});
