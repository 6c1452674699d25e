import { useState } from 'react';
import { api, ApiError, qs, type PageOf } from '../api';
import { LoadError, Loading, Section, Table, Updated } from '../components';
import { fmtDateTime } from '../format';
import { usePoll } from '../hooks';
import { subjectText } from '../subjects';
import { useI18n } from '../i18n';
import type { Referral } from '../types';

const TZ = 'Asia/Shanghai';

/** The discipline commission (纪委监委) sees the referrals made to it and acknowledges receipt; nothing else. */
export function Referrals() {
  const { t, lang } = useI18n();
  const [filter, setFilter] = useState('false');
  const list = usePoll(() => api.get<PageOf<Referral>>(`/v1/referrals${qs({ acknowledged: filter, limit: 200 })}`), [filter]);
  const [error, setError] = useState<ApiError | undefined>();
  const acknowledge = async (id: string) => {
    try {
      await api.post(`/v1/referrals/${encodeURIComponent(id)}/acknowledge`, {});
      list.reload();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    }
  };
  return (
    <Section title={t.referrals} actions={<Updated at={list.updatedAt} />} testId="referrals">
      <div className="filters">
        <label>
          {t.status}
          <select value={filter} onChange={(e) => setFilter(e.target.value)}>
            <option value="false">{t.pending}</option>
            <option value="true">{t.acknowledgedAt}</option>
            <option value="">{t.all}</option>
          </select>
        </label>
      </div>
      <LoadError error={list.error ?? error} />
      {!list.data ? <Loading /> : null}
      {list.data && list.data.items.length === 0 ? <p className="muted">{t.none}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <Table columns={[t.referredAt, t.agency, t.subject, t.summary, t.acknowledgedAt]}>
          {list.data.items.map((r) => (
            <tr key={r.id}>
              <td className="nowrap">{fmtDateTime(r.referredAt, lang, TZ)}</td>
              <td>{r.agencyId ?? '—'}</td>
              <td>
                {subjectText(t, lang, r.subject)}
              </td>
              <td>{r.summary}</td>
              <td>
                {r.acknowledgedAt ? (
                  fmtDateTime(r.acknowledgedAt, lang, TZ)
                ) : (
                  <button type="button" className="primary" onClick={() => void acknowledge(r.id)}>
                    {t.acknowledge}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
    </Section>
  );
}
