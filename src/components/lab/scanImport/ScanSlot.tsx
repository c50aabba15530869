import { useState } from 'preact/hooks';
import { droppedFiles, filesOfInput, type PickedFile } from './entryFiles';
import { describeFiles } from './readSlotFiles';

export interface ScanSlotProps {
  /** Unique on the page: ids of the inputs and the heading. */
  id: string;
  /** "Image: CT", "Mask: lung mask". */
  title: string;
  /** What belongs here, one sentence. */
  help: string;
  files: PickedFile[];
  onChange: (files: PickedFile[]) => void;
  /** Files could not be taken from a drop (a folder the browser refused to read). */
  onError: (error: unknown) => void;
  disabled: boolean;
}

// Extension-less DICOM files (IM0001, a CD's DICOM/ folder) must stay visible in the dialog: browsers add
// an "All files" choice to a filtered dialog, and application/dicom lets systems that sniff content
// (Linux desktops) match DICOM files without an extension. The folder picker takes any file either way.
const SCAN_ACCEPT = '.nii,.nii.gz,.gz,.dcm,.dicom,.ima,application/dicom';
// Preact sets webkitdirectory as the input's property; the JSX types do not list it.
const FOLDER_PICKER = { webkitdirectory: true } as Record<string, unknown>;

/**
 * One side of a scan import: a file picker, a folder picker and a drop zone for files or a folder, with
 * what the slot holds and a way to clear it. Everything stays in the page.
 */
export default function ScanSlot({ id, title, help, files, onChange, onError, disabled }: ScanSlotProps) {
  const [over, setOver] = useState(false);
  const take = (list: FileList | null, input: HTMLInputElement) => {
    if (list && list.length > 0) onChange(filesOfInput(list));
    // Cleared so that choosing the same file again after an error fires a change.
    input.value = '';
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (disabled || !e.dataTransfer) return;
    // The entries are taken inside the event; reading them goes on afterwards.
    droppedFiles(e.dataTransfer.items).then((found) => { if (found.length > 0) onChange(found); }, onError);
  };
  const onDragOver = (e: DragEvent) => {
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
    if (!disabled) setOver(true);
  };
  return (
    <div class={`scan-slot${over ? ' scan-slot--over' : ''}`} role="group" aria-labelledby={`${id}-title`} aria-describedby={`${id}-help ${id}-holds`}
      onDragOver={onDragOver} onDragEnter={onDragOver} onDragLeave={() => setOver(false)} onDrop={onDrop} data-slot={id}>
      <h4 id={`${id}-title`} class="scan-slot__title">{title}</h4>
      <p id={`${id}-help`} class="scan-slot__help">{help} Drop files or a folder here, or choose them:</p>
      <div class="scan-slot__pickers">
        <label class={`button button--quiet scan-slot__picker${disabled ? ' is-disabled' : ''}`}>
          <input class="scan-slot__input" type="file" multiple accept={SCAN_ACCEPT} disabled={disabled}
            onChange={(e) => take((e.currentTarget as HTMLInputElement).files, e.currentTarget as HTMLInputElement)} />
          <span>Choose files<span class="visually-hidden"> for the {title}</span></span>
        </label>
        <label class={`button button--quiet scan-slot__picker${disabled ? ' is-disabled' : ''}`}>
          <input class="scan-slot__input" type="file" {...FOLDER_PICKER} disabled={disabled}
            onChange={(e) => take((e.currentTarget as HTMLInputElement).files, e.currentTarget as HTMLInputElement)} />
          <span>Choose a folder<span class="visually-hidden"> for the {title}</span></span>
        </label>
      </div>
      <p id={`${id}-holds`} class="scan-slot__holds" aria-live="polite">
        {files.length > 0 ? <><strong>Holds:</strong> {describeFiles(files)}</> : 'Nothing chosen yet.'}
      </p>
      {files.length > 1 && (
        <details class="scan-slot__files">
          <summary>The {files.length} files</summary>
          <ul>{files.slice(0, 200).map((f) => <li key={f.path}>{f.path}</li>)}{files.length > 200 && <li>… and {files.length - 200} more</li>}</ul>
        </details>
      )}
      {files.length > 0 && (
        <button type="button" class="button button--quiet" disabled={disabled} onClick={() => onChange([])}>
          Clear<span class="visually-hidden"> the {title}</span>
        </button>
      )}
    </div>
  );
}
