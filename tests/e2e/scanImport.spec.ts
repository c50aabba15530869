import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { readyPanel, trainTiny } from './tinyRun';
import { writeNifti } from '../../src/lib/volumes/niftiWrite';
import { readNifti } from '../../src/lib/volumes/niftiRead';
import { readFileSync } from 'node:fs';
import { sliceElements, writeDicom } from '../unit/volumes/dicomTestWriter';

// "Bring your own scan" in both lessons, in Chromium on wasm: a NIfTI pair dropped onto the slots, then a
// DICOM folder through the folder picker with a NIfTI mask or target; each import is shown as a volume and
// trains one tiny epoch; a truncated .nii.gz is refused by name while the data before it stays in use.

test.setTimeout(420_000);
test.describe.configure({ mode: 'serial' });

const N = [48, 48, 40] as const;
const SPACING = [2, 2, 3];
const ORIGIN_LPS = [-47, -47, 0];
// RAS affine of voxel (i, j, k) = the DICOM pixel (column i, row j) of slice k below: LPS (x, y) negated.
const AFFINE = [-SPACING[0], 0, 0, -ORIGIN_LPS[0], 0, -SPACING[1], 0, -ORIGIN_LPS[1], 0, 0, SPACING[2], ORIGIN_LPS[2], 0, 0, 0, 1];

/** Inside the ellipse centred at (cx, cy) with half-axes (a, b), in voxels of the axial plane. */
const inEllipse = (i: number, j: number, cx: number, cy: number, a: number, b: number) => ((i - cx) / a) ** 2 + ((j - cy) / b) ** 2 <= 1;

/** A chest in HU (air −1000, body 40, two lungs −850 from slice 5 to 34) and its lung mask. */
function chest(): { ct: Float32Array; mask: Uint8Array } {
  const ct = new Float32Array(N[0] * N[1] * N[2]);
  const mask = new Uint8Array(ct.length);
  for (let k = 0; k < N[2]; k++) {
    for (let j = 0; j < N[1]; j++) {
      for (let i = 0; i < N[0]; i++) {
        const v = i + N[0] * (j + N[1] * k);
        const lung = k >= 5 && k < 35 && (inEllipse(i, j, 15, 24, 7, 11) || inEllipse(i, j, 33, 24, 7, 11));
        ct[v] = lung ? -850 + ((i * 7 + j * 3 + k) % 40) : inEllipse(i, j, 24, 24, 20, 16) ? 40 + ((i + j) % 9) : -1000;
        mask[v] = lung ? 1 : 0;
      }
    }
  }
  return { ct, mask };
}

/** A head's T1- and T2-like contrasts: white matter bright on T1, CSF (ventricles) bright on T2. */
function head(): { t1: Float32Array; t2: Float32Array } {
  const t1 = new Float32Array(N[0] * N[1] * N[2]);
  const t2 = new Float32Array(t1.length);
  for (let k = 0; k < N[2]; k++) {
    for (let j = 0; j < N[1]; j++) {
      for (let i = 0; i < N[0]; i++) {
        const v = i + N[0] * (j + N[1] * k);
        const r = Math.min(1, Math.abs(k - 20) / 18);
        const scale = Math.sqrt(1 - r * r);
        if (k < 3 || k > 37 || !inEllipse(i, j, 24, 24, 19 * scale + 1, 21 * scale + 1)) { t1[v] = 0.02; t2[v] = 0.03; continue; }
        const csf = inEllipse(i, j, 20, 24, 3, 7) || inEllipse(i, j, 28, 24, 3, 7);
        const white = inEllipse(i, j, 24, 24, 13 * scale, 15 * scale);
        t1[v] = csf ? 0.2 : white ? 0.85 : 0.6;
        t2[v] = csf ? 1 : white ? 0.45 : 0.7;
      }
    }
  }
  return { t1, t2 };
}

