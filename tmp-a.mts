import * as h5n from 'h5wasm/node';
const t0 = Date.now();
await h5n.ready;
console.log('node ready', Date.now() - t0);
const f = new h5n.File('/tmp/h5exp/a.h5', 'w');
const data = new Int16Array(2*4*4).map((_, i) => i - 10);
f.create_dataset({ name: 'trainX', data, shape: [2,4,4,1], dtype: '<h', chunks: [1,4,4,1], compression: 'gzip', compression_opts: 4 });
f.create_attribute('units', 'HU');
f.create_attribute('scale', 1000);
f.close();
const g = new h5n.File('/tmp/h5exp/a.h5', 'r');
const d = g.get('trainX') as h5n.Dataset;
console.log(d.shape, d.dtype, d.metadata, d.filters, d.value, g.attrs['units'].value, g.attrs['scale'].value, g.attrs['scale'].dtype);
g.close();
const t1 = Date.now();
const h5e = await import('h5wasm');
const M = await h5e.ready;
console.log('esm ready', Date.now() - t1, typeof M.FS, typeof h5e.FS);
const bytes = (await import('node:fs')).readFileSync('/tmp/h5exp/a.h5');
M.FS.writeFile('/mem.h5', bytes);
const k = new h5e.File('/mem.h5', 'r');
console.log(k.keys(), (k.get('trainX') as h5e.Dataset).value);
k.close();
try { new h5e.File('/nonexist.h5', 'r'); } catch (e) { console.log('ERR', String(e)); }
M.FS.writeFile('/bad.h5', new Uint8Array([1,2,3]));
try { new h5e.File('/bad.h5', 'r'); } catch (e) { console.log('ERR', String(e)); }
