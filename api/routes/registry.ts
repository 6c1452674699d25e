import { z } from 'zod';
import { ContactSchema, Id } from '../../domain/campaign';
import { CREDIT_CODE_PROBLEM_ZH, creditCodeProblem, normalCreditCode } from '../../domain/registry/creditCode';
import { readRoster } from '../../domain/registry/roster';
import {
  findJurisdiction,
  putJurisdiction,
  rosterFacts,
  upsertAgencies,
  type RegistryJurisdiction,
} from '../../services/registry';
import { RosterFileError, readRosterFile, rosterTemplate } from '../../services/rosterFile';
import { jurisdictionUnder, keepsJurisdiction, keptByCaller } from '../../services/scope';
import { HttpError, refused } from '../errors';
import type { Principal } from '../principal';
import { route } from '../route';
import { Page, PageQuery, decodeCursor, encodeCursor } from '../schemas';
import { readUploadedFile } from '../upload';
import type { Sql } from 'postgres';

/** The registry's routes (SPEC §10, API.md "Organisation registry"): the tree, the agencies, the roster import. */

const outsideScope = (ids: string[]) =>
  new HttpError(403, 'outside_scope', `不在本单位辖区内，不能修改：${ids.join('、')}`, ids);

/** 代字 of a bureau's documents per kind group (卫法督, 卫法函, 卫法通); a group left out derives from the notice prefix. */
const Code = z.string().trim().min(1).max(20);
const DocumentCodes = z
  .strictObject({ notice: Code.optional(), letter: Code.optional(), circular: Code.optional() })
  .meta({ id: 'DocumentCodes' });

const JurisdictionNode = z
  .object({
    id: z.string(),
    name: z.string(),
    parentId: z.string().nullable(),
    path: z.array(z.string()),
    noticePrefix: z.string().nullable(),
    documentCodes: DocumentCodes.nullable(),
  })
  .meta({ id: 'RegistryJurisdiction' });
const nodeView = (j: RegistryJurisdiction) => ({
  id: j.id,
  name: j.name,
  parentId: j.parent_id,
  path: j.path,
  noticePrefix: j.notice_prefix,
  documentCodes: j.document_codes,
});

const RegistryAgency = z
  .object({
    id: z.string(),
    name: z.string(),
    jurisdictionId: z.string(),
    jurisdictionName: z.string(),
    creditCode: z.string().nullable(),
    contact: z.unknown(),
  })
  .meta({ id: 'RegistryAgency' });
interface AgencyRow {
  id: string;
  name: string;
  jurisdiction_id: string;
  jurisdiction_name: string;
  credit_code: string | null;
  contact: unknown;
}
const agencyView = (a: AgencyRow) => ({
  id: a.id,
  name: a.name,
  jurisdictionId: a.jurisdiction_id,
  jurisdictionName: a.jurisdiction_name,
  creditCode: a.credit_code,
  contact: a.contact,
});

/** Registry agencies with their jurisdiction's name, where `condition` (over `a`, org_agencies; it may end in order by/limit) holds. */
const agencyRows = (sql: Sql, condition: ReturnType<Sql>) => sql<AgencyRow[]>`
  select a.id, a.name, a.jurisdiction_id, j.name as jurisdiction_name, a.credit_code, a.contact
  from org_agencies a join org_jurisdictions j on j.id = a.jurisdiction_id where ${condition}`;

/** A search by any part of the name: LIKE's own characters are searched for as they are. */
const nameContains = (sql: Sql, q: string) => sql`a.name like ${'%' + q.replace(/[\\%_]/g, (c) => '\\' + c) + '%'}`;

const CreditCode = z
  .string()
  .max(40)
  .transform((s, ctx) => {
    const problem = creditCodeProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: CREDIT_CODE_PROBLEM_ZH[problem] });
    return normalCreditCode(s);
  });

