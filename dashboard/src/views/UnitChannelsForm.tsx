import { useEffect, useState } from 'react';
import { ApiError } from '../api';
import { LoadError, Section } from '../components';
import { useI18n } from '../i18n';
import { registry, type ChannelsChange, type UnitChannels } from '../registryApi';

export interface ChannelUnit {
  kind: UnitChannels['unitKind'];
  id: string;
  name: string;
}

/**
 * A unit's group robots and SMS numbers (docs/NOTIFICATIONS.md "Group robots", "SMS"): what is set, as the API shows it
 * (a robot's key masked, a DingTalk secret only as signed), and a form to change it. A robot URL left empty keeps the
 * robot; the numbers are the list as it stands. Refusals (an address inside the network) are shown in Chinese. The
 * form appears once the unit's settings are loaded (the registry keys it by unit, so nothing carries over).
 */
export function UnitChannelsForm({ unit }: { unit: ChannelUnit }) {
  const { t } = useI18n();
  const r = t.registry;
  const [now, setNow] = useState<UnitChannels>();
  const [wecom, setWecom] = useState('');
  const [dingtalk, setDingtalk] = useState('');
  const [secret, setSecret] = useState('');
  const [mobiles, setMobiles] = useState('');
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  const show = (c: UnitChannels) => {
    setNow(c);
    setMobiles((c.sms?.mobiles ?? []).join('，'));
  };
  useEffect(() => {
    let current = true; // an answer for a unit no longer shown is dropped
    registry.channels(unit.kind, unit.id).then(
      (c) => {
        if (current) show(c);
      },
      (err: ApiError) => {
        if (current) setError(err);
      },
    );
    return () => {
      current = false;
    };
  }, [unit.kind, unit.id]);

  const save = async (change: ChannelsChange) => {
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      show(await registry.setChannels(unit.kind, unit.id, change));
      setWecom('');
      setDingtalk('');
      setSecret('');
      setSaved(true);
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };
  const submit = () => {
    const numbers = mobiles.split(/[\s,，、;；]+/).filter(Boolean);
    const change: ChannelsChange = { sms: numbers.length ? { mobiles: numbers } : null };
    if (wecom.trim()) change.wecom = { webhookUrl: wecom.trim() };
    if (dingtalk.trim())
      change.dingtalk = { webhookUrl: dingtalk.trim(), ...(secret.trim() ? { secret: secret.trim() } : {}) };
    void save(change);
  };
  const removeButton = (channel: 'wecom' | 'dingtalk') => (
    <button
      type="button"
      className="link-button"
      disabled={busy}
      onClick={() => void save({ [channel]: null })}
      data-testid={`channels-remove-${channel}`}
    >
      {r.remove}
    </button>
  );

  return (
    <Section title={`${r.channelsOf} · ${unit.name}`} testId="unit-channels">
      {now ? (
        <div data-testid="channels-loaded" data-unit={`${unit.kind}:${unit.id}`}>
          <h3>{r.current}</h3>
          <dl className="channels-now" data-testid="channels-now">
            <dt>{r.wecom}</dt>
            <dd data-testid="channels-now-wecom">
              {now?.wecom ? (
                <>
                  <span className="address">{now.wecom.webhookUrl}</span> {removeButton('wecom')}
                </>
              ) : (
                r.notSet
              )}
            </dd>
            <dt>{r.dingtalk}</dt>
            <dd data-testid="channels-now-dingtalk">
              {now?.dingtalk ? (
                <>
                  <span className="address">{now.dingtalk.webhookUrl}</span>（
                  {now.dingtalk.signed ? r.signed : r.unsigned}） {removeButton('dingtalk')}
                </>
              ) : (
                r.notSet
              )}
            </dd>
            <dt>{r.sms}</dt>
            <dd data-testid="channels-now-sms">{now?.sms?.mobiles.length ? now.sms.mobiles.join('，') : r.notSet}</dd>
          </dl>
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <div className="row channels-fields">
              <label className="field">
                <span className="field-label">{r.wecomUrl}</span>
                <input
                  type="url"
                  value={wecom}
                  placeholder={r.keepHint}
                  onChange={(e) => setWecom(e.target.value)}
                  data-testid="channels-wecom"
                />
              </label>
              <label className="field">
                <span className="field-label">{r.dingtalkUrl}</span>
                <input
                  type="url"
                  value={dingtalk}
                  placeholder={r.keepHint}
                  onChange={(e) => setDingtalk(e.target.value)}
                  data-testid="channels-dingtalk"
                />
              </label>
              <label className="field">
                <span className="field-label">{r.dingtalkSecret}</span>
                <input
                  type="password"
                  autoComplete="off"
                  value={secret}
                  onChange={(e) => setSecret(e.target.value)}
                  data-testid="channels-dingtalk-secret"
                />
              </label>
            </div>
            <label className="field">
              <span className="field-label">{r.smsMobiles}</span>
              <textarea
                rows={2}
                value={mobiles}
                onChange={(e) => setMobiles(e.target.value)}
                data-testid="channels-sms"
              />
            </label>
            <div className="buttons">
              <button type="submit" className="primary" disabled={busy} data-testid="channels-save">
                {r.save}
              </button>
              {saved ? (
                <span className="muted" data-testid="channels-saved">
                  {r.saved}
                </span>
              ) : null}
            </div>
          </form>
        </div>
      ) : null}
      <LoadError error={error} />
    </Section>
  );
}
