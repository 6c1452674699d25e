import type { FileKind } from '../../domain/fileKinds';

/** The longest name kept or sent back, in characters (code points), extension included. */
export const MAX_FILE_NAME = 120;

/**
 * What cannot be shown safely in a name: control characters (C0, DEL, C1), format characters — the bidi overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069) that make `exe.pdf` read as `fdp.exe`, marks, zero-width characters —,
 * line and paragraph separators, private-use and lone surrogates.
 */
const UNSHOWABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/gu;

/** The extensions a kind is known by; the first is the one given to a name that has none of them. */
const EXTENSIONS: Record<FileKind, readonly string[]> = {
  pdf: ['pdf'],
  jpg: ['jpg', 'jpeg'],
  png: ['png'],
  ofd: ['ofd'],
  docx: ['docx'],
  xlsx: ['xlsx'],
};

/**
 * A name fit to keep and to send back, for a file whose content is `kind`: the last path segment, without what cannot
 * be shown, its extension the one of what the file is (a PDF uploaded as `poly.html` is `poly.pdf`; `photo.jpeg` stays),
 * at most MAX_FILE_NAME characters with the extension kept whole.
 */
export function cleanFileName(raw: string, kind: FileKind): string {
  const base = (raw.split(/[\\/]/).pop() ?? '').replace(UNSHOWABLE, '').trim();
  const dot = base.lastIndexOf('.');
  const given = dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
  const known = EXTENSIONS[kind].includes(given);
  const extension = known ? base.slice(dot + 1) : EXTENSIONS[kind][0];
  // a name's own extension that is not the kind's is dropped only when it looks like one (`.html`, not `. 第二版`)
  const stem = known || /^[a-z0-9]{1,8}$/.test(given) ? base.slice(0, dot) : base;
  const room = MAX_FILE_NAME - extension.length - 1;
  const kept = [...stem.replace(/^[.\s]+|[.\s]+$/gu, '')].slice(0, room).join('').trim();
  return `${kept || 'file'}.${extension}`;
}