/** The largest roster file taken: a 20,000-row roster as .xlsx is about 1 MB, as CSV about 2 MB. */
const MAX_ROSTER_FILE = 5 * 1024 * 1024;

const ImportReport = z
  .object({
    dryRun: z.boolean(),
    applied: z.boolean(),
    rows: z.number(),
    created: z.number(),
    updated: z.number(),
    errors: z.array(z.object({ row: z.number(), column: z.string(), message: z.string() })),
  })
  .meta({ id: 'RosterImportReport' });

async function importRoster(sql: Sql, p: Principal, file: { filename: string; data: Buffer }, dryRun: boolean) {
  let read;
  try {
    read = await readRosterFile(file.data, file.filename);
  } catch (err) {
    if (err instanceof RosterFileError)
      throw new HttpError(
        err.kind === 'too_large' ? 413 : 400,
        err.kind === 'too_large' ? 'payload_too_large' : 'invalid_file',
        err.message,
      );
    throw err;
  }
  if (read.headerProblems.length)
    return {
      status: 422,
      report: { dryRun, applied: false, rows: 0, created: 0, updated: 0, errors: read.headerProblems },
    };
  const facts = await rosterFacts(
    sql,
    p,
    read.rows.map((r) => ({
      id: (r.cells.id ?? '').trim(),
      creditCode: r.cells.creditCode ? normalCreditCode(r.cells.creditCode) : null,
    })),
  );
  const { agencies, problems } = readRoster(read.rows, facts);
  const rows = read.rows.length;
  const created = agencies.filter((a) => !facts.agencies.has(a.id)).length;
  const counts = { rows, created, updated: agencies.length - created };
  if (problems.length)
    return { status: dryRun ? 200 : 422, report: { dryRun, applied: false, ...counts, errors: problems } };
  if (rows === 0)
    return {
      status: 422,
      report: { dryRun, applied: false, ...counts, errors: [{ row: 2, column: '', message: '文件中没有机构' }] },
    };
  if (dryRun) return { status: 200, report: { dryRun, applied: false, ...counts, errors: [] } };
  const written = await upsertAgencies(sql, agencies);
  return { status: 200, report: { dryRun, applied: true, rows, ...written, errors: [] } };
}

