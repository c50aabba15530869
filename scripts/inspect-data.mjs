// Starts `npm run inspect-data` quickly: bundles scripts/inspect-data.ts and the course library it uses
// with esbuild (only when one of the bundled sources changed; node_modules such as h5wasm stay external
// and load as plain JavaScript), then runs the bundle with plain node. Transpiling with tsx took seconds.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}node_modules/.cache/course-scripts/inspect-data.mjs`;
const inputsFile = `${outfile}.inputs.json`;

function fresh() {
  if (!existsSync(outfile) || !existsSync(inputsFile)) return false;
  const built = statSync(outfile).mtimeMs;
  const inputs = JSON.parse(readFileSync(inputsFile, 'utf8'));
  return inputs.every((input) => existsSync(`${root}${input}`) && statSync(`${root}${input}`).mtimeMs <= built);
}

if (!fresh()) {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [`${root}scripts/inspect-data.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    packages: 'external',
    metafile: true,
    logLevel: 'error',
    absWorkingDir: root,
  });
  writeFileSync(inputsFile, JSON.stringify(Object.keys(result.metafile.inputs)));
}
await import(pathToFileURL(outfile).href);
