import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api.ts';
import { Loading } from '../components/states.tsx';
import { useSession } from '../session.tsx';

/**
 * A quote link lands here with its single-use token in the fragment (never
 * sent to a server by the browser, so mail scanners cannot use it up): the
 * page posts it once to start the contact's session, then shows the quote.
 */
export function PortalOpen() {
  const navigate = useNavigate();
  const session = useSession();
  const [error, setError] = useState<string>();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const token = window.location.hash.slice(1);
    if (!token) {
      setError('This link is incomplete: open the link from your email again.');
      return;
    }
    api<{ quoteId: string; csrfToken: string }>('POST', '/api/portal/session', { token }).then(
      async (opened) => {
        window.history.replaceState(null, '', '/portal/open');
        await session.adopt(opened.csrfToken);
        navigate(`/portal/quotes/${opened.quoteId}`, { replace: true });
      },
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
  }, [navigate, session]);
  if (error)
    return (
      <div className="state error" role="alert">
        <strong>This link cannot be used.</strong> {error}
      </div>
    );
  return <Loading what="your quote" />;
}
