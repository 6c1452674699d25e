/**
 * The kinds of file the product accepts (SPEC §12), decided by content, never by name: what each is, its media type,
 * its Chinese label, and how the dashboard previews it. One table, read by the upload check and the dashboard.
 */
export const FILE_KINDS = {
  pdf: { mime: 'application/pdf', zh: 'PDF 文件', preview: 'pdf' },
  jpg: { mime: 'image/jpeg', zh: 'JPEG 图片', preview: 'image' },
  png: { mime: 'image/png', zh: 'PNG 图片', preview: 'image' },
  ofd: { mime: 'application/ofd', zh: 'OFD 版式文件', preview: null },
  docx: {
    mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    zh: 'Word 文档',
    preview: null,
  },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', zh: 'Excel 表格', preview: null },
} as const satisfies Record<string, { mime: string; zh: string; preview: 'image' | 'pdf' | null }>;
export type FileKind = keyof typeof FILE_KINDS;

/**
 * What an upload is for, one row each: the kinds it takes, whether anyone may upload it without signing in (under the
 * one anonymous budget and the ceiling on unattached bytes), and its words. Evidence is a signed-in role's; the
 * public's photos of a complaint are images only.
 */
export const FILE_PURPOSES = {
  evidence: { kinds: ['pdf', 'jpg', 'png', 'ofd', 'docx', 'xlsx'], anonymous: false, zh: '证明材料' },
  complaint: { kinds: ['jpg', 'png'], anonymous: true, zh: '举报照片' },
} as const satisfies Record<string, { kinds: readonly FileKind[]; anonymous: boolean; zh: string }>;
export type FilePurpose = keyof typeof FILE_PURPOSES;

/** The kinds a sealed, signed scan (D7's 签字盖章 summary) may be: a scan or a layout document, not an editable one. */
export const SCAN_KINDS: readonly FileKind[] = ['pdf', 'jpg', 'png', 'ofd'];

/** The media type a download carries for a stored content type; anything else is sent as bytes. */
export function kindOfMime(mime: string): FileKind | null {
  return (Object.keys(FILE_KINDS) as FileKind[]).find((k) => FILE_KINDS[k].mime === mime) ?? null;
}

/** How many photos the public may attach to one complaint. */
export const MAX_COMPLAINT_PHOTOS = 3;
