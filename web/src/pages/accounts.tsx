import { type ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { type Page, useApi } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { Guard } from '../components/states.tsx';

interface AccountRow {
  readonly id: string;
  readonly name: string;
  readonly domain: string | null;
  readonly country: string | null;
  readonly parentAccountId: string | null;
  readonly subscriptionCount: number;
}

const COLUMNS: ColumnDef<AccountRow, unknown>[] = [
  { id: 'name', header: 'Account', accessorFn: (row) => row.name },
  { id: 'domain', header: 'Domain', accessorFn: (row) => row.domain ?? '' },
  { id: 'parent', header: 'Part of', accessorFn: (row) => row.parentAccountId ?? '' },
  { id: 'subscriptions', header: 'Subscriptions', accessorFn: (row) => row.subscriptionCount, cell: ({ row }) => <span className="num">{row.original.subscriptionCount}</span> },
];

export function AccountsPage() {
  const [query, setQuery] = useState('');
  const navigate = useNavigate();
  const loaded = useApi<Page<AccountRow>>(`/api/accounts?limit=1000&sort=name${query ? `&q=${encodeURIComponent(query)}` : ''}`);
  return (
    <section>
      <h1>Accounts</h1>
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <label>
          Find
          <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="name or domain" />
        </label>
      </form>
      <Guard loaded={loaded} what="accounts" empty={(page) => (page.total === 0 ? 'No account matches.' : null)}>
        {(page) => <DataTable rows={page.items} columns={COLUMNS} caption="Accounts" rowKey={(row) => row.id} onRowOpen={(row) => navigate(`/accounts/${encodeURIComponent(row.id)}`)} />}
      </Guard>
    </section>
  );
}
