import type { ErrorInfo } from '../lib/errors';

export interface ErrorAlertProps {
  error: ErrorInfo | null;
  onDismiss?: () => void;
}

/** Shows an error's message and hint in an alert region; nothing else on the page is lost. */
export default function ErrorAlert({ error, onDismiss }: ErrorAlertProps) {
  return (
    <div role="alert" class="error-alert" hidden={!error}>
      {error && (
        <>
          <p class="error-alert__message"><strong>{error.message}</strong></p>
          {error.hint && <p class="error-alert__hint">{error.hint}</p>}
          {onDismiss && <button type="button" class="button button--quiet" onClick={onDismiss}>Dismiss</button>}
        </>
      )}
    </div>
  );
}
