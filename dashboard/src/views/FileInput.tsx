import { useState } from 'react';
import { ApiError } from '../api';
import { uploadFile, type FileMeta } from '../files';
import { errorText } from '../apiError';
import { useI18n } from '../i18n';

/** Picks a file and uploads it at once, with a progress bar; the form keeps the id the API gave it. */
export function FileInput({
  value,
  onChange,
  testId,
  purpose,
  known,
}: {
  value: string | undefined;
  /** the file already chosen (a resubmission's), shown until another is picked */
  known?: FileMeta;
  onChange(id: string): void;
  testId: string;
  purpose?: 'complaint';
}) {
  const { t, lang } = useI18n();
  const [progress, setProgress] = useState<number | null>(null);
  const [meta, setMeta] = useState<FileMeta | null>(known ?? null);
  const [error, setError] = useState<string | null>(null);
  const pick = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setMeta(null);
    setProgress(0);
    try {
      const uploaded = await uploadFile(file, setProgress, purpose);
      setMeta(uploaded);
      onChange(uploaded.id);
    } catch (err) {
      setError(err instanceof ApiError ? errorText(err, lang) : String(err));
    } finally {
      setProgress(null);
    }
  };
  return (
    <span className="file-input" data-testid={`${testId}-box`}>
      <input
        type="file"
        accept=".pdf,.ofd,.jpg,.jpeg,.png,.docx,.xlsx"
        aria-label={t.chooseFile}
        onChange={(e) => void pick(e.target.files?.[0])}
        data-testid={testId}
      />
      {progress !== null ? (
        <progress max={1} value={progress} data-testid={`${testId}-progress`}>
          {t.uploading}
        </progress>
      ) : null}
      {meta && value === meta.id ? (
        <span className="small" data-testid={`${testId}-done`} data-file-id={meta.id}>
          ✓ {t.uploaded}：{meta.name}（{Math.ceil(meta.size / 1024)} KB）
        </span>
      ) : null}
      {error ? (
        <span className="field-error" role="alert" data-testid={`${testId}-error`}>
          {t.uploadFailed}：{error}
        </span>
      ) : null}
    </span>
  );
}
