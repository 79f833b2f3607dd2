import { type FormEvent, useState } from 'react';
import { api, type Page, useApi } from '../api.ts';
import { humanize, longDate } from '../components/format.tsx';
import { ErrorLine, Guard } from '../components/states.tsx';
import { canChange, useSession } from '../session.tsx';

interface PolicyView {
  readonly account: string | null;
  readonly explanation: { field: string; text: string }[];
}

/** Policies (organization and per account), margins, users and tokens. */
export function SettingsPage() {
  const { user } = useSession();
  return (
    <section>
      <h1>Settings</h1>
      <Policies editable={canChange(user, 'renewals')} />
      <Margins editable={canChange(user, 'billing')} />
      {user?.role === 'admin' ? (
        <>
          <Users />
          <Tokens />
        </>
      ) : null}
    </section>
  );
}

function useAction(): [string | undefined, (work: () => Promise<void>) => Promise<void>] {
  const [error, setError] = useState<string>();
  return [
    error,
    async (work) => {
      setError(undefined);
      try {
        await work();
      } catch (failure) {
        setError(failure instanceof Error ? failure.message : String(failure));
      }
    },
  ];
}

function Policies({ editable }: { editable: boolean }) {
  const [accountId, setAccountId] = useState('');
  const policy = useApi<PolicyView>(`/api/policies${accountId ? `?accountId=${encodeURIComponent(accountId)}` : ''}`);
  const [error, act] = useAction();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = String(form.get('value'));
    await act(async () => {
      await api('PUT', `/api/policies/${encodeURIComponent(String(form.get('field')))}`, { ...(accountId ? { accountId } : {}), value: value === '' ? null : value });
      policy.reload();
    });
  }
  return (
    <div className="card">
      <h2>Renewal policy</h2>
      <form className="inline" onSubmit={(event) => event.preventDefault()}>
        <label>
          For
          <input value={accountId} onChange={(event) => setAccountId(event.target.value.trim())} placeholder="the organization (or an account id)" />
        </label>
      </form>
      <Guard loaded={policy} what="the policy">
        {(view) => (
          <>
            <dl className="facts">
              {view.explanation.map((line) => (
                <div key={line.field}>
                  <dt>{line.field}</dt>
                  <dd>{line.text}</dd>
                </div>
              ))}
            </dl>
            {editable ? (
              <form className="inline" onSubmit={(event) => void submit(event)}>
                <label>
                  Field
                  <select name="field">
                    {view.explanation.map((line) => (
                      <option key={line.field}>{line.field}</option>
                    ))}
                  </select>
                </label>
                <label>
                  Value
                  <input name="value" placeholder="empty clears it" />
                </label>
                <button type="submit">Set</button>
              </form>
            ) : null}
          </>
        )}
      </Guard>
      <ErrorLine text={error} />
    </div>
  );
}

