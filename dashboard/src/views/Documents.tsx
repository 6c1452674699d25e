import { useState } from 'react';
import { api, ApiError, download, qs, type Me } from '../api';
import { LoadError, Loading, Section, Table } from '../components';
import { fmtDateTime } from '../format';
import { useI18n } from '../i18n';
import type { IssuedDocument } from '../types';
import { Pager, usePagedList } from './ListTools';

const TZ = 'Asia/Shanghai';

/**
 * 发文登记: every document issued in the caller's scope (a bureau its subtree, an agency those addressed to it), filtered
 * by year, kind, addressee and receipt; each printable; an agency signs for (签收) its notices here, and a bureau sees
 * who has not, in red once the window has passed.
 */
export function Documents({ me }: { me: Me }) {
  const { t, lang } = useI18n();
  const [year, setYear] = useState('');
  const [kind, setKind] = useState('');
  const [addressee, setAddressee] = useState('');
  const [receipt, setReceipt] = useState('');
  const filter = { year, kind, addressee: addressee.trim(), receipt };
  const query = qs(filter);
  const { list, pager } = usePagedList<IssuedDocument>('/v1/documents', query, 50);
  const [error, setError] = useState<ApiError | undefined>();
  const sign = async (id: string) => {
    try {
      await api.post(`/v1/documents/${encodeURIComponent(id)}/receipt`, {});
      list.reload();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
    }
  };
  const thisYear = new Date().getFullYear();
  return (
    <Section
      title={t.register.title}
      actions={
        me.role === 'bureau' ? (
          <button
            type="button"
            data-testid="register-xlsx"
            onClick={() =>
              void download(`/v1/documents/register.xlsx${qs(filter)}`, `发文登记簿${year ? `-${year}` : ''}.xlsx`)
            }
          >
            {t.register.export}
          </button>
        ) : null
      }
      testId="documents"
    >
      <div className="filters">
        <label>
          {t.register.year}
          <select value={year} onChange={(e) => setYear(e.target.value)} data-testid="register-year">
            <option value="">{t.all}</option>
            {[thisYear + 1, thisYear, thisYear - 1].map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.register.kind}
          <select value={kind} onChange={(e) => setKind(e.target.value)} data-testid="register-kind">
            <option value="">{t.all}</option>
            {Object.entries(t.documentKinds).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t.register.addresseeSearch}
          <input value={addressee} onChange={(e) => setAddressee(e.target.value)} data-testid="register-addressee" />
        </label>
        <label>
          {t.register.receipt}
          <select value={receipt} onChange={(e) => setReceipt(e.target.value)} data-testid="register-receipt">
            <option value="">{t.all}</option>
            {Object.entries(t.receiptStates).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <LoadError error={list.error ?? error} />
      {!list.data ? <Loading /> : null}
      {list.data && list.data.items.length === 0 ? <p className="muted">{t.none}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <Table
          columns={[
            t.register.number,
            t.register.kind,
            t.register.docTitle,
            t.register.addressee,
            t.register.issuedAt,
            t.register.receipt,
          ]}
        >
          {list.data.items.map((d) => (
            <tr key={d.id} data-testid="register-row" data-receipt={d.receipt.state}>
              <td className="nowrap">
                <button
                  type="button"
                  className="link-button"
                  data-testid={`print-document-${d.id}`}
                  onClick={() => void download(`/v1/documents/${d.id}.pdf`, `${d.number}.pdf`)}
                >
                  {d.number}
                </button>
                {d.drill ? `（${t.register.drill}）` : ''}
              </td>
              <td className="nowrap">{t.documentKinds[d.kind] ?? d.kind}</td>
              <td>{d.title}</td>
              <td>{d.addressee.name}</td>
              <td className="nowrap">{fmtDateTime(d.issuedAt, lang, TZ)}</td>
              <td className={`nowrap${d.receipt.state === 'overdue' ? ' light-red' : ''}`}>
                {t.receiptStates[d.receipt.state]}
                {d.receipt.signedAt ? ` ${fmtDateTime(d.receipt.signedAt, lang, TZ)} ${d.receipt.signedBy ?? ''}` : ''}
                {me.role === 'agency' && (d.receipt.state === 'pending' || d.receipt.state === 'overdue') ? (
                  <button
                    type="button"
                    className="primary"
                    data-testid={`sign-${d.id}`}
                    onClick={() => void sign(d.id)}
                  >
                    {t.register.sign}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </Table>
      ) : null}
      <Pager pager={pager} />
    </Section>
  );
}
