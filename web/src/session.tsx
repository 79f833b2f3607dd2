import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { api, ApiError, setCsrfToken } from './api.ts';

export interface User {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: 'admin' | 'billing' | 'account_manager' | 'read_only' | 'portal_contact';
  readonly accountId: string | null;
}

interface SessionState {
  readonly user: User | null;
  readonly checked: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** After a portal link opened a session. */
  adopt(csrfToken: string): Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [checked, setChecked] = useState(false);
  const refresh = useCallback(async () => {
    try {
      const me = await api<{ user: User; csrfToken: string | null }>('GET', '/api/auth/me');
      setCsrfToken(me.csrfToken);
      setUser(me.user);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      setUser(null);
    } finally {
      setChecked(true);
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  const value: SessionState = {
    user,
    checked,
    async signIn(email, password) {
      const session = await api<{ user: User; csrfToken: string }>('POST', '/api/auth/login', { email, password });
      setCsrfToken(session.csrfToken);
      setUser(session.user);
    },
    async signOut() {
      await api('POST', '/api/auth/logout');
      setCsrfToken(null);
      setUser(null);
    },
    async adopt(csrfToken) {
      setCsrfToken(csrfToken);
      await refresh();
    },
  };
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** Whether the signed-in user may make changes of this kind (the server decides; this only hides buttons). */
export function canChange(user: User | null, kind: 'renewals' | 'billing' | 'admin'): boolean {
  if (!user) return false;
  if (user.role === 'admin') return true;
  return (kind === 'renewals' && user.role === 'account_manager') || (kind === 'billing' && user.role === 'billing');
}
