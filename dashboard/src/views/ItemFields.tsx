import { CLASSIFICATIONS, SEVERITIES } from '../../../domain/ledger';
import { CHECKLIST_CODES } from '../../../domain/template';
import { SelectField } from '../components';
import type { FieldErrors } from '../forms';
import { checklistLabel, useI18n } from '../i18n';

/** One of a ledger item's coded fields, as both a new item and a substantiated complaint's item ask for it. */
interface ItemFieldProps {
  errors: FieldErrors;
  path: string;
  value: string;
  onChange(value: string): void;
  testId?: string;
}

export function ChecklistCodeField(p: ItemFieldProps) {
  const { t, lang } = useI18n();
  return (
    <SelectField
      {...p}
      label={t.checklistCode}
      options={CHECKLIST_CODES}
      optionLabel={(c) => `${c} ${checklistLabel(lang, c)}`}
    />
  );
}

export function SeverityField(p: ItemFieldProps) {
  const { t } = useI18n();
  return <SelectField {...p} label={t.severity} options={SEVERITIES} optionLabel={(s) => t.severities[s]} />;
}

export function ClassificationField(p: ItemFieldProps) {
  const { t } = useI18n();
  return (
    <SelectField {...p} label={t.classification} options={CLASSIFICATIONS} optionLabel={(c) => t.classifications[c]} />
  );
}
