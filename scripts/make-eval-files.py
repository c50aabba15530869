"""Writes evaluation-only CT files from the course's lung file, the way another tool would store them.

  /usr/bin/python3 scripts/make-eval-files.py public/data/lung-ct-128.h5 OUT_DIR

Reads the test split (subjects no model trained on) with h5py and writes, test split only:
  OUT_DIR/lung-ct-test-hu.h5       int16 Hounsfield units [N, H, W], uint8 masks, shuffle + gzip,
                                   one slice per chunk, root attribute units = "HU"
  OUT_DIR/lung-ct-test-zscored.h5  the same slices z-scored per slice (float32 [N, H, W, 1]), masks
                                   uint8, attribute units = "z-scored", no compression
  OUT_DIR/lung-ct-test-hu1000.h5   the same slices as HU / 1000 (float32), no units attribute
Used for the measurements in docs/normalization.md (npm run train -- --model-from DIR --eval FILE).
"""
import os
import sys

import h5py
import numpy as np


def zscore_per_slice(x):
    x = x.astype(np.float64)
    mean = x.mean(axis=(1, 2), keepdims=True)
    std = x.std(axis=(1, 2), keepdims=True)
    return np.where(std > 0, (x - mean) / np.where(std > 0, std, 1), 0).astype(np.float32)


def main(source, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    with h5py.File(source, "r") as f:
        hu = np.asarray(f["testX"]).reshape(f["testX"].shape[:3])
        mask = np.asarray(f["testY"]).reshape(f["testY"].shape[:3])
    n, h, w = hu.shape
    with h5py.File(os.path.join(out_dir, "lung-ct-test-hu.h5"), "w") as f:
        f.create_dataset("testX", data=np.rint(hu).astype(np.int16), chunks=(1, h, w), compression="gzip", shuffle=True)
        f.create_dataset("testY", data=(mask > 0.5).astype(np.uint8), chunks=(1, h, w), compression="gzip", shuffle=True)
        f.attrs["units"] = "HU"
        f.attrs["description"] = "Course chest-CT test split re-stored by h5py: int16 HU, uint8 masks"
    with h5py.File(os.path.join(out_dir, "lung-ct-test-zscored.h5"), "w") as f:
        f.create_dataset("testX", data=zscore_per_slice(hu)[..., None])
        f.create_dataset("testY", data=(mask > 0.5).astype(np.uint8)[..., None])
        f.attrs["units"] = "z-scored"
    with h5py.File(os.path.join(out_dir, "lung-ct-test-hu1000.h5"), "w") as f:
        f.create_dataset("testX", data=(hu.astype(np.float32) / 1000)[..., None])
        f.create_dataset("testY", data=(mask > 0.5).astype(np.uint8)[..., None])
    print(f"Wrote 3 files of {n} slices of {h}x{w} to {out_dir}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
