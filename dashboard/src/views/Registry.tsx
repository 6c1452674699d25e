import { useEffect, useState } from 'react';
import { ApiError, download, type Me } from '../api';
import { LoadError, Section, Table } from '../components';
import { useI18n } from '../i18n';
import { registry, type ImportReport, type RegistryAgency, type RegistryJurisdiction } from '../registryApi';
import { UnitChannelsForm, type ChannelUnit } from './UnitChannelsForm';

/**
 * The organisation registry (名录): the jurisdiction tree, the agencies with a name search, each unit's notification
 * channels, and the roster import.
 */
export function Registry({ me }: { me: Me }) {
  const { t } = useI18n();
  const r = t.registry;
  const [tree, setTree] = useState<RegistryJurisdiction[]>([]);
  const [q, setQ] = useState('');
  const [agencies, setAgencies] = useState<RegistryAgency[]>([]);
  const [error, setError] = useState<ApiError>();
  const [reloads, setReloads] = useState(0);
  const [unit, setUnit] = useState<ChannelUnit | null>(null);

  useEffect(() => {
    registry.jurisdictions().then(setTree, setError);
  }, [reloads]);
  useEffect(() => {
    const timer = setTimeout(() => registry.agencies(q.trim()).then(setAgencies, setError), 200);
    return () => clearTimeout(timer);
  }, [q, reloads]);

  const depth = (j: RegistryJurisdiction) => j.path.length - (tree[0]?.path.length ?? 1);
  const channelsButton = (u: ChannelUnit) => (
    <button type="button" className="link-button" onClick={() => setUnit(u)} data-testid={`channels-${u.kind}-${u.id}`}>
      {r.channels}
    </button>
  );
  return (
    <>
      <Section title={`${r.title}${me.unitName ? ` · ${me.unitName}` : ''}`} testId="registry-page">
        <LoadError error={error} />
        <h3>{r.tree}</h3>
        <ul className="tree" data-testid="registry-tree">
          {tree.map((j) => (
            <li key={j.id} style={{ paddingLeft: `${depth(j) * 1.5}em` }} data-id={j.id}>
              {j.name} {j.noticePrefix ? <span className="muted small">{j.noticePrefix}</span> : null}{' '}
              {channelsButton({ kind: 'jurisdiction', id: j.id, name: j.name })}
            </li>
          ))}
        </ul>
        <h3>{r.agencies}</h3>
        <input
          type="search"
          placeholder={r.search}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          data-testid="registry-search"
        />
        <Table columns={[r.id, r.name, r.jurisdiction, r.creditCode, r.contact, r.channels]} testId="registry-agencies">
          {agencies.map((a) => (
            <tr key={a.id} data-id={a.id}>
              {/* codes the roster file matches rows by, and the official credit code: identifiers, not words (language test) */}
              <td data-lang-exempt>{a.id}</td>
              <td>{a.name}</td>
              <td>{a.jurisdictionName}</td>
              <td data-lang-exempt>{a.creditCode ?? ''}</td>
              <td>{[a.contact?.name, a.contact?.phone].filter(Boolean).join(' ')}</td>
              <td>{channelsButton({ kind: 'agency', id: a.id, name: a.name })}</td>
            </tr>
          ))}
        </Table>
      </Section>
      {unit ? <UnitChannelsForm key={`${unit.kind}:${unit.id}`} unit={unit} /> : null}
      <RosterImport onApplied={() => setReloads((n) => n + 1)} />
    </>
  );
}

/** Choose a file, check it (every row's problems in Chinese), then import it whole. */
function RosterImport({ onApplied }: { onApplied(): void }) {
  const { t } = useI18n();
  const r = t.registry;
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const run = async (dryRun: boolean) => {
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const res = await registry.importRoster(file, dryRun);
      setReport(res);
      if (res.applied) onApplied();
    } catch (err) {
      setReport(null);
      if (err instanceof ApiError) setError(err);
    } finally {
      setBusy(false);
    }
  };
  const verdict = report ? (report.errors.length ? r.refused : report.applied ? r.applied : r.checked) : null;
  return (
    <Section
      title={r.importTitle}
      testId="roster-import"
      actions={
        <button
          type="button"
          className="link-button"
          onClick={() => void download('/v1/agencies/import-template.xlsx', '机构名录导入模板.xlsx')}
          data-testid="roster-template"
        >
          {r.template}
        </button>
      }
    >
      <label>
        {r.file}{' '}
        <input
          type="file"
          accept=".xlsx,.csv"
          onChange={(e) => (setFile(e.target.files?.[0] ?? null), setReport(null))}
          data-testid="roster-file"
        />
      </label>
      <div className="buttons">
        <button type="button" disabled={!file || busy} onClick={() => void run(true)} data-testid="roster-dry-run">
          {r.dryRun}
        </button>
        <button
          type="button"
          className="primary"
          disabled={!file || busy}
          onClick={() => void run(false)}
          data-testid="roster-apply"
        >
          {r.apply}
        </button>
      </div>
      <LoadError error={error} />
      {report ? (
        <div data-testid="roster-report" data-applied={String(report.applied)} data-errors={report.errors.length}>
          <p>
            <strong>{verdict}</strong> · {r.rows} {report.rows} · {r.created} {report.created} · {r.updated}{' '}
            {report.updated}
          </p>
          {report.errors.length ? (
            <Table columns={[r.row, r.column, r.problem]} testId="roster-errors">
              {report.errors.map((e, k) => (
                <tr key={k}>
                  <td>{e.row}</td>
                  <td>{e.column}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </Table>
          ) : null}
        </div>
      ) : null}
    </Section>
  );
}
