import { type FormEvent, useState } from 'react';
import { useParams } from 'react-router';
import { api, useApi } from '../api.ts';
import { humanize, longDate, Money } from '../components/format.tsx';
import { ErrorLine, Guard } from '../components/states.tsx';

type OptionName = 'hold' | 'harden' | 'modernize';

interface Quote {
  readonly id: string;
  readonly status: string;
  readonly documentSha256: string;
  readonly expiresOn: string;
  readonly paymentLink: string | null;
  readonly acceptance: { option: OptionName; signerName: string; signedAt: string } | null;
  readonly document: {
    readonly seller: { name: string };
    readonly account: { name: string };
    readonly contact: { name: string };
    readonly renewalDate: string;
    readonly currency: string;
    readonly options: Record<OptionName, { description: string; totals: { monthly: string; annual: string; annualDeltaVsHold: string }; lines: { productName: string; quantity: number; action: string; unitPrice: string; term: string | null; billing: string | null }[] }>;
    readonly coterm: { anchor: string; total: string; lines: { productName: string; start: string; end: string; amount: string; explanation: string; description: string }[] } | null;
  };
}

const OPTIONS: OptionName[] = ['hold', 'harden', 'modernize'];

/** The client reads the three options and the co-term lines, picks one and signs with its typed name. */
export function PortalQuote() {
  const { id = '' } = useParams();
  const loaded = useApi<Quote>(`/api/portal/quotes/${encodeURIComponent(id)}`);
  const [choice, setChoice] = useState<OptionName>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function sign(event: FormEvent<HTMLFormElement>, quote: Quote) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', `/api/portal/quotes/${encodeURIComponent(id)}/accept`, { option: choice, signerName: String(form.get('signerName')), documentSha256: quote.documentSha256 });
      loaded.reload();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Guard loaded={loaded} what="your quote">
      {(quote) => {
        const { document } = quote;
        return (
          <section>
            <h1>Your renewal with {document.seller.name}</h1>
            <p className="muted">
              {document.account.name} · new terms from {longDate(document.renewalDate)} · quote {quote.id} · valid until {longDate(quote.expiresOn)} · <a href={`/api/portal/quotes/${encodeURIComponent(id)}/pdf`}>Quote PDF</a>
            </p>
            {quote.acceptance ? (
              <div className="state ok" role="status">
                <strong>Signed.</strong> {quote.acceptance.signerName} accepted the {humanize(quote.acceptance.option)} option on {longDate(quote.acceptance.signedAt)}. <a href={`/api/portal/quotes/${encodeURIComponent(id)}/signed.pdf`}>Download the signed quote</a>
                {quote.paymentLink ? (
                  <>
                    {' '}
                    · <a href={quote.paymentLink}>Pay online</a>
                  </>
                ) : null}
              </div>
            ) : null}
            <fieldset className="options" disabled={quote.acceptance !== null || quote.status !== 'open'}>
              <legend>Choose one option</legend>
              {OPTIONS.map((name) => {
                const option = document.options[name];
                const chosen = (quote.acceptance?.option ?? choice) === name;
                return (
                  <label key={name} className={`card option option-${name}${chosen ? ' chosen' : ''}`}>
                    <input type="radio" name="option" value={name} checked={chosen} onChange={() => setChoice(name)} />
                    <h2>{humanize(name)}</h2>
                    <p className="muted">{option.description}</p>
                    <p className="total">
                      <Money amount={option.totals.annual} currency={document.currency} /> a year
                      <br />
                      <span className="muted">
                        <Money amount={option.totals.monthly} currency={document.currency} /> a month
                      </span>
                    </p>
                    <ul className="plain lines">
                      {option.lines.map((line) => (
                        <li key={`${line.productName}-${line.action}`}>
                          {line.productName} × {line.quantity} <span className="muted">({line.term ?? ''} {line.billing ?? ''})</span>
                        </li>
                      ))}
                    </ul>
                  </label>
                );
              })}
            </fieldset>
            {document.coterm && document.coterm.lines.length > 0 ? (
              <div className="card">
                <h2>Aligning your renewal dates</h2>
                <p>
                  So that everything renews together on {longDate(document.coterm.anchor)}, these subscriptions take one shorter term: <Money amount={document.coterm.total} currency={document.currency} /> in all.
                </p>
                <ul className="plain">
                  {document.coterm.lines.map((line) => (
                    <li key={`${line.productName}-${line.start}`}>
                      <details>
                        <summary>
                          {line.productName}: {longDate(line.start)} – {longDate(line.end)} · <Money amount={line.amount} currency={document.currency} />
                        </summary>
                        <pre className="explanation">{line.explanation}</pre>
                      </details>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            {quote.acceptance === null && quote.status === 'open' ? (
              <form className="card sign" onSubmit={(event) => void sign(event, quote)}>
                <h2>Sign</h2>
                <p>By typing your name you accept the option chosen above, as shown in this quote.</p>
                <label>
                  Your full name
                  <input name="signerName" required autoComplete="name" defaultValue="" />
                </label>
                <button type="submit" disabled={!choice || busy}>
                  {busy ? 'Signing…' : choice ? `Accept ${humanize(choice)} and sign` : 'Choose an option first'}
                </button>
                <ErrorLine text={error} />
              </form>
            ) : null}
          </section>
        );
      }}
    </Guard>
  );
}
