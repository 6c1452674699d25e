import { useState, type FormEvent } from 'react';
import { CampaignDefinitionSchema } from '../../../domain/campaign';
import { api, ApiError, randomKey, type Me } from '../api';
import { Field, FormActions, Section } from '../components';
import { errorsOfApi, fieldErrors, type FieldErrors } from '../forms';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { RegistryPicker } from './RegistryPicker';

function sample(me: Me) {
  const root = me.jurisdictionId ?? 'zhongwei';
  return {
    name: '中卫市行政执法不作为慢作为乱作为专项整治',
    jurisdiction: {
      id: root,
      name: root === 'zhongwei' ? '中卫市' : root,
      children: root === 'zhongwei' ? [{ id: 'shapotou', name: '沙坡头区' }, { id: 'zhongning', name: '中宁县' }, { id: 'haiyuan', name: '海原县' }] : [],
    },
    agencies: [
      { id: 'market-supervision', name: '市市场监督管理局', jurisdictionId: root, contact: { name: '张三', phone: '0955-7000001' } },
      { id: 'ecology-environment', name: '市生态环境局', jurisdictionId: root },
    ],
  };
}

/** A whole campaign in minutes: phases and deadlines `spacing` seconds apart, and a ladder in seconds to match. */
export function compressedCalendar(startsInS: number, spacingS: number, now = Date.now()) {
  const at = (k: number) => new Date(now + (startsInS + k * spacingS) * 1000).toISOString();
  const s = (k: number) => `PT${Math.max(1, Math.round(k * spacingS))}S`;
  return {
    calendar: {
      timeZone: 'Asia/Shanghai',
      phases: [
        { key: 'deployment', startsAt: at(0), endsAt: at(3) },
        { key: 'self_inspection', startsAt: at(0), endsAt: at(6) },
        { key: 'consolidation', startsAt: at(6), endsAt: at(8) },
        { key: 'spot_check', startsAt: at(8), endsAt: at(9) },
      ],
      deadlines: { D1: at(1), D2: at(1), D3: at(2), D4: at(4), D5: at(5), D6: at(6), D7: at(7), D8: at(8) },
      closesAt: at(10),
    },
    policy: {
      reminders: [s(0.5), s(0.25)],
      warnWithin: s(0.25),
      escalation: [
        { after: 'PT0S', action: 'overdue' },
        { after: s(1), action: 'supervision_notice' },
        { after: s(2), action: 'listed_supervision' },
      ],
      itemDue: { immediate: s(3), disciplinary_lead: s(1) },
      complaintInvestigation: s(3),
    },
  };
}

/** The bureau launches a campaign for its jurisdiction: the definition as JSON, checked like the API checks it. */
export function NewCampaign({ me }: { me: Me }) {
  const { t } = useI18n();
  const [text, setText] = useState(() => JSON.stringify(sample(me), null, 2));
  const [startsIn, setStartsIn] = useState('5');
  const [spacing, setSpacing] = useState('20');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [key] = useState(randomKey);

  const edit = (change: (def: Record<string, unknown>) => void) => {
    try {
      const def = JSON.parse(text) as Record<string, unknown>;
      change(def);
      setText(JSON.stringify(def, null, 2));
      setErrors({});
    } catch (err) {
      setErrors({ _: `JSON: ${(err as Error).message}` });
    }
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let def: unknown;
    try {
      def = JSON.parse(text);
    } catch (err) {
      return setErrors({ _: `JSON: ${(err as Error).message}` });
    }
    const parsed = CampaignDefinitionSchema.safeParse(def);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    setBusy(true);
    setErrors({});
    try {
      // The text as typed (not the parsed copy): the API applies its own defaults.
      const res = await api.post<{ id: string }>('/v1/campaigns', def, { idempotencyKey: key });
      navigate(`/campaigns/${encodeURIComponent(res.id)}`);
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t.newCampaign} testId="new-campaign-page">
      <form onSubmit={submit} noValidate data-testid="new-campaign-form">
        <fieldset>
          <legend>{t.compressedHelper}</legend>
          <div className="row">
            <Field label={t.startsIn}>
              <input type="number" min={0} value={startsIn} onChange={(e) => setStartsIn(e.target.value)} data-testid="compressed-starts-in" />
            </Field>
            <Field label={t.spacing}>
              <input type="number" min={2} value={spacing} onChange={(e) => setSpacing(e.target.value)} data-testid="compressed-spacing" />
            </Field>
            <div className="buttons">
              <button type="button" onClick={() => edit((d) => Object.assign(d, compressedCalendar(Number(startsIn) || 0, Math.max(2, Number(spacing) || 20))))} data-testid="compressed-fill">
                {t.fillCalendar}
              </button>
              <button
                type="button"
                onClick={() =>
                  edit((d) => {
                    delete d.calendar;
                    delete d.policy;
                  })
                }
              >
                {t.useTemplate}
              </button>
            </div>
          </div>
        </fieldset>
        <RegistryPicker me={me} onPick={(jurisdiction, agencies) => edit((d) => Object.assign(d, { jurisdiction, agencies }))} />
        <Field label={t.campaignJson}>
          <textarea className="code" rows={24} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} data-testid="campaign-json" />
        </Field>
        <FormActions errors={errors} submitLabel={t.create} submitTestId="campaign-create" busy={busy} />
      </form>
    </Section>
  );
}
