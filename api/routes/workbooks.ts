import { DateTime } from 'luxon';
import { contactsWorkbook, statisticsWorkbook, type FormHeading } from '../../services/documents/workbooks';
import { route } from '../route';
import { CampaignParams } from '../schemas';
import { visibleCampaign, type CampaignRow } from '../scope';
import { contacts, reportFileName, scopeOf, statistics } from './reports';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const xlsxResponse = (description: string) => ({ status: 200, description, contentType: XLSX });

/** The form's heading: the campaign's name and the attachment, the caller's bureau as reporting unit, today's date. */
function headingOf(c: CampaignRow, attachment: string, scopeName: string): FormHeading {
  return {
    title: `${c.name}${attachment}${c.settings.drill ? '（演练）' : ''}`,
    reportingUnit: `${scopeName}司法局`,
    date: DateTime.now().setZone(c.settings.calendar.timeZone).toFormat('yyyy年M月d日'),
  };
}

export const workbookRoutes = [
  route({
    method: 'get',
    path: '/v1/campaigns/:id/reports/statistics.xlsx',
    tag: 'reports',
    summary:
      'Attachment 2 (统计表) as an Excel workbook in the official layout: title, reporting unit and date, grouped headers, 市直/county subtotals and the total, signature line',
    access: ['bureau'],
    params: CampaignParams,
    response: xlsxResponse('the statistics workbook'),
    async handler({ params, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      const { scope, table } = await statistics(deps.sql, c, principal);
      const content = await statisticsWorkbook(headingOf(c, '统计表', scope.name), table);
      return { bytes: { contentType: XLSX, content, filename: reportFileName(c, '附件2-统计表', scope.name, 'xlsx') } };
    },
  }),

  route({
    method: 'get',
    path: '/v1/campaigns/:id/reports/contacts.xlsx',
    tag: 'reports',
    summary:
      'Attachment 1 (联系人名单) as an Excel workbook in the official layout: title, reporting unit and date, signature line',
    access: ['bureau'],
    params: CampaignParams,
    response: xlsxResponse('the contact roster workbook'),
    async handler({ params, principal, deps }) {
      const c = await visibleCampaign(deps, params.id, principal);
      const [scope, cells] = await Promise.all([scopeOf(deps.sql, c, principal), contacts(deps.sql, c, principal)]);
      const content = await contactsWorkbook(headingOf(c, '工作联系人名单', scope.name), cells);
      return { bytes: { contentType: XLSX, content, filename: reportFileName(c, '附件1-联系人', scope.name, 'xlsx') } };
    },
  }),
];
