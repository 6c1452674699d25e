import { useState } from 'react';
import { api, ApiError, download, qs } from '../api';
import { LoadError, Loading, Section, Table } from '../components';
import { fmtDateTime } from '../format';
import { subjectText } from '../subjects';
import { useI18n } from '../i18n';
import type { Referral } from '../types';
import { ListActions, Pager, usePagedList, type Columns } from './ListTools';

const TZ = 'Asia/Shanghai';

/** The discipline commission (纪委监委) sees the referrals made to it and acknowledges receipt; nothing else. */
export function Referrals() {
  const { t, lang } = useI18n();
  const [filter, setFilter] = useState('false');
  const query = qs({ acknowledged: filter });
  const { list, pager } = usePagedList<Referral>('/v1/referrals', query, 50);
  const columns: Columns<Referral> = [
    [t.referredAt, (r) => fmtDateTime(r.referredAt, lang, TZ)],
    [t.agency, (r) => r.agencyId ?? ''],
    [t.subject, (r) => `${t.subjectKinds[r.subject.kind] ?? r.subject.kind} ${r.subject.id}`],
    [t.summary, (r) => r.summary],
    [t.acknowledgedAt, (r) => (r.acknowledgedAt ? fmtDateTime(r.acknowledgedAt, lang, TZ) : '')],
    [t.register.letter, (r) => r.letter?.number ?? ''],
  ];
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
    <Section
      title={t.referrals}
      actions={
        <ListActions
          path="/v1/referrals"
          query={query}
          columns={columns}
          filename="移交线索.csv"
          testId="referrals-csv"
          updatedAt={list.updatedAt}
        />
      }
      testId="referrals"
    >
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
        <Table columns={[t.referredAt, t.agency, t.subject, t.summary, t.acknowledgedAt, t.register.letter]}>
          {list.data.items.map((r) => (
            <tr key={r.id}>
              <td className="nowrap">{fmtDateTime(r.referredAt, lang, TZ)}</td>
              <td>{r.agencyName ?? '—'}</td>
              <td>{subjectText(t, lang, r.subject)}</td>
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
              <td>
                {r.letter ? (
                  <button
                    type="button"
                    className="link-button"
                    data-testid={`print-letter-${r.letter.id}`}
                    onClick={() => void download(`/v1/documents/${r.letter!.id}.pdf`, `${r.letter!.number}.pdf`)}
                  >
                    {r.letter.number}
                  </button>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
      <Pager pager={pager} />
    </Section>
  );
}