export const registryRoutes = [
  route({
    method: 'get',
    path: '/v1/jurisdictions',
    tag: 'registry',
    summary: "The jurisdiction tree within the caller's scope, as a list ordered by path (parents before children)",
    access: ['admin', 'bureau'],
    response: { status: 200, description: 'the jurisdictions', schema: z.object({ items: z.array(JurisdictionNode) }) },
    async handler({ principal: p, deps: { sql } }) {
      const rows = await sql<RegistryJurisdiction[]>`
        select id, name, parent_id, path, notice_prefix, document_codes from org_jurisdictions
        where ${keptByCaller(sql, p, 'id')} order by path`;
      return { body: { items: rows.map(nodeView) } };
    },
  }),

  route({
    method: 'put',
    path: '/v1/jurisdictions/:id',
    tag: 'registry',
    summary:
      'Create, rename or move a jurisdiction; a bureau for those below its own, the admin anywhere (parentId null: a root)',
    access: ['admin', 'bureau'],
    params: z.strictObject({ id: Id }),
    body: z.strictObject({
      name: z.string().trim().min(1).max(200),
      parentId: Id.nullable(),
      noticePrefix: z.string().trim().min(1).max(20).nullable().optional(),
      documentCodes: DocumentCodes.nullable().optional(),
    }),
    response: {
      status: 200,
      description: 'the jurisdiction, changed',
      created: 'the jurisdiction, created by this PUT',
      schema: JurisdictionNode,
    },
    errors: [403, 422],
    async handler({ params, body, principal: p, deps: { sql } }) {
      const existing = await findJurisdiction(sql, params.id);
      const own = p.role === 'bureau' && p.jurisdictionId === params.id;
      if (own || (existing && !(await keepsJurisdiction(sql, p, params.id)))) throw outsideScope([params.id]);
      if (body.parentId === null && p.role !== 'admin') throw outsideScope([params.id]);
      const parent = body.parentId === null ? null : await findJurisdiction(sql, body.parentId);
      if (body.parentId !== null && !parent)
        throw refused('unknown_jurisdiction', `上级辖区“${body.parentId}”不在名录中`, [body.parentId]);
      if (parent && !(await keepsJurisdiction(sql, p, parent.id))) throw outsideScope([parent.id]);
      if (parent?.path.includes(params.id))
        throw refused('jurisdiction_cycle', '不能把辖区移到它自己或它的下级辖区之下', [parent.id]);
      const { created, node } = await putJurisdiction(
        sql,
        { id: params.id, name: body.name, noticePrefix: body.noticePrefix, documentCodes: body.documentCodes },
        parent,
      );
      return { status: created ? 201 : 200, body: nodeView(node) };
    },
  }),

  route({
    method: 'get',
    path: '/v1/agencies',
    tag: 'registry',
    summary: "Registry agencies in the caller's subtree; ?q= any part of the name, ?jurisdictionId= a subtree; by id",
    access: ['admin', 'bureau'],
    query: PageQuery.extend({ q: z.string().trim().max(50).optional(), jurisdictionId: Id.optional() }),
    response: { status: 200, description: 'a page of agencies', schema: Page(RegistryAgency) },
    async handler({ query, principal: p, deps: { sql } }) {
      const after = decodeCursor(query.cursor);
      const rows = await agencyRows(
        sql,
        sql`
        ${keptByCaller(sql, p, 'a.jurisdiction_id')}
          ${query.jurisdictionId ? sql`and ${jurisdictionUnder(sql, 'a.jurisdiction_id', query.jurisdictionId)}` : sql``}
          ${query.q ? sql`and ${nameContains(sql, query.q)}` : sql``}
          ${after ? sql`and a.id > ${after}` : sql``}
        order by a.id limit ${query.limit + 1}`,
      );
      const page = rows.slice(0, query.limit);
      return {
        body: {
          items: page.map(agencyView),
          nextCursor: rows.length > query.limit ? encodeCursor(page[page.length - 1].id) : null,
        },
      };
    },
  }),

  route({
    method: 'put',
    path: '/v1/agencies/:id',
    tag: 'registry',
    summary:
      'Create or update a registry agency; a bureau within its subtree (both where the agency is and where it goes)',
    access: ['admin', 'bureau'],
    params: z.strictObject({ id: Id }),
    body: z.strictObject({
      name: z.string().trim().min(1).max(200),
      jurisdictionId: Id,
      creditCode: CreditCode.nullable().optional(),
      contact: ContactSchema.nullable().optional(),
    }),
    response: {
      status: 200,
      description: 'the agency, changed',
      created: 'the agency, created by this PUT',
      schema: RegistryAgency,
    },
    errors: [403, 409, 422],
    async handler({ params, body, principal: p, deps: { sql } }) {
      const [existing] = await sql<
        { jurisdiction_id: string }[]
      >`select jurisdiction_id from org_agencies where id = ${params.id}`;
      if (existing && !(await keepsJurisdiction(sql, p, existing.jurisdiction_id))) throw outsideScope([params.id]);
      if (!(await findJurisdiction(sql, body.jurisdictionId)))
        throw refused('unknown_jurisdiction', `辖区“${body.jurisdictionId}”不在名录中`, [body.jurisdictionId]);
      if (!(await keepsJurisdiction(sql, p, body.jurisdictionId))) throw outsideScope([body.jurisdictionId]);
      if (body.creditCode) {
        const [holder] = await sql<
          { id: string }[]
        >`select id from org_agencies where credit_code = ${body.creditCode} and id <> ${params.id}`;
        if (holder) throw refused('credit_code_taken', `统一社会信用代码已属于机构“${holder.id}”`, [holder.id]);
      }
      const { created } = await upsertAgencies(sql, [
        {
          id: params.id,
          name: body.name,
          jurisdictionId: body.jurisdictionId,
          creditCode: body.creditCode ?? null,
          contact: body.contact ?? null,
        },
      ]);
      const [row] = await agencyRows(sql, sql`a.id = ${params.id}`);
      return { status: created ? 201 : 200, body: agencyView(row) };
    },
  }),

  route({
    method: 'get',
    path: '/v1/agencies/import-template.xlsx',
    tag: 'registry',
    summary: 'The roster template: an .xlsx with the Chinese headers the import reads and one example row',
    access: ['admin', 'bureau'],
    response: {
      status: 200,
      description: 'the template',
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
    async handler({ res }) {
      // binary: written here, the mount sends nothing more once headers are out
      res
        .attachment('机构名录导入模板.xlsx')
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .send(await rosterTemplate());
      return {};
    },
  }),

  route({
    method: 'post',
    path: '/v1/agencies/import',
    tag: 'registry',
    summary:
      'Import the agency roster from .xlsx or .csv (multipart field "file", the template\'s headers): every row\'s problems in Chinese; ' +
      '?dryRun=true only checks; a file with any problem changes nothing (422); agencies are created or updated in place by id',
    access: ['admin', 'bureau'],
    query: z.strictObject({
      dryRun: z
        .enum(['true', 'false'])
        .transform((v) => v === 'true')
        .optional(),
    }),
    response: {
      status: 200,
      description: 'what the file holds and what was (or would be) written',
      schema: ImportReport,
    },
    errors: [413, 422],
    async handler({ query, principal, req, deps: { sql } }) {
      const file = await readUploadedFile(req, 'file', MAX_ROSTER_FILE);
      if (!file.data.length) throw refused('file_empty', '上传的文件是空的');
      const { status, report } = await importRoster(sql, principal, file, query.dryRun ?? false);
      return { status, body: report };
    },
  }),

  route({
    method: 'get',
    path: '/v1/public/agencies',
    tag: 'registry',
    summary:
      "Agencies by any part of their name, for the public complaint form's picker: one entry per name and jurisdiction, with the jurisdiction's path from the top",
    access: 'public',
    query: z.strictObject({ q: z.string().trim().min(1).max(50) }),
    rateLimit: { windowMs: 60_000, limit: 120 },
    response: {
      status: 200,
      description: 'up to 20 agencies',
      schema: z.object({
        items: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            jurisdictionName: z.string(),
            jurisdictionPath: z
              .array(z.string())
              .describe('names from the top of the registry down, e.g. 中卫市, 沙坡头区'),
          }),
        ),
      }),
    },
    errors: [429],
    async handler({ query, deps: { sql } }) {
      // An agency registered twice under one name in one jurisdiction is one entry to the public: the registration a
      // campaign under way holds (so the complaint finds it), else the first.
      const rows = await sql<{ id: string; name: string; jurisdiction_name: string; path: string[] }[]>`
        select * from (
          select distinct on (a.name, a.jurisdiction_id) a.id, a.name, j.name as jurisdiction_name,
            array(select p.name from unnest(j.path) with ordinality as u(id, n) join org_jurisdictions p on p.id = u.id order by u.n) as path
          from org_agencies a join org_jurisdictions j on j.id = a.jurisdiction_id
          where ${nameContains(sql, query.q)}
          order by a.name, a.jurisdiction_id,
            exists (select 1 from agencies ca join campaigns c on c.id = ca.campaign_id where ca.id = a.id and c.phase <> 'closed') desc,
            a.id
        ) found order by length(name), name, path limit 20`;
      return {
        body: {
          items: rows.map((r) => ({
            id: r.id,
            name: r.name,
            jurisdictionName: r.jurisdiction_name,
            jurisdictionPath: r.path,
          })),
        },
      };
    },
  }),
];
