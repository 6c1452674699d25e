import { ApiError, session } from './api';

/** An uploaded file as the API describes it. */
export interface FileMeta {
  id: string;
  name: string;
  size: number;
  sha256: string;
  contentType: string;
}

/**
 * Uploads one file as multipart/form-data, reporting progress (0–1) as it goes: XMLHttpRequest, because fetch cannot
 * report an upload's progress. The API decides the type by content and answers 415/413 with the reason in Chinese.
 */
export function uploadFile(
  file: File,
  onProgress: (fraction: number) => void,
  purpose?: 'complaint',
): Promise<FileMeta> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const csrf = session.writeHeaders();
    const signedIn = Object.keys(csrf).length > 0;
    // the public (not signed in) sends complaint photos to the public upload; staff send everything in their session
    xhr.open('POST', signedIn ? `/v1/files${purpose ? `?purpose=${purpose}` : ''}` : '/v1/public/files');
    xhr.withCredentials = signedIn;
    for (const [k, v] of Object.entries(csrf)) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'network', 'network error'));
    xhr.onload = () => {
      let body: { error?: { code?: string; message?: string } } & Partial<FileMeta> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        // not JSON
      }
      if (xhr.status === 201) return resolve(body as FileMeta);
      reject(new ApiError(xhr.status, body.error?.code ?? 'http_error', body.error?.message ?? `HTTP ${xhr.status}`));
    };
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}

/** The bytes of a file, fetched in the session (shown as a data: URL or opened as a blob: the CSP allows no other). */
export async function fetchFile(id: string): Promise<Blob> {
  const res = await fetch(`/v1/files/${encodeURIComponent(id)}`, { credentials: 'same-origin' });
  if (!res.ok) throw new ApiError(res.status, 'http_error', `HTTP ${res.status}`);
  return res.blob();
}

/** An image as a data: URL, which the content-security policy allows in <img> (blob: it does not). */
export const dataUrlOf = (blob: Blob) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(blob);
  });

/** Opens a PDF (or any file) in a new tab, where the browser's own viewer shows it. */
export async function openFile(id: string): Promise<void> {
  const url = URL.createObjectURL(await fetchFile(id));
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
