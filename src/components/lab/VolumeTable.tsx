import type { VolumeTable as VolumeTableData } from '../../lib/tasks';

/** The per-patient numbers of a test evaluation: one row per patient, the mean ± spread over patients, and what is missing. */
export default function VolumeTable({ table }: { table: VolumeTableData }) {
  const { rows } = table;
  return (
    <div class="volume-table">
      {rows.length > 0 && (
        <>
          {/* Focusable so that a keyboard can scroll it sideways on a narrow screen. */}
          <div class="table-scroll" role="region" aria-label={table.caption} tabIndex={0}>
            <table class="evaluation__versus volume-table__table">
              <caption>{table.caption}</caption>
              <thead>
                <tr><th scope="col">Patient</th><th scope="col">Slices</th>{table.columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.label}><th scope="row">{r.label}</th><td>{r.slices}</td>{r.cells.map((c, i) => <td key={table.columns[i]}>{c}</td>)}</tr>
                ))}
              </tbody>
              {rows.length > 1 && (
                <tfoot>
                  <tr>
                    <th scope="row">Mean ± SD over {rows.length} patients</th>
                    <td />
                    {/* A narrow column breaks "0.912 ± 0.034" before the ±, never between it and its number. */}
                    {table.mean.map((m, i) => <td key={table.columns[i]}>{m.replace(' ± ', ' ±\u00a0')}</td>)}
                  </tr>
                </tfoot>
              )}
            </table>
          </div>
          <p class="widget__note">
            A clinic gets a patient, not a slice: each row scores one patient’s slices together, and the spread
            (SD, the standard deviation over patients) shows how much the result changes from one patient to the next.
            The per-slice mean above counts every slice alike and can hide a patient on whom the model fails.
          </p>
        </>
      )}
      {table.notes.map((n) => <p key={n} class="widget__note">{n}</p>)}
    </div>
  );
}
