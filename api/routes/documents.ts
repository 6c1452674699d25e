import { z } from 'zod';
import ExcelJS from 'exceljs';
import { DOCUMENT_KINDS, DOCUMENT_KIND_IDS, isDocumentStep } from '../../domain/documents';
import { STEP_KINDS } from '../../domain/stepKinds';
import {
  documentColumns,
  documentSource,
  documentView,
  officialDocumentOf,
  readableDocument,
  type DocumentRow,
} from '../../services/documents/read';
import { receiptState, signDocument } from '../../services/documents/receipts';
import { renderOfficialDocument } from '../../services/documents/officialPdf';
import { documentVisible } from '../../services/scope';
import { notFound, refused } from '../errors';
import { route } from '../route';
import { visibleAgency, visibleCampaign } from '../scope';
import { AgencyParams, Page, PageQuery, decodeCursor, decodeCursorAs, encodeCursor } from '../schemas';

const DOCUMENT_STEPS = Object.keys(STEP_KINDS).filter(isDocumentStep);
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const DocumentItem = z
  .object({
    eventId: z.string(),
    kind: z.string(),
    number: z.string().nullable(),
    subject: z.object({ kind: z.string(), id: z.string() }),
    deadline: z.string(),
    occurredAt: z.string(),
  })
  .meta({ id: 'DocumentItem' });

const RECEIPT_STATES = ['pending', 'signed', 'overdue', 'not_required'] as const;

const IssuedDocument = z
  .object({
    id: z.string(),
    campaignId: z.string(),
    kind: z.enum(DOCUMENT_KIND_IDS),
    number: z.string(),
    title: z.string(),
    issuerJurisdictionId: z.string(),
    addressee: z.object({ kind: z.enum(['agency', 'jurisdiction', 'commission']), id: z.string(), name: z.string() }),
    issuedAt: z.string(),
    matters: z.array(
      z.object({ subject: z.object({ kind: z.string(), id: z.string() }), step: z.string(), name: z.string() }),
    ),
    receipt: z.object({
      state: z.enum(RECEIPT_STATES),
      dueAt: z.string().optional(),
      signedAt: z.string().optional(),
      signedBy: z.string().optional(),
      chased: z.number(),
    }),
    drill: z.boolean(),
  })
  .meta({ id: 'IssuedDocument' });

const RegisterFilter = z.strictObject({
  campaignId: z.string().max(64).optional(),
  kind: z.enum(DOCUMENT_KIND_IDS).optional(),
  year: z.coerce.number().int().min(2000).max(2999).optional(),
  agencyId: z.string().max(64).optional(),
  /** the addressee's name, or part of it */
  addressee: z.string().max(100).optional(),
  receipt: z.enum(RECEIPT_STATES).optional(),
});
type RegisterFilter = z.infer<typeof RegisterFilter>;

const DocumentId = z.strictObject({
  id: z.string().regex(/^(d[0-9a-f]{24}|[1-9][0-9]{0,17})$/, '不是有效的文件编号（not a document id）'),
});

/** The filters of the register as SQL: the receipt state is the one documentView derives, asked of the clock now. */
function registerWhere(sql: Parameters<typeof documentVisible>[0], f: RegisterFilter) {
  const receipt = {
    not_required: sql`n.receipt_due_at is null`,
    signed: sql`n.receipt_due_at is not null and n.signed_at is not null`,
    overdue: sql`n.signed_at is null and n.receipt_due_at < now()`,
    pending: sql`n.signed_at is null and n.receipt_due_at >= now()`,
  };
  return sql`
    ${f.campaignId ? sql`and n.campaign_id = ${f.campaignId}` : sql``}
    ${f.kind ? sql`and n.kind = ${f.kind}` : sql``}
    ${f.year ? sql`and n.year = ${f.year}` : sql``}
    ${f.agencyId ? sql`and n.agency_id = ${f.agencyId}` : sql``}
    ${f.addressee ? sql`and n.addressee->>'name' like ${`%${f.addressee.replace(/[\\%_]/g, '\\$&')}%`}` : sql``}
    ${f.receipt ? sql`and ${receipt[f.receipt]}` : sql``}`;
}

const RECEIPT_ZH = { pending: '待签收', signed: '已签收', overdue: '逾期未签收', not_required: '无需签收' } as const;

