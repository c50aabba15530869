import type { ErrorInfo } from '../lib/errors';

export interface ErrorAlertProps {
  error: ErrorInfo | null;
  onDismiss?: () => void;
  /** Offered when trying again can help (a download that failed). */
  onRetry?: () => void;
}

/** Shows an error's message and hint in an alert region; nothing else on the page is lost. */
export default function ErrorAlert({ error, onDismiss, onRetry }: ErrorAlertProps) {
  return (
    <div role="alert" class="error-alert" hidden={!error}>
      {error && (
        <>
          <p class="error-alert__message"><strong>{error.message}</strong></p>
          {error.hint && <p class="error-alert__hint">{error.hint}</p>}
          {(onRetry || onDismiss) && (
            <div class="button-row">
              {onRetry && <button type="button" class="button" onClick={onRetry}>Try again</button>}
              {onDismiss && <button type="button" class="button button--quiet" onClick={onDismiss}>Dismiss</button>}
            </div>
          )}
        </>
      )}
    </div>
  );
}
