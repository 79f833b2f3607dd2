import { Navigate, NavLink, Outlet, useLocation } from 'react-router';
import { Loading } from './components/states.tsx';
import { useBranding } from './branding.ts';
import { useSession } from './session.tsx';

const LINKS = [
  ['/', 'Renewals'],
  ['/accounts', 'Accounts'],
  ['/leakage', 'Leakage'],
  ['/imports', 'Imports'],
  ['/kpis', 'KPIs'],
  ['/settings', 'Settings'],
] as const;

/** The staff app's frame: navigation, who is signed in, and the page. */
export function Layout() {
  const session = useSession();
  const location = useLocation();
  const branding = useBranding();
  if (!session.checked) return <Loading what="your session" />;
  if (!session.user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (session.user.role === 'portal_contact') return <Navigate to="/portal" replace />;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">
          coterm <span className="muted">· {branding?.name ?? ''}</span>
        </span>
        <nav aria-label="Main">
          {LINKS.map(([to, label]) => (
            <NavLink key={to} to={to} end={to === '/'}>
              {label}
            </NavLink>
          ))}
        </nav>
        <span className="who">
          {session.user.name} <span className="muted">({session.user.role.replace('_', ' ')})</span>{' '}
          <button type="button" className="link" onClick={() => void session.signOut()}>
            Sign out
          </button>
        </span>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
