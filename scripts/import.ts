/**
 * Turns real scans into a lesson file through the same engine as the page (scripts/importCli.ts):
 *   npm run import -- --task segmentation --image <ct.nii.gz | dicom folder> --mask <mask.nii.gz | folder> --out lesson.h5 [--size N] [--label V]
 *   npm run import -- --task translation --image <t1.nii.gz> --target <t2.nii.gz> --out lesson.h5 [--size N]
 * Exit 0 on success, 1 on an error (message and hint on stderr), 2 on bad arguments.
 */
import { runImportCli } from './importCli';

const code = await runImportCli(process.argv.slice(2));
if (code !== 0) process.exit(code);