/** The volume as an axial DICOM series without file extensions (as many CDs hold them): values = stored · slope + intercept. */
function dicomSeries(volume: Float32Array, { modality, slope, intercept, uid = `1.2.826.0.1.3680043.9.7777.${modality === 'CT' ? 41 : 42}`, slices = N[2], description = `${modality} test series` }: {
  modality: string; slope: number; intercept: number; uid?: string; slices?: number; description?: string;
}): { name: string; bytes: Uint8Array }[] {
  return Array.from({ length: slices }, (_, k) => {
    const stored = Array.from(volume.subarray(k * N[0] * N[1], (k + 1) * N[0] * N[1]), (value) => Math.round((value - intercept) / slope));
    const elements = sliceElements({
      seriesUid: uid, instanceNumber: k + 1, position: [ORIGIN_LPS[0], ORIGIN_LPS[1], ORIGIN_LPS[2] + SPACING[2] * k],
      orientation: [1, 0, 0, 0, 1, 0], pixelSpacing: [SPACING[1], SPACING[0]], rows: N[1], columns: N[0], stored, slope, intercept, modality,
      description,
    });
    return { name: `${uid.split('.').pop()}-IM${String(k + 1).padStart(4, '0')}`, bytes: writeDicom(elements) };
  });
}

const nifti = (data: Float32Array | Uint8Array) => Buffer.from(writeNifti({ dims: [...N], data, affine: AFFINE }, { gzip: true }));

/** Drops files on a slot the way a desktop does: a `drop` event whose DataTransfer the page built from the bytes. */
async function dropFiles(page: Page, slot: Locator, files: { name: string; bytes: Buffer }[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, base64: f.bytes.toString('base64') }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const { name, base64 } of items) transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name));
    return transfer;
  }, payload);
  await slot.dispatchEvent('dragover', { dataTransfer });
  await slot.dispatchEvent('drop', { dataTransfer });
}

let scratch = '';
test.beforeAll(() => { scratch = mkdtempSync(join(tmpdir(), 'scan-import-')); });
test.afterAll(() => { rmSync(scratch, { recursive: true, force: true }); });

