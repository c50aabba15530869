import { useEffect, useState } from 'preact/hooks';

/** A result the learner can download: the Blob URL it holds is revoked when the result is replaced or the view goes. */
export interface WithDownload {
  download: { url: string; fileName: string };
}

/** Makes a Blob URL of `bytes` (the Blob keeps its own copy, so the bytes may be transferred afterwards). */
export type MakeBlobUrl = (bytes: Uint8Array, type: string) => string;

export interface DownloadStep<T extends WithDownload> {
  /** Reads files, asks the worker, and returns the result, making its download with `blobUrl`. */
  work: (blobUrl: MakeBlobUrl) => Promise<T>;
  onError: (error: unknown) => void;
  /** Runs last, whatever happened (e.g. the phase back to idle). */
  onSettled: () => void;
}

/**
 * The import and prediction views' shared sequence: a step that ends in bytes to download, their Blob
 * URL kept with the result while it is shown, every other URL the step made (a failure after the URL
 * was made, a replaced result, the view going away) revoked.
 */
export function useBlobDownload<T extends WithDownload>(): [T | null, (step: DownloadStep<T>) => Promise<void>] {
  const [result, setResult] = useState<T | null>(null);
  useEffect(() => () => { if (result) URL.revokeObjectURL(result.download.url); }, [result]);

  const run = async ({ work, onError, onSettled }: DownloadStep<T>) => {
    const made: string[] = [];
    const blobUrl: MakeBlobUrl = (bytes, type) => {
      const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
      made.push(url);
      return url;
    };
    let kept: string | null = null;
    try {
      const value = await work(blobUrl);
      kept = value.download.url;
      setResult(value);
    } catch (e) {
      onError(e);
    } finally {
      for (const url of made) if (url !== kept) URL.revokeObjectURL(url);
      onSettled();
    }
  };
  return [result, run];
}
