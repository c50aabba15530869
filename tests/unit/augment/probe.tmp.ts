import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
for (const b of ['cpu', 'wasm']) {
  console.log(b, await tf.setBackend(b)); await tf.ready();
  const img = tf.tensor4d([1,2,3,4, 5,6,7,8], [2,1,4,1]);
  // shift: input x = x + 1
  const t = tf.tensor2d([[1,0,1,0,1,0,0,0],[1,0,1,0,1,0,0,0]]);
  for (const fm of ['constant','nearest','reflect','wrap'] as const) {
    const o = tf.image.transform(img, t, 'nearest', fm, 9);
    console.log(fm, JSON.stringify(Array.from(o.dataSync())));
  }
  const t2 = tf.tensor2d([[1,0,-2.5,0,1,0,0,0],[1,0,-2.5,0,1,0,0,0]]);
  for (const fm of ['constant','nearest','reflect','wrap'] as const) {
    const o = tf.image.transform(img, t2, 'bilinear', fm, 9);
    console.log('shift -2.5 bilinear', fm, JSON.stringify(Array.from(o.dataSync())));
  }
  const t3 = tf.tensor2d([[1,0,-0.5,0,1,0,0,0],[1,0,-0.5,0,1,0,0,0]]);
  console.log('nearest at .5', JSON.stringify(Array.from(tf.image.transform(img, t3, 'nearest', 'constant', 9).dataSync())));
}
