import { Link, Outlet } from 'react-router';
import { useBranding } from '../branding.ts';
import { useSession } from '../session.tsx';

/** The client's pages, in the MSP's name: no staff navigation. */
export function PortalLayout() {
  const branding = useBranding();
  const { user } = useSession();
  const initials = (branding?.name ?? '')
    .split(/\s+/)
    .map((word) => word.charAt(0))
    .join('')
    .slice(0, 2)
    .toUpperCase();
  return (
    <div className="portal">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="portal-bar">
        <Link to="/portal" className="portal-brand">
          {branding?.logoUrl ? <img src={branding.logoUrl} alt="" height={32} /> : <span className="monogram" aria-hidden="true">{initials}</span>}
          <span>{branding?.name ?? ''}</span>
        </Link>
        {user ? <span className="muted">{user.name}</span> : null}
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
