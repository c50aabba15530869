/**
 * Runs a saved model on a scan and writes its prediction on the scan's own grid (scripts/predictCli.ts):
 *   npm run predict -- --model-from DIR --image <scan.nii.gz | dicom folder> --out pred.nii.gz [--mask ref | --target ref] [--label N] [--series UID]
 * Exit 0 on success, 1 on an error (message and hint on stderr), 2 on bad arguments.
 */
import { runPredictCli } from './predictCli';

const code = await runPredictCli(process.argv.slice(2));
if (code !== 0) process.exit(code);
