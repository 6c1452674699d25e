import { useEffect, useState } from 'react';
import { FILE_KINDS, kindOfMime } from '../../../domain/fileKinds';
import { dataUrlOf, fetchFile, openFile, type FileMeta } from '../files';
import { useI18n } from '../i18n';

/** An image shown in place: fetched with the key and shown as a data: URL. */
function ImagePreview({ id, name }: { id: string; name: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void fetchFile(id)
      .then(dataUrlOf)
      .then(
        (u) => live && setSrc(u),
        () => undefined,
      );
    return () => void (live = false);
  }, [id]);
  // a thumbnail (styles.css .file-preview): a 4000×3000 photo stays inside the page; a click opens it full size
  return src ? (
    <img
      className="file-preview"
      src={src}
      alt={name}
      title={name}
      onClick={() => void openFile(id)}
      data-testid={`file-preview-${id}`}
    />
  ) : null;
}

/** The files of a submission: name, kind and size, a preview of images, PDFs opened in the browser's viewer. */
export function FileList({ files }: { files: FileMeta[] }) {
  const { t, lang } = useI18n();
  if (!files.length) return <p className="muted">{t.noFiles}</p>;
  return (
    <ul className="file-list" data-testid="file-list">
      {files.map((f) => {
        const kind = kindOfMime(f.contentType);
        return (
          <li key={f.id} data-testid={`file-${f.id}`} data-name={f.name}>
            <strong>{f.name}</strong>{' '}
            <span className="muted small">
              {kind ? (lang === 'zh' ? FILE_KINDS[kind].zh : kind.toUpperCase()) : f.contentType} ·{' '}
              {Math.ceil(f.size / 1024)} KB
            </span>{' '}
            <button
              type="button"
              className="link-button"
              onClick={() => void openFile(f.id)}
              data-testid={`file-open-${f.id}`}
            >
              {t.openFile}
            </button>
            {kind && FILE_KINDS[kind].preview === 'image' ? <ImagePreview id={f.id} name={f.name} /> : null}
          </li>
        );
      })}
    </ul>
  );
}
