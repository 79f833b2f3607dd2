import { Link } from 'react-router';
import { type Page, useApi } from '../api.ts';
import { longDate, Money } from '../components/format.tsx';
import { Guard } from '../components/states.tsx';
import { useSession } from '../session.tsx';

/** The contact's quotes and invoices. */
export function PortalHome() {
  const { user, checked } = useSession();
  const quotes = useApi<Page<{ id: string; status: string; issuedOn: string; expiresOn: string; acceptedOption: string | null }>>(user ? '/api/portal/quotes' : null);
  const invoices = useApi<Page<{ id: string; number: string | null; period: string; total: string; currency: string; dueOn: string | null; kind: string }>>(user ? '/api/portal/invoices?sort=-period' : null);
  if (checked && !user) return <p className="state">Open the link from your email to see your quote.</p>;
  return (
    <section>
      <h1>Your renewals and invoices</h1>
      <div className="card">
        <h2>Quotes</h2>
        <Guard loaded={quotes} what="your quotes" empty={(page) => (page.total === 0 ? 'No quote for you yet.' : null)}>
          {(page) => (
            <ul className="plain">
              {page.items.map((quote) => (
                <li key={quote.id}>
                  <Link to={`/portal/quotes/${quote.id}`}>{quote.id}</Link> · {quote.status === 'accepted' ? `signed (${quote.acceptedOption})` : quote.status === 'open' ? `valid until ${longDate(quote.expiresOn)}` : quote.status}
                </li>
              ))}
            </ul>
          )}
        </Guard>
      </div>
      <div className="card">
        <h2>Invoices</h2>
        <Guard loaded={invoices} what="your invoices" empty={(page) => (page.total === 0 ? 'No invoice yet.' : null)}>
          {(page) => (
            <ul className="plain">
              {page.items.map((invoice) => (
                <li key={invoice.id}>
                  {invoice.number} · {invoice.period} · <Money amount={invoice.total} currency={invoice.currency} /> {invoice.dueOn ? `· due ${longDate(invoice.dueOn)}` : ''} · <a href={`/api/portal/invoices/${encodeURIComponent(invoice.number ?? invoice.id)}/pdf`}>PDF</a>
                </li>
              ))}
            </ul>
          )}
        </Guard>
      </div>
    </section>
  );
}