/** 发文登记簿: one row a document, in issue order, in the columns a register keeps. */
async function registerWorkbook(rows: DocumentRow[], nowMs: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(0);
  const ws = wb.addWorksheet('发文登记簿', { pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true } });
  ws.addRow(['序号', '文号', '文种', '标题', '主送', '成文日期', '涉及事项', '签收情况', '签收时间', '签收人']);
  ws.getRow(1).font = { bold: true };
  rows.forEach((r, i) => {
    const v = documentView(r, nowMs);
    ws.addRow([
      i + 1,
      r.number + (r.drill ? '（演练）' : ''),
      DOCUMENT_KINDS[r.kind].zh,
      r.title,
      r.addressee.name,
      r.issue_day,
      r.matters.map((m) => m.name).join('；'),
      RECEIPT_ZH[v.receipt.state],
      v.receipt.signedAt ?? '',
      v.receipt.signedBy ?? '',
    ]);
  });
  ws.columns.forEach((col, i) => (col.width = [6, 20, 14, 48, 24, 12, 40, 12, 24, 16][i] ?? 12));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export const documentRoutes = [
  route({
    method: 'get',
    path: '/v1/campaigns/:id/agencies/:agencyId/documents',
    tag: 'documents',
    summary:
      'The steps that issued documents to an agency (督办通知, 挂牌督办通知书, 移送函), newest first, each printable at /v1/documents/:eventId.pdf',
    access: ['bureau', 'agency'],
    params: AgencyParams,
    query: PageQuery,
    response: { status: 200, description: 'a page of documents', schema: Page(DocumentItem) },
    async handler({ params, query, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      await visibleAgency(deps.sql, c.id, params.agencyId, principal);
      const before = decodeCursor(query.cursor);
      if (before !== null && !/^[1-9][0-9]{0,17}$/.test(before))
        throw refused('invalid_cursor', 'not a cursor this API issued');
      const rows = await deps.sql<
        {
          id: string;
          step: string;
          notice_number: string | null;
          subject_kind: string;
          subject_id: string;
          deadline: Date;
          occurred_at: Date;
        }[]
      >`
        select id, step, notice_number, subject_kind, subject_id, deadline, occurred_at from deadline_events
        where campaign_id = ${c.id} and agency_id = ${params.agencyId} and step in ${deps.sql(DOCUMENT_STEPS)}
          ${before ? deps.sql`and id < ${before}` : deps.sql``}
        order by id desc limit ${query.limit + 1}`;
      const page = rows.slice(0, query.limit);
      return {
        body: {
          nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1].id) : null,
          items: page.map((r) => ({
            eventId: String(r.id),
            kind: r.step,
            number: r.notice_number,
            subject: { kind: r.subject_kind, id: r.subject_id },
            deadline: r.deadline.toISOString(),
            occurredAt: r.occurred_at.toISOString(),
          })),
        },
      };
    },
  }),

  route({
    method: 'get',
    path: '/v1/documents',
    tag: 'documents',
    summary:
      'The register of issued documents (发文登记): a bureau its subtree, an agency those addressed to it, the commission the referral letters to it; newest first',
    access: ['bureau', 'agency', 'discipline'],
    query: PageQuery.extend(RegisterFilter.shape),
    response: { status: 200, description: 'a page of documents', schema: Page(IssuedDocument) },
    async handler({ query, principal, deps }) {
      const { sql } = deps;
      const before = decodeCursorAs(query.cursor, z.number().int().positive());
      const rows = await sql<DocumentRow[]>`
        select ${documentColumns(sql)} from ${documentSource(sql)}
        where ${documentVisible(sql, principal)} ${registerWhere(sql, query)}
          ${before ? sql`and n.id < ${before}` : sql``}
        order by n.id desc limit ${query.limit + 1}`;
      const page = rows.slice(0, query.limit);
      const now = Date.now();
      return {
        body: {
          items: page.map((r) => documentView(r, now)),
          nextCursor: rows.length > query.limit ? encodeCursor(Number(page[page.length - 1].id)) : null,
        },
      };
    },
  }),

  route({
    method: 'get',
    path: '/v1/documents/register.xlsx',
    tag: 'documents',
    summary: 'The register of issued documents (发文登记簿) of the bureau’s subtree as a workbook, in issue order',
    access: ['bureau'],
    query: RegisterFilter,
    response: { status: 200, description: 'the register', contentType: XLSX },
    async handler({ query, principal, deps }) {
      const { sql } = deps;
      const rows = await sql<DocumentRow[]>`
        select ${documentColumns(sql)} from ${documentSource(sql)}
        where ${documentVisible(sql, principal)} ${registerWhere(sql, query)}
        order by n.issued_at, n.id limit 100000`;
      const content = await registerWorkbook(rows, Date.now());
      return {
        bytes: { contentType: XLSX, content, filename: `发文登记簿${query.year ? `-${query.year}` : ''}.xlsx` },
      };
    },
  }),

  route({
    method: 'get',
    path: '/v1/documents/:id.pdf',
    tag: 'documents',
    summary:
      'An issued document as a PDF in the official layout (by its id; the id of a deadline event that issued it still answers)',
    access: ['bureau', 'agency', 'discipline'],
    params: DocumentId,
    response: { status: 200, description: 'the PDF', contentType: 'application/pdf' },
    async handler({ params, principal, deps }) {
      const row = await readableDocument(deps.sql, principal, params.id);
      if (!row) throw notFound('document');
      const pdf = await renderOfficialDocument(officialDocumentOf(row));
      return {
        bytes: {
          contentType: 'application/pdf',
          content: pdf,
          filename: `${DOCUMENT_KINDS[row.kind].zh} ${row.number}.pdf`,
        },
      };
    },
  }),

  route({
    method: 'post',
    path: '/v1/documents/:id/receipt',
    tag: 'documents',
    summary: '签收: the addressee signs for a document (an agency its notices, the commission its referral letters)',
    access: ['agency', 'discipline'],
    params: DocumentId,
    response: {
      status: 200,
      description: 'the receipt (a second signing answers the first)',
      schema: z.object({ signedAt: z.string(), signedBy: z.string() }).meta({ id: 'DocumentReceipt' }),
    },
    errors: [409],
    async handler({ params, principal, deps }) {
      const row = await readableDocument(deps.sql, principal, params.id);
      if (!row) throw notFound('document');
      const addressed =
        principal.role === 'agency'
          ? row.addressee.kind === 'agency' && row.addressee.id === principal.agencyId
          : row.addressee.kind === 'commission';
      if (!addressed || receiptState(row, Date.now()) === 'not_required')
        throw refused('document_receipt_not_asked', '该文件无需本单位签收');
      return { body: await signDocument(deps.sql, row.public_id, { keyId: principal.keyId, name: principal.name }) };
    },
  }),
];
