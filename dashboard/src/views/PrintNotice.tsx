import { isDocumentStep } from '../../../domain/documents';
import { api, download } from '../api';
import { usePoll } from '../hooks';
import { useI18n } from '../i18n';

interface DocumentItem {
  eventId: string;
  kind: string;
  number: string | null;
  subject: { kind: string; id: string };
  deadline: string;
}

/** The documents issued to an agency, to find the one behind a step the agency's own view lists. */
export function useDocuments(campaignId: string, agencyId: string): DocumentItem[] {
  const docs = usePoll(
    () =>
      api.get<{ items: DocumentItem[] }>(
        `/v1/campaigns/${encodeURIComponent(campaignId)}/agencies/${encodeURIComponent(agencyId)}/documents`,
      ),
    [campaignId, agencyId],
  );
  return docs.data?.items ?? [];
}

/** "Print notice": the numbered document an escalation issued, as its PDF. */
export function PrintEventButton({ eventId, step, number }: { eventId: string; step: string; number?: string | null }) {
  const { t } = useI18n();
  if (!isDocumentStep(step)) return null;
  return (
    <button
      type="button"
      className="link-button"
      data-testid={`print-${eventId}`}
      onClick={() => void download(`/v1/documents/${eventId}.pdf`, `${number ?? step}.pdf`)}
    >
      {t.printNotice}
    </button>
  );
}

/** The print button of a step in the agency's own list, matched to its document by subject, step and deadline. */
export function PrintNotice({
  documents,
  subjectId,
  step,
  deadline,
}: {
  documents: DocumentItem[];
  subjectId: string;
  step: string;
  deadline: string;
}) {
  const doc = documents.find(
    (d) => d.subject.id === subjectId && d.kind === step && Date.parse(d.deadline) === Date.parse(deadline),
  );
  return doc ? <PrintEventButton eventId={doc.eventId} step={step} number={doc.number} /> : null;
}
