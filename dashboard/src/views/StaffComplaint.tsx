import { useState, type FormEvent } from 'react';
import { CHANNELS, COMPLAINT_KINDS } from '../../../domain/complaints';
import { api, ApiError, randomKey } from '../api';
import { Field, FormActions, SelectField, Section } from '../components';
import { complaintBody } from '../complaintBody';
import { errorsOfApi, type FieldErrors } from '../forms';
import { useI18n } from '../i18n';
import { registry } from '../registryApi';
import { AgencyPicker } from './AgencyPicker';

/** Staff enter what reached them by phone, letter, email or WeChat; the web is the public's own form. */
const STAFF_CHANNELS = CHANNELS.filter((c) => c !== 'web');

/** The bureau's own registry (its subtree), searched by name; stable, so the picker's effect runs once per query. */
const searchOwnRegistry = (q: string) => registry.agencies(q, 20);

/**
 * A bureau operator enters a complaint received by phone or letter (SPEC §7) over POST /v1/complaints with the
 * session: channel, complainant (anonymous allowed), the agency picked from the registry, the content. It joins the
 * investigation queue like any other; the tracking code is told to the complainant.
 */
export function StaffComplaintEntry({ onEntered }: { onEntered(): void }) {
  const { t } = useI18n();
  const s = t.staffComplaint;
  const [open, setOpen] = useState(false);
  const [channel, setChannel] = useState<string>('phone');
  const [kind, setKind] = useState<string>('inaction');
  const [agency, setAgency] = useState<{ id: string; name: string } | null>(null);
  const [agencyName, setAgencyName] = useState('');
  const [description, setDescription] = useState('');
  const [contact, setContact] = useState({ name: '', phone: '', address: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [entered, setEntered] = useState<string | null>(null);
  const [key, setKey] = useState(randomKey);

  const reset = () => {
    setAgency(null);
    setAgencyName('');
    setDescription('');
    setContact({ name: '', phone: '', address: '' });
    setErrors({});
    setEntered(null);
    setKey(randomKey());
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const parsed = complaintBody({
      channel,
      kind,
      agencyId: agency?.id,
      agencyName: agency ? agency.name : agencyName,
      description,
      contact,
    });
    if (!parsed.ok) return setErrors(parsed.errors);
    setBusy(true);
    setErrors({});
    try {
      const res = await api.post<{ trackingCode: string }>('/v1/complaints', parsed.body, { idempotencyKey: key });
      setEntered(res.trackingCode);
      onEntered();
    } catch (err) {
      if (err instanceof ApiError) setErrors(errorsOfApi(err));
    } finally {
      setBusy(false);
    }
  };

  if (!open) {
    return (
      <button type="button" className="primary" onClick={() => setOpen(true)} data-testid="staff-complaint-open">
        {s.enter}
      </button>
    );
  }
  return (
    <Section
      title={s.title}
      testId="staff-complaint"
      actions={
        <button type="button" className="link-button" onClick={() => (setOpen(false), reset())}>
          {s.close}
        </button>
      }
    >
      {entered ? (
        <div data-testid="staff-complaint-entered">
          <p>{s.entered}</p>
          <p className="tracking-code" data-testid="staff-tracking-code">
            {entered}
          </p>
          <p className="muted">{s.tellComplainant}</p>
          <button type="button" onClick={reset} data-testid="staff-complaint-another">
            {s.another}
          </button>
        </div>
      ) : (
        <form onSubmit={submit} noValidate>
          <div className="row">
            <SelectField
              label={s.channel}
              errors={errors}
              path="channel"
              value={channel}
              onChange={setChannel}
              options={STAFF_CHANNELS}
              optionLabel={(c) => t.channels[c]}
              testId="staff-channel"
            />
            <SelectField
              label={t.complaintKind}
              errors={errors}
              path="kind"
              value={kind}
              onChange={setKind}
              options={COMPLAINT_KINDS}
              optionLabel={(k) => t.complaintKinds[k]}
              testId="staff-kind"
            />
          </div>
          <fieldset>
            <legend>{s.agency}</legend>
            {agency ? (
              <p data-testid="staff-agency-chosen">
                {t.registry.chosen}：<strong>{agency.name}</strong>{' '}
                <button type="button" className="link-button" onClick={() => setAgency(null)}>
                  {t.cancel}
                </button>
              </p>
            ) : (
              <>
                <AgencyPicker onPick={setAgency} search={searchOwnRegistry} />
                <Field label={s.agencyName} errors={errors} path="agencyName">
                  <input
                    type="text"
                    value={agencyName}
                    onChange={(e) => setAgencyName(e.target.value)}
                    data-testid="staff-agency-name"
                  />
                </Field>
              </>
            )}
          </fieldset>
          <Field label={s.content} errors={errors} path="description">
            <textarea
              rows={5}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
              data-testid="staff-description"
            />
          </Field>
          <fieldset>
            <legend>
              {s.complainant} <span className="muted small">{s.complainantHint}</span>
            </legend>
            <div className="row">
              <Field label={t.contactName} errors={errors} path="contact.name">
                <input
                  type="text"
                  value={contact.name}
                  onChange={(e) => setContact((x) => ({ ...x, name: e.target.value }))}
                  data-testid="staff-contact-name"
                />
              </Field>
              <Field label={t.contactPhone} errors={errors} path="contact.phone">
                <input
                  type="tel"
                  value={contact.phone}
                  onChange={(e) => setContact((x) => ({ ...x, phone: e.target.value }))}
                  data-testid="staff-contact-phone"
                />
              </Field>
              <Field label={s.address} errors={errors} path="contact.address">
                <input
                  type="text"
                  value={contact.address}
                  onChange={(e) => setContact((x) => ({ ...x, address: e.target.value }))}
                  data-testid="staff-contact-address"
                />
              </Field>
            </div>
          </fieldset>
          <FormActions errors={errors} submitLabel={t.submit} submitTestId="staff-complaint-submit" busy={busy} />
        </form>
      )}
    </Section>
  );
}
