import { type FormEvent, useState } from 'react';
import { Navigate, useSearchParams } from 'react-router';
import { useBranding } from '../branding.ts';
import { useSession } from '../session.tsx';

export function LoginPage() {
  const session = useSession();
  const branding = useBranding();
  const [params] = useSearchParams();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  if (session.user) return <Navigate to={session.user.role === 'portal_contact' ? '/portal' : (params.get('next') ?? '/')} replace />;
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await session.signIn(String(form.get('email')), String(form.get('password')));
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }
  return (
    <main className="login" id="main">
      <form onSubmit={(event) => void submit(event)} aria-describedby={error ? 'login-error' : undefined}>
        <h1>coterm</h1>
        <p className="muted">{branding?.name ?? ''} — renewals, co-terming and billing</p>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error ? (
          <p id="login-error" className="state error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
