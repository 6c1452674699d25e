import { useState } from 'react';
import { api, download, qs, type PageOf } from '../api';
import { LoadError, Loading, Section, Table, Updated } from '../components';
import { fmtDateTime } from '../format';
import { usePoll } from '../hooks';
import { fill, useI18n } from '../i18n';
import { Link } from '../router';
import type { CampaignContext } from './CampaignFrame';
import { FindingsTable, type SpotCheckFinding } from './SpotCheckFindings';
import { SpotCheckRecordForm } from './SpotCheckRecordForm';
import { spotChecksPath } from './SpotChecks';

interface SpotCheck {
  id: string;
  seed: string;
  share: number;
  sampled: { agencyId: string; reason: string; name: string; jurisdictionId: string; recorded: boolean }[];
  records: {
    agencyId: string;
    omissions: boolean;
    accurate: boolean;
    note: string | null;
    findingItems: string[];
    checkedAt: string;
  }[];
  createdAt: string;
}

/** One spot-check: its seed and sample, each sampled agency's check (omissions, accuracy), the findings it opened. */
export function SpotCheckPage({ campaign, checkId }: { campaign: CampaignContext; checkId: string }) {
  const { t, lang } = useI18n();
  const s = t.spotChecks;
  const base = `/v1/campaigns/${encodeURIComponent(campaign.id)}`;
  const check = usePoll(
    () => api.get<SpotCheck>(`${base}/spot-checks/${encodeURIComponent(checkId)}`),
    [base, checkId],
  );
  const findings = usePoll(
    () => api.get<PageOf<SpotCheckFinding>>(`${base}/spot-check-findings${qs({ spotCheckId: checkId, limit: 500 })}`),
    [base, checkId],
  );
  const [recording, setRecording] = useState<string | null>(null);
  const c = check.data;
  if (!c) return check.error ? <LoadError error={check.error} /> : <Loading />;
  const records = new Map(c.records.map((r) => [r.agencyId, r]));
  return (
    <>
      <p>
        <Link to={spotChecksPath(campaign.id)} data-testid="spot-check-back">
          {s.backToList}
        </Link>
      </p>
      <Section
        title={`${s.title} · ${fmtDateTime(c.createdAt, lang, campaign.timeZone)}`}
        actions={
          <>
            <button
              type="button"
              className="link-button"
              onClick={() => void download(`${base}/spot-checks/${encodeURIComponent(checkId)}/record.xlsx`)}
              data-testid="spot-check-record-sheet"
            >
              {s.recordSheet}
            </button>
            <Updated at={check.updatedAt} />
          </>
        }
        testId="spot-check"
      >
        <dl className="facts">
          <dt>{s.seedShown}</dt>
          <dd>
            <code className="seed" data-testid="spot-check-seed" data-lang-exempt>
              {c.seed}
            </code>
          </dd>
          <dt>{s.share}</dt>
          <dd>{Math.round(c.share * 100)}%</dd>
          <dt>{s.sampled}</dt>
          <dd data-testid="spot-check-drawn">{fill(s.drawn, { n: c.sampled.length })}</dd>
        </dl>
        <div className="table-scroll">
          <Table columns={[t.agency, s.reason, s.result, s.note, '']} testId="spot-check-sample">
            {c.sampled.map((a) => {
              const r = records.get(a.agencyId);
              return (
                <tr
                  key={a.agencyId}
                  data-testid={`sampled-${a.agencyId}`}
                  data-reason={a.reason}
                  data-recorded={r ? 'true' : 'false'}
                >
                  <td>{a.name}</td>
                  <td>{s[`reasons_${a.reason}`] ?? a.reason}</td>
                  <td>
                    {r ? (
                      <span data-testid="record-result">
                        {r.omissions ? s.omissionsYes : s.omissionsNo} · {r.accurate ? s.accurateYes : s.accurateNo}
                        <div className="muted small">
                          {s.checkedAt} {fmtDateTime(r.checkedAt, lang, campaign.timeZone)}
                        </div>
                      </span>
                    ) : (
                      <span className="muted">{s.notRecorded}</span>
                    )}
                  </td>
                  <td className="small">{r?.note ?? ''}</td>
                  <td>
                    {r ? null : (
                      <button
                        type="button"
                        className={recording === a.agencyId ? 'primary' : ''}
                        onClick={() => setRecording(a.agencyId)}
                        data-testid="record-open"
                      >
                        {s.record}
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </Table>
        </div>
        {recording && !records.has(recording) ? (
          <SpotCheckRecordForm
            key={recording}
            campaign={campaign}
            checkId={c.id}
            agency={c.sampled.find((a) => a.agencyId === recording)!}
            onCancel={() => setRecording(null)}
            onDone={() => {
              setRecording(null);
              check.reload();
              findings.reload();
            }}
          />
        ) : null}
      </Section>
      <Section title={s.findingsTitle} actions={<Updated at={findings.updatedAt} />} testId="spot-check-findings">
        <LoadError error={findings.error} />
        {findings.data && findings.data.items.length === 0 ? <p className="muted">{s.noFindings}</p> : null}
        {findings.data && findings.data.items.length > 0 ? (
          <FindingsTable campaign={campaign} findings={findings.data.items} testId="findings-table" />
        ) : null}
      </Section>
    </>
  );
}
