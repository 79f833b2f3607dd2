import { type ReactNode } from 'react';
import { type ApiError } from '../api.ts';

export function Loading({ what }: { what: string }) {
  return (
    <p className="state loading" role="status" aria-live="polite">
      Loading {what}…
    </p>
  );
}

export function ErrorMessage({ error, retry }: { error: ApiError | Error; retry?: () => void }) {
  return (
    <div className="state error" role="alert">
      <strong>Something went wrong.</strong> {error.message}
      {retry ? (
        <button type="button" className="link" onClick={retry}>
          Try again
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

/** Shows loading, an error or an empty state, else the content. */
export function Guard<T>({ loaded, what, children, empty }: { loaded: { data: T | undefined; error: ApiError | undefined; loading: boolean; reload(): void }; what: string; children: (data: T) => ReactNode; empty?: (data: T) => string | null }) {
  if (loaded.error) return <ErrorMessage error={loaded.error} retry={loaded.reload} />;
  if (loaded.data === undefined) return <Loading what={what} />;
  const emptyText = empty?.(loaded.data);
  if (emptyText) return <Empty>{emptyText}</Empty>;
  return <>{children(loaded.data)}</>;
}

/** A one-line error under a form or an action, read out when it appears; nothing when there is none. */
export function ErrorLine({ text }: { text: string | null | undefined }) {
  if (!text) return null;
  return (
    <p className="state error" role="alert">
      {text}
    </p>
  );
}
