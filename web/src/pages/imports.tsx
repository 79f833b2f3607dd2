import { type FormEvent, useEffect, useState } from 'react';
import { api, type Page, useApi } from '../api.ts';
import { longDate } from '../components/format.tsx';
import { ErrorLine, Guard } from '../components/states.tsx';
import { canChange, useSession } from '../session.tsx';

const KINDS = [
  ['recon', "Partner Center reconciliation file (Microsoft's billed lines)"],
  ['pricelist', 'Price list'],
  ['subscriptions', 'Partner Center subscriptions export'],
  ['psa', 'PSA agreement additions (ConnectWise, Autotask)'],
  ['services', "Your own services' contracts"],
  ['usage', 'Usage and ticket signals'],
] as const;

interface Job {
  readonly id: string;
  readonly fileName: string;
  readonly status: 'running' | 'done' | 'failed';
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly error: string | null;
  readonly outcome: { rowsRead: number; imported: number; duplicates: number; rejected: number; alreadyImported: boolean } | null;
  readonly rejected: { location: string; reason: string }[];
}

interface PastImport {
  readonly id: string;
  readonly kind: string;
  readonly fileName: string;
  readonly rowsRead: number;
  readonly imported: number;
  readonly duplicates: number;
  readonly rejected: number;
  readonly actor: string;
  readonly startedAt: string;
}

/** Upload a file, watch it import, see the rows it refused; the imports done before. */
export function ImportsPage() {
  const { user } = useSession();
  const history = useApi<Page<PastImport>>('/api/imports?limit=50');
  const [jobId, setJobId] = useState<string>();
  const [error, setError] = useState<string>();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(undefined);
    const form = new FormData(event.currentTarget);
    const upload = new FormData();
    upload.append('kind', String(form.get('kind')));
    if (form.get('skipBad')) upload.append('skipBad', 'true');
    upload.append('file', form.get('file') as File);
    try {
      setJobId((await api<Job>('POST', '/api/imports', upload)).id);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }
  return (
    <section>
      <h1>Imports</h1>
      {canChange(user, 'billing') ? (
        <form className="card inline" onSubmit={(event) => void submit(event)}>
          <label>
            Kind
            <select name="kind" required>
              {KINDS.map(([kind, label]) => (
                <option key={kind} value={kind}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <label>
            File
            <input name="file" type="file" accept=".csv,.txt,.json" required />
          </label>
          <label className="check">
            <input name="skipBad" type="checkbox" /> import the good rows and list the bad ones
          </label>
          <button type="submit">Upload and import</button>
        </form>
      ) : null}
      <ErrorLine text={error} />
      {jobId ? <JobProgress id={jobId} onDone={history.reload} /> : null}
      <div className="card">
        <h2>Imported</h2>
        <Guard loaded={history} what="imports" empty={(page) => (page.total === 0 ? 'Nothing imported yet.' : null)}>
          {(page) => (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Kind</th>
                    <th scope="col">File</th>
                    <th scope="col">Rows</th>
                    <th scope="col">Imported</th>
                    <th scope="col">Duplicates</th>
                    <th scope="col">By</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((row) => (
                    <tr key={row.id}>
                      <td>{longDate(row.startedAt)}</td>
                      <td>{row.kind}</td>
                      <td>{row.fileName.split('/').pop()}</td>
                      <td className="num">{row.rowsRead}</td>
                      <td className="num">{row.imported}</td>
                      <td className="num">{row.duplicates}</td>
                      <td>{row.actor}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Guard>
      </div>
    </section>
  );
}

function JobProgress({ id, onDone }: { id: string; onDone: () => void }) {
  const [job, setJob] = useState<Job>();
  useEffect(() => {
    let stopped = false;
    async function poll() {
      const current = await api<Job>('GET', `/api/imports/${id}`);
      if (stopped) return;
      setJob(current);
      if (current.status === 'running') setTimeout(() => void poll(), 300);
      else onDone();
    }
    void poll();
    return () => {
      stopped = true;
    };
  }, [id, onDone]);
  if (!job) return null;
  const percent = job.totalBytes > 0 ? Math.round((job.bytesRead / job.totalBytes) * 100) : 0;
  return (
    <div className="card" aria-live="polite">
      <h2>{job.fileName}</h2>
      <progress max={100} value={job.status === 'running' ? percent : 100} aria-label="Import progress" />
      {job.status === 'running' ? <p>Importing… {percent}%</p> : null}
      {job.outcome ? (
        <p className="state ok">
          {job.outcome.alreadyImported ? 'This file was imported before: nothing new.' : `${job.outcome.imported} rows imported, ${job.outcome.duplicates} already known, ${job.outcome.rejected} rejected, of ${job.outcome.rowsRead}.`}
        </p>
      ) : null}
      <ErrorLine text={job.error} />
      {job.rejected.length > 0 ? (
        <>
          <h3>Rejected rows</h3>
          <ul className="plain rejected">
            {job.rejected.map((row) => (
              <li key={row.location}>
                <strong>{row.location}</strong>: {row.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
