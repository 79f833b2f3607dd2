import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, useApi } from '../api.ts';
import { humanize, longDate, Money } from '../components/format.tsx';
import { ErrorLine, Guard } from '../components/states.tsx';
import { canChange, useSession } from '../session.tsx';

interface OptionLine {
  readonly subscriptionId: string;
  readonly action: string;
  readonly productName: string;
  readonly quantity: number;
  readonly unitPrice: string;
  readonly term: string | null;
  readonly billing: string | null;
  readonly monthlyValue: string;
  readonly annualValue: string;
  readonly priceSource: string;
}

interface Option {
  readonly name: 'hold' | 'harden' | 'modernize';
  readonly description: string;
  readonly lines: OptionLine[];
  readonly totals: { monthly: string; annual: string; annualDeltaVsHold: string };
  readonly notOffered: { productName: string; reason: string }[];
}

interface PackDocument {
  readonly renewalId: string;
  readonly renewalDate: string;
  readonly generatedOn: string;
  readonly pack: {
    readonly account: { id: string; name: string };
    readonly currency: string;
    readonly health: { score: number; band: string; atRisk: boolean };
    readonly entitlements: {
      readonly seats: { subscriptionId: string; productName: string; contracted: number; assigned: string | null; utilisationPercent: string | null; measuredTo: string | null }[];
      readonly backup: { used: string; capacity: string | null; utilisationPercent: string | null }[];
      readonly endpoints: { used: string; capacity: string | null; utilisationPercent: string | null }[];
      readonly azure: { months: { month: string; total: string | null }[]; projectedMonth: string; projected: string | null; currency: string };
    };
    readonly pricing: { productName: string; quantity: number; contractUnitPrice: string | null; listPriceAtRenewal: string | null; annualImpact: string | null; note: string }[];
    readonly recommendations: { title: string; proposal: string }[];
    readonly coterm: { anchor: string; total: string; currency: string; lines: { subscriptionId: string; productName: string; description: string; start: string; end: string; amount: string; explanation: string }[] } | null;
    readonly options: { hold: Option; harden: Option; modernize: Option };
    readonly excluded: { productName: string; reason: string }[];
  };
}

