import { api, type Me, type PageOf } from '../api';
import { LoadError, Loading, Section, Table, Updated } from '../components';
import { fmtDateTime } from '../format';
import { usePoll } from '../hooks';
import { useI18n } from '../i18n';
import { Link } from '../router';
import type { CampaignListItem } from '../types';
import { DrillBadge } from './CampaignFrame';

export function CampaignList({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const list = usePoll(() => api.get<PageOf<CampaignListItem>>('/v1/campaigns?limit=100'), [], 10_000);
  const target = (c: CampaignListItem) =>
    me.role === 'agency' && me.agencyId ? `/campaigns/${c.id}/agencies/${me.agencyId}` : `/campaigns/${c.id}`;
  return (
    <Section
      title={t.campaigns}
      testId="campaign-list"
      actions={
        <>
          <Updated at={list.updatedAt} />
          {me.role === 'bureau' ? (
            <Link to="/campaigns/new" className="button primary" data-testid="new-campaign">
              {t.newCampaign}
            </Link>
          ) : null}
        </>
      }
    >
      <LoadError error={list.error} />
      {!list.data && list.loading ? <Loading /> : null}
      {list.data && list.data.items.length === 0 ? <p className="muted">{t.noCampaigns}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <Table columns={[t.name, t.phase, t.createdAt]}>
          {list.data.items.map((c) => (
            <tr key={c.id} data-testid={`campaign-row-${c.id}`}>
              <td>
                <Link to={target(c)}>{c.name}</Link>
                {c.drill ? <DrillBadge /> : null}
              </td>
              <td>
                <span className={`phase phase-${c.phase}`}>{t.phases[c.phase] ?? c.phase}</span>
              </td>
              <td>{fmtDateTime(c.createdAt, lang, c.timeZone)}</td>
            </tr>
          ))}
        </Table>
      ) : null}
    </Section>
  );
}
