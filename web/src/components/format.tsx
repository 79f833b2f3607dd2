/** Money as the server computed it (a decimal string), grouped for reading; never recomputed here. */
export function Money({ amount, currency }: { amount: string | null | undefined; currency?: string | null }) {
  if (amount === null || amount === undefined) return <span className="muted">–</span>;
  return (
    <span className="money">
      {groupDigits(amount)}
      {currency ? <span className="currency"> {currency}</span> : null}
    </span>
  );
}

export function groupDigits(amount: string): string {
  const [whole = '', fraction] = amount.split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${digits}${fraction !== undefined ? `.${fraction}` : ''}`;
}

const BAND_TEXT = { green: 'Healthy', amber: 'Watch', red: 'At risk' } as const;

export function HealthBadge({ band, score }: { band: 'green' | 'amber' | 'red' | null; score?: number | null }) {
  if (!band) return <span className="muted">–</span>;
  return (
    <span className={`badge health-${band}`} title={`Health ${score ?? ''} (${band})`}>
      <span aria-hidden="true">{band === 'green' ? '●' : band === 'amber' ? '▲' : '■'}</span> {BAND_TEXT[band]}
      {score !== undefined && score !== null ? ` ${score}` : ''}
    </span>
  );
}

export function humanize(text: string): string {
  const spaced = text.replace(/_/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function longDate(iso: string | null | undefined): string {
  if (!iso) return '–';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${Number(match[3])} ${months[Number(match[2]) - 1]} ${match[1]}`;
}

/** Adds decimal amounts per currency in cents, exactly (the server's figures have at most two decimals). */
export function totalsByCurrency(amounts: readonly { readonly amount: string; readonly currency: string | null }[]): [string, string][] {
  const cents = new Map<string, bigint>();
  for (const { amount, currency } of amounts) {
    const negative = amount.startsWith('-');
    const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
    const value = BigInt(whole) * 100n + BigInt(`${fraction}00`.slice(0, 2));
    cents.set(currency ?? '', (cents.get(currency ?? '') ?? 0n) + (negative ? -value : value));
  }
  return [...cents].map(([currency, total]) => {
    const sign = total < 0n ? '-' : '';
    const absolute = total < 0n ? -total : total;
    return [currency, `${sign}${absolute / 100n}.${String(absolute % 100n).padStart(2, '0')}`];
  });
}
