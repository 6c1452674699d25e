import { useState, type FormEvent } from 'react';
import { api, ApiError, qs, randomKey, type PageOf } from '../api';
import { Field, FormActions, LoadError, Loading, Section, Table, Updated } from '../components';
import { errorsOfApi, type FieldErrors } from '../forms';
import { fmtDateTime } from '../format';
import { usePoll } from '../hooks';
import { fill, useI18n } from '../i18n';
import { Link, navigate } from '../router';
import type { CampaignContext } from './CampaignFrame';
import { FindingsTable, type SpotCheckFinding } from './SpotCheckFindings';

interface SpotCheckSummary {
  id: string;
  seed: string;
  share: number;
  sampled: { agencyId: string; reason: string }[];
  recorded: number;
  createdAt: string;
}

export const spotChecksPath = (campaignId: string) => `/campaigns/${encodeURIComponent(campaignId)}/spot-checks`;

/**
 * The bureau's spot-check phase (抽查检查, SPEC §5): draw a sample (the seed shown, so the draw can be reproduced), the
 * draws so far, and the typical cases whose disposal is public notification (通报曝光).
 */
export function SpotChecks({ campaign }: { campaign: CampaignContext }) {
  const { t, lang } = useI18n();
  const s = t.spotChecks;
  const base = `/v1/campaigns/${encodeURIComponent(campaign.id)}`;
  const list = usePoll(() => api.get<PageOf<SpotCheckSummary>>(`${base}/spot-checks?limit=100`), [base]);
  const notified = usePoll(
    () =>
      api.get<PageOf<SpotCheckFinding>>(
        `${base}/spot-check-findings${qs({ disposal: 'public_notification', limit: 500 })}`,
      ),
    [base],
  );
  return (
    <>
      <DrawForm campaign={campaign} />
      <Section title={s.list} actions={<Updated at={list.updatedAt} />} testId="spot-check-list">
        <LoadError error={list.error} />
        {!list.data && list.loading ? <Loading /> : null}
        {list.data && list.data.items.length === 0 ? <p className="muted">{s.none}</p> : null}
        {list.data && list.data.items.length > 0 ? (
          <div className="table-scroll">
            <Table columns={[s.drawnAt, s.seed, s.share, s.sampled, s.recorded, '']} testId="spot-checks-table">
              {list.data.items.map((c) => (
                <tr key={c.id} data-testid={`spot-check-${c.id}`}>
                  <td className="nowrap">{fmtDateTime(c.createdAt, lang, campaign.timeZone)}</td>
                  <td>
                    <code className="seed" data-testid="spot-check-seed" data-lang-exempt>
                      {c.seed}
                    </code>
                  </td>
                  <td>{Math.round(c.share * 100)}%</td>
                  <td>{c.sampled.length}</td>
                  <td>
                    {c.recorded} / {c.sampled.length}
                  </td>
                  <td>
                    <Link
                      to={`${spotChecksPath(campaign.id)}/${encodeURIComponent(c.id)}`}
                      data-testid="spot-check-open"
                    >
                      {s.openCheck}
                    </Link>
                  </td>
                </tr>
              ))}
            </Table>
          </div>
        ) : null}
      </Section>
      <Section title={s.notificationsTitle} testId="public-notifications">
        <LoadError error={notified.error} />
        {notified.data && notified.data.items.length === 0 ? <p className="muted">{s.noNotifications}</p> : null}
        {notified.data && notified.data.items.length > 0 ? (
          <FindingsTable campaign={campaign} findings={notified.data.items} testId="public-notifications-table" />
        ) : null}
      </Section>
    </>
  );
}

/** Draws a sample: an empty seed lets the API choose one, which the new check then shows. */
function DrawForm({ campaign }: { campaign: CampaignContext }) {
  const { t, lang } = useI18n();
  const s = t.spotChecks;
  const [seed, setSeed] = useState('');
  const [share, setShare] = useState('20');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(randomKey);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const percent = Number(share);
    if (share.trim() === '' || !Number.isFinite(percent) || percent < 0 || percent > 100)
      return setErrors({ share: '0–100' });
    setBusy(true);
    setErrors({});
    try {
      const body = { ...(seed.trim() ? { seed: seed.trim() } : {}), share: percent / 100 };
      const res = await api.post<{ id: string }>(`/v1/campaigns/${encodeURIComponent(campaign.id)}/spot-checks`, body, {
        idempotencyKey: key,
      });
      setKey(randomKey());
      navigate(`${spotChecksPath(campaign.id)}/${encodeURIComponent(res.id)}`);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // Before the phase the API names its start: said here in words, in the campaign's zone.
      const opens = (err.details[0] as { startsAt?: string } | undefined)?.startsAt;
      setErrors(
        err.status === 409 && opens
          ? { _: fill(s.phaseOpensAt, { at: fmtDateTime(opens, lang, campaign.timeZone) }) }
          : errorsOfApi(err),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <Section title={s.drawTitle} testId="spot-check-draw">
      <form onSubmit={submit} noValidate>
        <div className="row">
          <Field label={s.seed} hint={s.seedHint} errors={errors} path="seed">
            <input
              type="text"
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
              data-testid="spot-check-seed-input"
            />
          </Field>
          <Field label={s.share} hint={s.shareHint} errors={errors} path="share">
            <input
              type="number"
              min={0}
              max={100}
              step={1}
              value={share}
              onChange={(e) => setShare(e.target.value)}
              data-testid="spot-check-share"
            />
          </Field>
        </div>
        <FormActions errors={errors} submitLabel={s.draw} submitTestId="spot-check-draw-submit" busy={busy} />
      </form>
    </Section>
  );
}
