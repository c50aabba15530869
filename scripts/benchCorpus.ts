/**
 * Time and memory of the data loader on the corpus of bad and unusual files (tests/fixtures/corpus),
 * on the page's path (bytes, in-memory h5wasm): `npx tsx scripts/benchCorpus.ts`. Prints the slowest
 * files (two readLessonDataset calls and one inspectDataset each), the wasm heap and the process RSS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inspectDataset } from '../src/lib/data/inspectDataset';
import { loadH5wasm } from '../src/lib/data/h5wasmRuntime';
import { readLessonDataset } from '../src/lib/data/readLessonDataset';
import { allTasks, datasetRulesByTask } from '../src/lib/tasks';

const dir = fileURLToPath(new URL('../tests/fixtures/corpus/', import.meta.url));
const names = readdirSync(dir).filter((n) => n.endsWith('.h5')).sort();
await readLessonDataset(new Uint8Array(readFileSync(`${dir}ok_baseline.h5`))); // load the module first
const { module } = await loadH5wasm('memory');
const rssStart = process.memoryUsage().rss;
let rssPeak = rssStart;
const rows: { name: string; ms: number }[] = [];
for (const name of names) {
  const bytes = new Uint8Array(readFileSync(`${dir}${name}`));
  const started = performance.now();
  for (const task of allTasks()) await readLessonDataset(bytes, { rules: task.data }).catch(() => null);
  await inspectDataset(bytes, { tasks: datasetRulesByTask() }).catch(() => null);
  rows.push({ name, ms: performance.now() - started });
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
}
rows.sort((a, b) => b.ms - a.ms);
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
console.log(`${names.length} files; slowest: ${rows.slice(0, 4).map((r) => `${r.name} ${r.ms.toFixed(0)} ms`).join(', ')}`);
console.log(`wasm heap after the corpus: ${mib(module.HEAPU8.length)} MiB; RSS ${mib(rssStart)} → peak ${mib(rssPeak)} MiB`);