/** Writes a DICOM series into a fresh folder for the folder picker. */
function folderOf(name: string, files: { name: string; bytes: Uint8Array }[]): string {
  const dir = join(scratch, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  for (const f of files) writeFileSync(join(dir, f.name), f.bytes);
  return dir;
}

const LESSONS = [
  {
    task: 'segmentation', page: 'lessons/segmentation/?backend=wasm', panel: 'Train: Model A′ (no skips)',
    slots: { image: 'Image: CT scan', target: 'Mask: lung mask' }, words: { image: 'CT', target: 'lung mask' },
    pair: () => { const { ct, mask } = chest(); return { image: nifti(ct), target: nifti(mask), series: [
      ...dicomSeries(ct, { modality: 'CT', slope: 1, intercept: -1024, description: 'Chest 3 mm' }),
      // A second, smaller series in the same folder (as a CD holds several): the largest is the default.
      ...dicomSeries(ct, { modality: 'CT', slope: 1, intercept: -1024, uid: '1.2.826.0.1.3680043.9.7777.43', slices: 24, description: 'Upper chest' }),
    ] }; },
    names: { image: 'ct.nii.gz', target: 'lungs.nii.gz' },
    metrics: ['3-D Dice (whole volume)', 'HD95 (mm, 3-D boundaries)'],
    picture: /^CT slice \d+ with the lung mask in yellow$/,
  },
  {
    task: 'translation', page: 'lessons/translation/?backend=wasm', panel: 'Train: T1 → T2 skip model',
    slots: { image: 'Image: T1-weighted scan', target: 'Target image: T2-weighted scan' }, words: { image: 'T1-weighted', target: 'T2-weighted' },
    pair: () => { const { t1, t2 } = head(); return { image: nifti(t1), target: nifti(t2), series: dicomSeries(t1, { modality: 'MR', slope: 0.001, intercept: 0 }) }; },
    names: { image: 't1.nii.gz', target: 't2.nii.gz' },
    metrics: [/^MAE inside the head/, /^PSNR inside the head/, 'SSIM inside the head'],
    picture: /^T1-weighted input \d+$/,
  },
] as const;

for (const lesson of LESSONS) {
  test(`${lesson.task}: a NIfTI pair dropped, a DICOM folder picked, each trains; a truncated .nii.gz is refused`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(lesson.page);
    const explorer = page.getByRole('region', { name: 'Explore the data' });
    await explorer.scrollIntoViewIfNeeded();
    await expect(explorer.getByText(/^\S+\.h5: 128×128 pixels per slice$/)).toBeVisible({ timeout: 90_000 });

    const box = page.getByRole('region', { name: 'Bring your own scan' });
    await box.scrollIntoViewIfNeeded();
    const imageSlot = box.getByRole('group', { name: lesson.slots.image });
    const targetSlot = box.getByRole('group', { name: lesson.slots.target });
    // Enabled once the island has hydrated (its controls are disabled in the server's markup).
    await expect(box.getByRole('button', { name: 'Import', exact: true })).toBeEnabled({ timeout: 60_000 });
    const files = lesson.pair();

    // The HDF5 picker names a scan for what it is and sends it here; the course data stays.
    await explorer.getByLabel(/Use your own HDF5 file/).setInputFiles({ name: lesson.names.image, mimeType: 'application/gzip', buffer: files.image });
    await expect(explorer.getByRole('alert')).toContainText(`${lesson.names.image} is a NIfTI file (a gzip-compressed volume, .nii.gz), not an HDF5 lesson file: use Bring your own scan below.`);
    await explorer.getByRole('button', { name: 'Dismiss' }).click();

    // 1. A NIfTI pair, dropped.
    await dropFiles(page, imageSlot, [{ name: lesson.names.image, bytes: files.image }]);
    await dropFiles(page, targetSlot, [{ name: lesson.names.target, bytes: files.target }]);
    await expect(imageSlot.getByText(new RegExp(`^Holds: ${lesson.names.image.replace('.', '\\.')} \\(`))).toBeVisible();
    await expect(targetSlot.getByText(/^Holds: /)).toContainText(lesson.names.target);
    await box.getByRole('button', { name: 'Import', exact: true }).click();
    const label = `${lesson.names.image} + ${lesson.names.target}`;
    await expect(box.getByRole('heading', { name: `Imported: ${label}` })).toBeVisible({ timeout: 120_000 });
    const slices = box.getByText(/^\d+ of 128×128 pixels: \d+ training, \d+ validation, \d+ test$/);
    await expect(slices).toBeVisible();
    const [total, train, val, test] = ((await slices.textContent())!.match(/\d+/g) ?? []).map(Number).filter((n) => n !== 128);
    expect(train + val + test).toBe(total);
    expect(train).toBeGreaterThanOrEqual(8);
    await expect(box.getByText(`${lesson.words.image} LPS, ${lesson.words.target} LPS (shown axial, anterior up, patient's right on the left)`)).toBeVisible();
    await expect(box.getByText('2×2×3 mm', { exact: true })).toBeVisible();
    await expect(box.getByRole('link', { name: /^Download the lesson file \(ct|t1/ })).toHaveAttribute('href', /^blob:/);
    // Every island uses it: the explorer names it.
    await expect(explorer.getByText(`${label}: 128×128 pixels per slice`)).toBeVisible();

    // The volume view: body order, the split of each slice, the pictures, CT windows only for HU.
    await expect(box.getByRole('img', { name: lesson.picture }).first()).toBeVisible();
    const view = box.getByRole('group', { name: /^Imported scan, inferior to superior: slice \d+ of \d+/ });
    await view.focus();
    await page.keyboard.press('Home');
    await expect(box.getByText(new RegExp(`^Slice 1 of ${total}, inferior to superior: training slice 1 of ${train}\\.$`))).toBeVisible();
    await page.keyboard.press('End');
    await expect(box.getByText(new RegExp(`^Slice ${total} of ${total}, inferior to superior: test slice ${test} of ${test}\\.$`))).toBeVisible();
    const windows = box.getByRole('group', { name: 'Window presets for the imported scan' });
    if (lesson.task === 'segmentation') {
      await expect(windows.getByRole('button', { name: 'lung' })).toHaveAttribute('aria-pressed', 'true');
      await windows.getByRole('button', { name: 'mediastinum' }).click();
      await expect(box.getByText('Level 40 HU, width 400 HU.')).toBeVisible();
    } else {
      await expect(windows).toHaveCount(0);
      await expect(box.getByRole('img', { name: /^T2-weighted target \d+$/ })).toBeVisible();
    }

    // The box after an import (the site-wide scan sees it only before): no serious or critical violations.
    const axe = await new AxeBuilder({ page }).include('.scan-import').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    let panel = await readyPanel(page, lesson.panel);
    await trainTiny(panel, { epochs: 1 });

    // 2. A DICOM folder (extension-less files) through the folder picker, with a NIfTI mask or target.
    await box.scrollIntoViewIfNeeded();
    await imageSlot.getByLabel(/^Choose a folder/).setInputFiles(folderOf(`${lesson.task}-series`, files.series));
    await expect(imageSlot.getByText(new RegExp(`^Holds: ${files.series.length} files in `))).toBeVisible();
    await box.getByRole('button', { name: 'Import', exact: true }).click();
    const dicomLabel = `${lesson.task}-series/ + ${lesson.names.target}`;
    await expect(box.getByRole('heading', { name: `Imported: ${dicomLabel}` })).toBeVisible({ timeout: 120_000 });
    if (files.series.length > N[2]) {
      // Several series: the largest was imported; the other is offered and re-imported when chosen.
      const choice = box.getByRole('combobox', { name: /^The CT files hold 2 series; import this one$/ });
      await expect(choice.locator('option')).toHaveText(['Chest 3 mm (CT), 40 files, 48×48', 'Upper chest (CT), 24 files, 48×48']);
      await expect(choice).toHaveValue('1.2.826.0.1.3680043.9.7777.41');
      const before = await box.getByText(/^\d+ of 128×128 pixels/).textContent();
      await choice.selectOption({ label: 'Upper chest (CT), 24 files, 48×48' });
      await expect(box.getByText(/^\d+ of 128×128 pixels/)).not.toHaveText(before!, { timeout: 60_000 });
      await expect(choice).toHaveValue('1.2.826.0.1.3680043.9.7777.43');
      await choice.selectOption('1.2.826.0.1.3680043.9.7777.41');
      await expect(box.getByText(/^\d+ of 128×128 pixels/)).toHaveText(before!, { timeout: 60_000 });
    }
    await expect(box.getByText(`${lesson.words.image} LPS, ${lesson.words.target} LPS (shown axial, anterior up, patient's right on the left)`)).toBeVisible();
    await expect(explorer.getByText(`${dicomLabel}: 128×128 pixels per slice`)).toBeVisible();
    panel = await readyPanel(page, lesson.panel);
    // The panel still shows the run on the NIfTI import, so its button reads "Train again".
    await trainTiny(panel, { epochs: 1, button: /^(Start training|Train again)$/ });

    // The model just trained, run on the whole DICOM scan and scored against the NIfTI reference; the
    // prediction downloads as a NIfTI on the scan's own grid (48×48 pixels, 40 slices).
    await box.scrollIntoViewIfNeeded();
    const prediction = box.getByRole('region', { name: 'Run the trained model on this scan' });
    await prediction.getByRole('button', { name: 'Run the model on the scan' }).click();
    const metrics = prediction.getByRole('table', { name: 'The whole volume against the reference' });
    await expect(metrics).toBeVisible({ timeout: 120_000 });
    await expect(metrics.getByRole('rowheader')).toHaveText(lesson.metrics);
    await expect(prediction.getByText(/ran on 40 slices of 48×48×40 voxels \(LPS, /)).toBeVisible();
    const [download] = await Promise.all([page.waitForEvent('download'), prediction.getByRole('link', { name: /^Download the prediction/ }).click()]);
    const predicted = readNifti(new Uint8Array(readFileSync((await download.path())!)), { name: download.suggestedFilename() });
    expect(predicted.dims).toEqual([48, 48, 40]);
    expect(download.suggestedFilename()).toMatch(/-prediction\.nii\.gz$/);

    // 3. A truncated .nii.gz: its own message; the DICOM import stays loaded and usable.
    await box.scrollIntoViewIfNeeded();
    await dropFiles(page, imageSlot, [{ name: 'cut.nii.gz', bytes: files.image.subarray(0, Math.floor(files.image.length / 2)) }]);
    await box.getByRole('button', { name: 'Import', exact: true }).click();
    const alert = box.getByRole('alert');
    await expect(alert).toContainText(/cut\.nii\.gz (is not a valid gzip stream|inflates to \d+ bytes)/, { timeout: 60_000 });
    await expect(alert).toContainText(/copy or download it again|Copy or download the file again/);
    await expect(explorer.getByText(`${dicomLabel}: 128×128 pixels per slice`)).toBeVisible();
    await expect(box.getByRole('heading', { name: `Imported: ${dicomLabel}` })).toBeVisible();
    await expect(box.getByRole('img', { name: lesson.picture }).first()).toBeVisible();

    // Back to the course data.
    await box.getByRole('button', { name: 'Back to the course data' }).click();
    await expect(explorer.getByText(/^\S+\.h5: 128×128 pixels per slice$/)).toBeVisible({ timeout: 60_000 });
    expect(errors).toEqual([]);
  });
}
