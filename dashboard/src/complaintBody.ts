import { NewComplaintSchema } from '../../domain/complaints';
import { compact, fieldErrors, type FieldErrors } from './forms';

/**
 * A complaint as the public's form and the staff's entry send it (POST /v1/complaints): empty fields left out, the
 * contact only when something of it is given, checked by the API's own schema before it is sent.
 */
export function complaintBody(f: {
  channel: string;
  kind: string;
  agencyId?: string;
  agencyName?: string;
  description: string;
  contact: Record<string, string>;
}): { ok: true; body: unknown } | { ok: false; errors: FieldErrors } {
  const contact = compact(Object.fromEntries(Object.entries(f.contact).map(([k, v]) => [k, v.trim()])));
  const parsed = NewComplaintSchema.safeParse(
    compact({
      channel: f.channel,
      kind: f.kind,
      agencyId: f.agencyId?.trim(),
      agencyName: f.agencyName?.trim(),
      description: f.description.trim(),
      contact: Object.keys(contact).length ? contact : undefined,
    }),
  );
  return parsed.success ? { ok: true, body: parsed.data } : { ok: false, errors: fieldErrors(parsed.error.issues) };
}