function Margins({ editable }: { editable: boolean }) {
  const rules = useApi<Page<{ id: number; accountId: string | null; family: string | null; skuId: string | null; method: string; value: string }>>('/api/pricing/rules?limit=1000');
  const [error, act] = useAction();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim() || null;
    await act(async () => {
      await api('PUT', '/api/pricing/rules', { accountId: text('accountId'), family: text('family'), skuId: text('skuId'), method: String(form.get('method')), value: String(form.get('value')) });
      rules.reload();
    });
  }
  return (
    <div className="card">
      <h2>Margins</h2>
      <Guard loaded={rules} what="margin rules" empty={(page) => (page.total === 0 && !editable ? 'No margin rule: everything is priced at cost.' : null)}>
        {(page) => (
          <ul className="plain">
            {page.items.map((rule) => (
              <li key={rule.id}>
                {rule.accountId ?? 'every account'} · {rule.family ?? 'every family'} · {rule.skuId ?? 'every SKU'}: {rule.method} {rule.value}
                {editable ? (
                  <button type="button" className="link" onClick={() => void act(async () => (await api('DELETE', `/api/pricing/rules/${rule.id}`), rules.reload()))}>
                    remove
                  </button>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Guard>
      {editable ? (
        <form className="inline" onSubmit={(event) => void submit(event)}>
          <label>
            Account
            <input name="accountId" placeholder="all" />
          </label>
          <label>
            Family
            <input name="family" placeholder="all" />
          </label>
          <label>
            SKU
            <input name="skuId" placeholder="all" />
          </label>
          <label>
            Method
            <select name="method">
              <option>markup</option>
              <option>margin</option>
              <option>fixed</option>
            </select>
          </label>
          <label>
            Value
            <input name="value" inputMode="decimal" required placeholder="15" />
          </label>
          <button type="submit">Save rule</button>
        </form>
      ) : null}
      <ErrorLine text={error} />
    </div>
  );
}

function Users() {
  const users = useApi<Page<{ id: string; email: string; name: string; role: string; accountId: string | null; disabled: boolean }>>('/api/users?limit=1000&sort=email');
  const [error, act] = useAction();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const role = String(form.get('role'));
    const password = String(form.get('password') ?? '');
    await act(async () => {
      await api('POST', '/api/users', { email: String(form.get('email')), name: String(form.get('name')), role, ...(role === 'portal_contact' ? { accountId: String(form.get('accountId')) } : {}), ...(password ? { password } : {}) });
      users.reload();
    });
  }
  return (
    <div className="card">
      <h2>Users and portal contacts</h2>
      <Guard loaded={users} what="users">
        {(page) => (
          <ul className="plain">
            {page.items.map((person) => (
              <li key={person.id}>
                {person.name} · {person.email} · {humanize(person.role)}
                {person.accountId ? ` of ${person.accountId}` : ''} {person.disabled ? '(disabled)' : ''}
                <button type="button" className="link" onClick={() => void act(async () => (await api('PATCH', `/api/users/${person.id}`, { disabled: !person.disabled }), users.reload()))}>
                  {person.disabled ? 'enable' : 'disable'}
                </button>
              </li>
            ))}
          </ul>
        )}
      </Guard>
      <form className="inline" onSubmit={(event) => void submit(event)}>
        <label>
          Email
          <input name="email" type="email" required />
        </label>
        <label>
          Name
          <input name="name" />
        </label>
        <label>
          Role
          <select name="role">
            <option value="account_manager">account manager</option>
            <option value="billing">billing</option>
            <option value="read_only">read-only</option>
            <option value="admin">admin</option>
            <option value="portal_contact">portal contact</option>
          </select>
        </label>
        <label>
          Account (contacts)
          <input name="accountId" />
        </label>
        <label>
          Password (staff)
          <input name="password" type="password" autoComplete="new-password" minLength={12} />
        </label>
        <button type="submit">Add</button>
      </form>
      <ErrorLine text={error} />
    </div>
  );
}

function Tokens() {
  const tokens = useApi<Page<{ id: string; name: string; scopes: string[]; createdAt: string; revokedAt: string | null }>>('/api/tokens?limit=1000');
  const [issued, setIssued] = useState<string>();
  const [error, act] = useAction();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    await act(async () => {
      const token = await api<{ token: string }>('POST', '/api/tokens', { name: String(form.get('name')), scopes: form.getAll('scopes').map(String) });
      setIssued(token.token);
      tokens.reload();
    });
  }
  return (
    <div className="card">
      <h2>API tokens</h2>
      <Guard loaded={tokens} what="tokens" empty={(page) => (page.total === 0 ? 'No token yet.' : null)}>
        {(page) => (
          <ul className="plain">
            {page.items.map((token) => (
              <li key={token.id}>
                {token.name} · {token.scopes.join(', ')} · {longDate(token.createdAt)} {token.revokedAt ? '(revoked)' : ''}
                {token.revokedAt ? null : (
                  <button type="button" className="link" onClick={() => void act(async () => (await api('DELETE', `/api/tokens/${token.id}`), tokens.reload()))}>
                    revoke
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
      </Guard>
      <form className="inline" onSubmit={(event) => void submit(event)}>
        <label>
          Name
          <input name="name" required placeholder="PSA sync" />
        </label>
        <fieldset>
          <legend>Scopes</legend>
          {['read', 'renewals', 'billing', 'admin'].map((scope) => (
            <label key={scope} className="check">
              <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === 'read'} /> {scope}
            </label>
          ))}
        </fieldset>
        <button type="submit">Issue</button>
      </form>
      {issued ? (
        <p className="state ok" role="status">
          The token (shown once): <input className="copy" readOnly value={issued} aria-label="New token" onFocus={(event) => event.currentTarget.select()} />
        </p>
      ) : null}
      <ErrorLine text={error} />
    </div>
  );
}
