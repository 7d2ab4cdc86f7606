/**
 * Step 3 of the import wizard: what the server found in the file — its format, the first rows and
 * every problem with its row and column — then the column mapping (when the header is not
 * recognised) or the write step.
 */
import { IMPORT_COLUMNS, type ImportKind } from '../../../../src/domain/import-kinds.js';
import type { ImportAnswer } from '../../../../src/api/imports.js';
import { Message } from '../../components/status.js';
import { HeaderRow } from '../../components/table.js';
import { formatWhole } from '../../format.js';
import { useI18n } from '../../i18n/index.js';
import { ColumnMap, RememberMapping } from './columns.js';
import type { Stage } from './options.js';
import { ImportPreviewTable } from './preview.js';
import { WriteStep } from './write.js';
import { ScrollRegion } from '../../components/scroll-region.js';

type SourceView = NonNullable<ImportAnswer['source']>;

export function CheckResult({
  m,
  checked,
  kind,
  stage,
  append,
  replaceAll,
  columns,
  setColumns,
  busy,
  send,
  onRemembered,
}: {
  m: string;
  checked: ImportAnswer;
  kind: ImportKind;
  stage: Stage;
  append: boolean;
  replaceAll: boolean;
  columns: Record<string, string>;
  setColumns: (update: (columns: Record<string, string>) => Record<string, string>) => void;
  busy: boolean;
  send: (commit: boolean) => Promise<void>;
  /** A mapping was remembered (the list of them is read again). */
  onRemembered: () => void;
}) {
  const { t } = useI18n();
  const problems = checked.problems;
  const problemCount = checked.problemCount;
  const header = checked.header;
  const firstRows = checked.rows;
  const rowNumbers = checked.rowNumbers;
  // The fields the server says the kind reads, else the domain's catalogue.
  const recognised: Record<string, string | null> | null = checked.columns ?? null;
  const fields = recognised ? Object.keys(recognised) : IMPORT_COLUMNS[kind];
  const headerProblem = problems.some((p) => p.code.startsWith('header.'));
  const applied = checked.mapping?.name ?? null;
  // Columns the user chose themselves, and they read the file: worth remembering.
  const userMapped = Object.values(columns).some((header) => header !== '');
  return (
    <section aria-labelledby="step-check">
      <h2 id="step-check">{t('imports.stepCheck')}</h2>
      {checked.source && <SourceFacts source={checked.source} />}
      {header.length > 0 && (
        <ScrollRegion label={t('imports.firstRows')}>
          <table className="figures compact">
            <caption>{t('imports.firstRows')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('imports.row')}</th>
                {header.map((cell, i) => (
                  <th key={i} scope="col">
                    {cell}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {firstRows.map((cells, r) => (
                <tr key={r}>
                  <th scope="row">{rowNumbers[r] ?? r + 2}</th>
                  {header.map((_, c) => (
                    <td key={c}>{cells[c] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}

      {problemCount === 0 ? (
        <Message kind="success">
          <span aria-hidden="true">✓ </span>
          {t('imports.noProblems', {
            count: checked.source?.rows ?? checked.records,
            rows: formatWhole(checked.source?.rows ?? checked.records),
          })}
        </Message>
      ) : (
        <>
          <Message kind="error">
            {t('imports.problemsFound', { count: problemCount })} {t('imports.nothingWritten')}
          </Message>
          <ScrollRegion label={t('imports.problems')}>
            <table className="figures problems">
              <caption>
                {problems.length < problemCount
                  ? t('imports.problemsShown', { shown: problems.length, count: problemCount })
                  : t('imports.problems')}
              </caption>
              <thead>
                <HeaderRow
                  columns={[
                    { label: t('imports.row') },
                    { label: t('imports.column') },
                    { label: t('imports.value') },
                    { label: t('imports.problem') },
                  ]}
                />
              </thead>
              <tbody>
                {problems.map((problem, i) => (
                  <tr key={i}>
                    <th scope="row">{problem.row ?? '–'}</th>
                    <td>{problem.column ?? '–'}</td>
                    <td>
                      <code>{problem.value ?? ''}</code>
                    </td>
                    <td>{problem.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        </>
      )}

      {(headerProblem || applied !== null || userMapped) && header.length > 0 && (
        <ColumnMap
          kind={kind}
          fields={fields}
          header={header}
          columns={columns}
          recognised={recognised}
          applied={applied}
          setColumns={setColumns}
          busy={busy}
          checkAgain={() => send(false)}
        />
      )}

      {userMapped && !headerProblem && applied === null && header.length > 0 && (
        <RememberMapping
          key={JSON.stringify(columns)}
          m={m}
          kind={kind}
          header={header}
          columns={columns}
          onRemembered={onRemembered}
        />
      )}

      {problemCount === 0 && checked.preview && <ImportPreviewTable preview={checked.preview} />}

      {problemCount === 0 && (
        <WriteStep
          key={JSON.stringify(checked.preview?.absentUnits ?? [])}
          kind={kind}
          stage={stage}
          append={append}
          replaceAll={replaceAll}
          preview={checked.preview}
          busy={busy}
          write={() => send(true)}
        />
      )}
    </section>
  );
}

function SourceFacts({ source }: { source: SourceView }) {
  const { t } = useI18n();
  const delimiter =
    source.delimiter === '\t'
      ? t('imports.tab')
      : source.delimiter === ';'
        ? t('imports.semicolon')
        : source.delimiter === ','
          ? t('imports.comma')
          : source.delimiter;
  return (
    <dl className="facts">
      {source.file && (
        <>
          <dt>{t('imports.fileName')}</dt>
          <dd>{source.file}</dd>
        </>
      )}
      {source.format && (
        <>
          <dt>{t('imports.format')}</dt>
          <dd>{source.format.toUpperCase()}</dd>
        </>
      )}
      {delimiter && (
        <>
          <dt>{t('imports.delimiter')}</dt>
          <dd>{delimiter}</dd>
        </>
      )}
      {source.encoding && (
        <>
          <dt>{t('imports.encoding')}</dt>
          <dd>{source.encoding.toUpperCase()}</dd>
        </>
      )}
      {source.rows !== undefined && (
        <>
          <dt>{t('imports.rows')}</dt>
          <dd>{formatWhole(source.rows)}</dd>
        </>
      )}
    </dl>
  );
}
