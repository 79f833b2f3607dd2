import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { Layout } from './layout.tsx';
import { AccountPage } from './pages/account.tsx';
import { AccountsPage } from './pages/accounts.tsx';
import { BoardPage } from './pages/board.tsx';
import { ImportsPage } from './pages/imports.tsx';
import { KpiPage } from './pages/kpis.tsx';
import { LeakagePage } from './pages/leakage.tsx';
import { LoginPage } from './pages/login.tsx';
import { PackPage } from './pages/pack.tsx';
import { SettingsPage } from './pages/settings.tsx';
import { PortalLayout } from './portal/portal-layout.tsx';
import { PortalOpen } from './portal/portal-open.tsx';
import { PortalQuote } from './portal/portal-quote.tsx';
import { PortalHome } from './portal/portal-home.tsx';
import { SessionProvider } from './session.tsx';
import './styles.css';

function App() {
  return (
    <SessionProvider>
      <BrowserRouter>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/portal" element={<PortalLayout />}>
            <Route path="open" element={<PortalOpen />} />
            <Route path="quotes/:id" element={<PortalQuote />} />
            <Route index element={<PortalHome />} />
          </Route>
          <Route element={<Layout />}>
            <Route index element={<BoardPage />} />
            <Route path="accounts" element={<AccountsPage />} />
            <Route path="accounts/:id" element={<AccountPage />} />
            <Route path="renewals/:id" element={<PackPage />} />
            <Route path="leakage" element={<LeakagePage />} />
            <Route path="imports" element={<ImportsPage />} />
            <Route path="kpis" element={<KpiPage />} />
            <Route path="settings" element={<SettingsPage />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Route>
        </Routes>
      </BrowserRouter>
    </SessionProvider>
  );
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