/** A renewal pack: the three options side by side, the co-term lines with their explanation, and the rest of the five elements; turned into a quote here. */
export function PackPage() {
  const { id = '' } = useParams();
  const loaded = useApi<PackDocument>(`/api/renewals/${encodeURIComponent(id)}/pack`);
  if (loaded.error?.field === 'renewal') return <NoPackYet renewalId={id} message={loaded.error.message} onGenerated={loaded.reload} />;
  return (
    <Guard loaded={loaded} what="the renewal pack">
      {(document) => {
        const { pack } = document;
        return (
          <section>
            <h1>
              Renewal pack: <Link to={`/accounts/${encodeURIComponent(pack.account.id)}`}>{pack.account.name}</Link>
            </h1>
            <p className="muted">
              Terms ending {longDate(document.renewalDate)} · generated {longDate(document.generatedOn)} · {pack.currency} · health {pack.health.score} ({pack.health.band}){pack.health.atRisk ? ' — at risk' : ''} ·{' '}
              <a href={`/api/renewals/${encodeURIComponent(id)}/pack.pdf`}>PDF</a>
            </p>
            <div className="options">
              {(['hold', 'harden', 'modernize'] as const).map((name) => (
                <OptionCard key={name} option={pack.options[name]} currency={pack.currency} />
              ))}
            </div>
            <div className="card">
              <h2>Co-term option</h2>
              {pack.coterm && pack.coterm.lines.length > 0 ? (
                <>
                  <p>
                    Align every subscription to <strong>{longDate(pack.coterm.anchor)}</strong>: <Money amount={pack.coterm.total} currency={pack.coterm.currency} /> in stub terms.
                  </p>
                  <ul className="plain">
                    {pack.coterm.lines.map((line) => (
                      <li key={`${line.subscriptionId}-${line.start}`}>
                        <details>
                          <summary>
                            {line.productName}: {longDate(line.start)} – {longDate(line.end)} · <Money amount={line.amount} currency={pack.coterm?.currency} />
                          </summary>
                          <p className="muted">{line.description}</p>
                          <pre className="explanation">{line.explanation}</pre>
                        </details>
                      </li>
                    ))}
                  </ul>
                </>
              ) : (
                <p className="state empty">Nothing to align: every subscription already ends on the anchor, or no anchor applies.</p>
              )}
            </div>
            <div className="card">
              <h2>What they have against what they use</h2>
              <Entitlements entitlements={pack.entitlements} />
            </div>
            <div className="grid two">
              <div className="card">
                <h2>Price changes at renewal</h2>
                {pack.pricing.length === 0 ? (
                  <p className="state empty">No price change.</p>
                ) : (
                  <ul className="plain">
                    {pack.pricing.map((delta) => (
                      <li key={delta.productName}>
                        {delta.productName} × {delta.quantity}: {delta.contractUnitPrice ?? '–'} → {delta.listPriceAtRenewal ?? '–'} {delta.annualImpact ? <>(<Money amount={delta.annualImpact} currency={pack.currency} /> a year)</> : null} <span className="muted">{delta.note}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
              <div className="card">
                <h2>Recommendations</h2>
                {pack.recommendations.length === 0 ? (
                  <p className="state empty">No play recommended.</p>
                ) : (
                  <ul className="plain">
                    {pack.recommendations.map((play) => (
                      <li key={play.title}>
                        <strong>{play.title}</strong>: {play.proposal}
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </div>
            <QuoteForm renewalId={id} accountId={pack.account.id} />
          </section>
        );
      }}
    </Guard>
  );
}

function Entitlements({ entitlements }: { entitlements: PackDocument['pack']['entitlements'] }) {
  const capacity = [...entitlements.backup.map((row) => ['Backup (TB)', row] as const), ...entitlements.endpoints.map((row) => ['Endpoints', row] as const)];
  const azure = entitlements.azure.months.filter((month) => month.total !== null);
  return (
    <>
      {entitlements.seats.length === 0 ? (
        <p className="state empty">No seat measurement for the renewing subscriptions.</p>
      ) : (
        <ul className="plain">
          {entitlements.seats.map((seat) => (
            <li key={seat.subscriptionId}>
              {seat.productName}: {seat.contracted} contracted, {seat.assigned ?? '–'} assigned{seat.utilisationPercent ? ` (${seat.utilisationPercent}%)` : ''}
              {seat.measuredTo ? <span className="muted"> · measured {longDate(seat.measuredTo)}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {capacity.length > 0 ? (
        <ul className="plain">
          {capacity.map(([label, row], index) => (
            <li key={`${label}-${index}`}>
              {label}: {row.used} used of {row.capacity ?? '–'}
              {row.utilisationPercent ? ` (${row.utilisationPercent}%)` : ''}
            </li>
          ))}
        </ul>
      ) : null}
      {azure.length > 0 ? (
        <p>
          Azure: {azure.map((month) => `${month.month} ${month.total}`).join(' · ')} {entitlements.azure.projected ? <>→ projected {entitlements.azure.projectedMonth}: <Money amount={entitlements.azure.projected} currency={entitlements.azure.currency} /></> : null}
        </p>
      ) : null}
    </>
  );
}

/** Before T-90 a renewal has no pack; an account manager can make it now. */
function NoPackYet({ renewalId, message, onGenerated }: { renewalId: string; message: string; onGenerated: () => void }) {
  const { user } = useSession();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  async function generate() {
    setBusy(true);
    setError(undefined);
    try {
      await api('POST', `/api/renewals/${encodeURIComponent(renewalId)}/pack`);
      onGenerated();
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section>
      <h1>Renewal pack</h1>
      <p className="state empty">{message}</p>
      {canChange(user, 'renewals') ? (
        <button type="button" onClick={() => void generate()} disabled={busy}>
          {busy ? 'Generating…' : 'Generate the pack now'}
        </button>
      ) : null}
      <ErrorLine text={error} />
    </section>
  );
}

function OptionCard({ option, currency }: { option: Option; currency: string }) {
  return (
    <article className={`card option option-${option.name}`} aria-labelledby={`option-${option.name}`}>
      <h2 id={`option-${option.name}`}>{humanize(option.name)}</h2>
      <p className="muted">{option.description}</p>
      <p className="total">
        <Money amount={option.totals.annual} currency={currency} /> a year
        <br />
        <span className="muted">
          <Money amount={option.totals.monthly} currency={currency} /> a month · {option.name === 'hold' ? 'the status quo' : <>Δ vs hold <Money amount={option.totals.annualDeltaVsHold} currency={currency} /></>}
        </span>
      </p>
      <ul className="plain lines">
        {option.lines.map((line) => (
          <li key={`${line.subscriptionId}-${line.productName}-${line.action}`}>
            <span className="action">{line.action}</span> {line.productName} × {line.quantity} at {line.unitPrice} <span className="muted">({line.term ?? ''} {line.billing ?? ''}; {line.priceSource})</span>
          </li>
        ))}
      </ul>
    </article>
  );
}

function QuoteForm({ renewalId, accountId }: { renewalId: string; accountId: string }) {
  const { user } = useSession();
  const contacts = useApi<{ items: { id: string; name: string; email: string }[] }>(`/api/accounts/${encodeURIComponent(accountId)}/contacts`);
  const [result, setResult] = useState<{ quoteId?: string; link?: string; error?: string }>({});
  const [busy, setBusy] = useState(false);
  if (!canChange(user, 'renewals')) return null;
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    try {
      const quote = await api<{ id: string }>('POST', `/api/renewals/${encodeURIComponent(renewalId)}/quotes`, { contactId: String(form.get('contact')), validDays: Number(form.get('validDays')) });
      const link = await api<{ url: string }>('POST', `/api/quotes/${quote.id}/links`, {});
      setResult({ quoteId: quote.id, link: link.url });
    } catch (error) {
      setResult({ error: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="card">
      <h2>Turn into a quote</h2>
      <Guard loaded={contacts} what="the account's contacts" empty={(data) => (data.items.length === 0 ? 'This account has no portal contact yet: an admin adds one in Settings.' : null)}>
        {(data) => (
          <form className="inline" onSubmit={(event) => void submit(event)}>
            <label>
              Contact
              <select name="contact" required>
                {data.items.map((contact) => (
                  <option key={contact.id} value={contact.id}>
                    {contact.name} ({contact.email})
                  </option>
                ))}
              </select>
            </label>
            <label>
              Valid for (days)
              <input name="validDays" type="number" min={1} max={90} defaultValue={30} required />
            </label>
            <button type="submit" disabled={busy}>
              {busy ? 'Issuing…' : 'Issue quote and link'}
            </button>
          </form>
        )}
      </Guard>
      <ErrorLine text={result.error} />
      {result.link ? (
        <div className="state ok" role="status">
          Quote {result.quoteId} issued. Send this single-use link to the contact (it is shown once):
          <input className="copy" readOnly value={result.link} aria-label="Quote link" onFocus={(event) => event.currentTarget.select()} />
        </div>
      ) : null}
    </div>
  );
}
