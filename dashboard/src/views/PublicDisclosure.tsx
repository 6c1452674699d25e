import { api } from '../api';
import { LoadError, Loading } from '../components';
import { usePoll } from '../hooks';
import { useI18n } from '../i18n';

interface Disclosure {
  campaign: { name: string; year: number };
  final: boolean;
  agencies: {
    name: string;
    jurisdictionName: string;
    problemsFound: number;
    rectified: number;
    rate: number | null;
    overdue: number;
    grade?: string;
  }[];
}

/**
 * The public page (公示, SPEC §17): each agency's problems found, rectified, rate and overdue and, once final, its
 * grade — figures only, never a person. Phone-width first: one card per agency, its four figures in a grid.
 */
export function PublicDisclosure({ campaignId }: { campaignId: string }) {
  const { t } = useI18n();
  const d = t.disclosure;
  const page = usePoll(
    () =>
      api.get<Disclosure>(`/v1/public/campaigns/${encodeURIComponent(campaignId)}/disclosure`, {
        anonymous: true,
        quiet: true,
      }),
    [campaignId],
    60_000,
  );
  if (!page.data) {
    if (page.error?.status === 404) return <p className="muted">{d.notPublished}</p>;
    return page.error ? <LoadError error={page.error} /> : <Loading />;
  }
  const { campaign, agencies } = page.data;
  return (
    <div className="disclosure" data-testid="disclosure">
      <h1>{campaign.name}</h1>
      <h2 className="muted">
        {campaign.year} · {d.title}
      </h2>
      <p className="small">{d.intro}</p>
      <ul className="disclosure-list">
        {agencies.map((a, i) => (
          <li key={i} className="card disclosure-card" data-testid="disclosure-agency">
            <div className="disclosure-head">
              <strong>{a.name}</strong>
              {a.grade ? (
                <span className="grade-chip" data-testid="disclosure-grade">
                  {d.grade} {a.grade}
                </span>
              ) : null}
            </div>
            <div className="muted small">{a.jurisdictionName}</div>
            <dl className="disclosure-figures">
              <div>
                <dt>{d.found}</dt>
                <dd>{a.problemsFound}</dd>
              </div>
              <div>
                <dt>{d.rectified}</dt>
                <dd>{a.rectified}</dd>
              </div>
              <div>
                <dt>{d.rate}</dt>
                <dd>{a.rate === null ? '—' : `${a.rate}%`}</dd>
              </div>
              <div>
                <dt>{d.overdue}</dt>
                <dd>{a.overdue}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </div>
  );
}
