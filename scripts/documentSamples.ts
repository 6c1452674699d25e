import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OfficialDocument } from '../domain/officialDocument';
import { renderOfficialDocument } from '../services/documents/officialPdf';

/**
 * One hand-written document of each kind the bureau issues, as a bureau would word it, rendered to
 * docs/documents/<kind>-<page>.png (pdftoppm at 60 dpi) for docs/DOCUMENTS.md, from the repository's root:
 * `npx tsc -b tsconfig.build.json && node dist/scripts/documentSamples.js`.
 */
const common = {
  issuer: '中卫市司法局',
  printedBy: '中卫市司法局办公室',
  drill: false,
};

export const SAMPLES: Record<string, OfficialDocument> = {
  supervision: {
    ...common,
    format: 'file',
    number: '卫法督〔2027〕3号',
    title: '关于督促报送工作措施等事项的督办通知',
    addressee: '中卫市沙坡头区市场监督管理局',
    body: [
      '你单位报送工作措施、报送联系人、公布监督举报渠道三项工作，办理期限为2027年6月10日，至今未完成。',
      '请于2027年6月16日前办结，逾期将予以挂牌督办。',
    ],
    date: '2027年6月13日',
    copiesTo: [],
    printedOn: '2027年6月13日',
    issuedAt: '2027-06-13T01:00:00.000Z',
  },
  listed: {
    ...common,
    format: 'file',
    number: '卫法督〔2027〕9号',
    title: '关于对中卫市沙坡头区市场监督管理局未按期报送工作措施予以挂牌督办的通知书',
    addressee: '中卫市沙坡头区市场监督管理局',
    body: [
      '2027年6月13日，我局以卫法督〔2027〕3号通知督促你单位报送工作措施。截至2027年6月17日，你单位仍未报送，经督办未办结，情节较重。根据专项整治督办工作规定，决定对你单位予以挂牌督办。',
      '一、督办事项',
      '报送本单位落实损害营商环境突出问题专项整治的工作措施，明确责任领导、责任科室和完成时限。',
      '二、办理要求',
      '（一）时限要求',
      '请于2027年6月21日前办结，并将办理结果书面报送市司法局法治督察科。',
      '（二）其他要求',
      '挂牌督办期间，你单位主要负责人应当每周向市司法局报告一次办理进展。办结后，由你单位提出摘牌申请，经市司法局核查属实的，予以摘牌。逾期仍未办结的，将按规定移送纪检监察机关处理。',
      '特此通知。',
    ],
    date: '2027年6月17日',
    copiesTo: ['中卫市人民政府办公室', '中共中卫市纪律检查委员会', '中卫市监察委员会', '中卫市沙坡头区人民政府'],
    printedOn: '2027年6月17日',
    issuedAt: '2027-06-17T01:00:00.000Z',
  },
  lifted: {
    ...common,
    format: 'file',
    number: '卫法督〔2027〕15号',
    title: '关于解除对中卫市沙坡头区市场监督管理局挂牌督办的通知',
    addressee: '中卫市沙坡头区市场监督管理局',
    body: [
      '你单位已于2027年6月20日报送工作措施，经核查属实，决定解除对你单位的挂牌督办（卫法督〔2027〕9号）。',
      '特此通知。',
    ],
    date: '2027年6月22日',
    copiesTo: [],
    printedOn: '2027年6月22日',
    issuedAt: '2027-06-22T01:00:00.000Z',
  },
  referral: {
    ...common,
    format: 'letter',
    number: '卫法函〔2027〕2号',
    title: '关于移送中宁县自然资源局未按期整改问题线索的函',
    addressee: '中共中宁县纪律检查委员会、中宁县监察委员会',
    body: [
      '在损害营商环境突出问题专项整治中，中宁县自然资源局承担的“不动产登记办理时限超过承诺时限”问题整改，期限为2027年7月15日。我局于2027年7月16日以卫法督〔2027〕21号通知督办，于2027年7月21日以卫法督〔2027〕27号通知挂牌督办，该局至今仍未整改到位，涉嫌不作为、慢作为。',
      '根据专项整治工作方案关于问题线索移送的规定，现将该问题线索移送你委，请依规依纪依法处理，并将处理结果函告我局。',
      '联系人：王明，联系电话：0955-7012345。',
      '特此函告。',
    ],
    date: '2027年7月28日',
    copiesTo: ['中卫市人民政府办公室'],
    printedOn: '2027年7月28日',
    issuedAt: '2027-07-28T01:00:00.000Z',
  },
  bulletin: {
    ...common,
    format: 'file',
    number: '卫法督〔2027〕31号',
    title: '关于中宁县卫生健康局未按期公布监督举报渠道情况的通报',
    addressee: '各县（区）人民政府，市直各部门',
    body: [
      '2027年8月5日，市司法局对市直部门和各县（区）公布监督举报渠道情况开展抽查。经查，中宁县卫生健康局未在门户网站和办事大厅公布监督举报电话和邮箱，经督办后仍未整改，影响群众监督。',
      '现予以通报。各单位要引以为戒，对照检查，确保监督举报渠道公开、畅通。',
    ],
    date: '2027年8月12日',
    copiesTo: ['中共中卫市委办公室', '中卫市人民政府办公室'],
    printedOn: '2027年8月12日',
    issuedAt: '2027-08-12T01:00:00.000Z',
  },
  returned: {
    ...common,
    format: 'file',
    drill: true,
    number: '卫法督〔2027〕18号',
    title: '关于退回中卫市教育局自查整改情况公开材料的通知',
    addressee: '中卫市教育局',
    body: [
      '你单位报送的自查整改情况公开材料缺少问题清单和整改时限，现予退回。请补正后于2027年6月30日前重新报送。',
      '特此通知。',
    ],
    date: '2027年6月24日',
    copiesTo: [],
    printedOn: '2027年6月24日',
    issuedAt: '2027-06-24T01:00:00.000Z',
  },
};

async function main() {
  const out = join(process.cwd(), 'docs', 'documents');
  mkdirSync(out, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'documents-'));
  try {
    for (const [name, doc] of Object.entries(SAMPLES)) {
      const pdf = join(work, `${name}.pdf`);
      writeFileSync(pdf, await renderOfficialDocument(doc));
      execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(out, name)]);
      process.stdout.write(
        `${name}: ${
          execFileSync('pdfinfo', [pdf])
            .toString()
            .match(/Pages:\s+(\d+)/)?.[1]
        } page(s)\n`,
      );
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) void main();
