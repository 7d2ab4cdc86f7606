/** Step 1 of the import wizard: what to import — kind, year, sign and, for budgets, the stage. */
import type { ImportKind } from '../../../../src/domain/import-kinds.js';
import { useI18n } from '../../i18n/index.js';

export type Sign = 'report' | 'accounting';
export type Stage = 'original' | 'change';

export function ImportOptions({
  kinds,
  kind,
  setKind,
  setColumns,
  reset,
  fileYear,
  setFileYear,
  sign,
  setSign,
  stage,
  setStage,
  decision,
  setDecision,
  date,
  setDate,
  append,
  setAppend,
  replaceAll,
  setReplaceAll,
}: {
  kinds: readonly ImportKind[];
  kind: ImportKind;
  setKind: (kind: ImportKind) => void;
  setColumns: (columns: Record<string, string>) => void;
  reset: () => void;
  fileYear: string;
  setFileYear: (year: string) => void;
  sign: Sign;
  setSign: (sign: Sign) => void;
  stage: Stage;
  setStage: (stage: Stage) => void;
  decision: string;
  setDecision: (decision: string) => void;
  date: string;
  setDate: (date: string) => void;
  append: boolean;
  setAppend: (append: boolean) => void;
  replaceAll: boolean;
  setReplaceAll: (replaceAll: boolean) => void;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="step-what">
      <h2 id="step-what">{t('imports.stepWhat')}</h2>
      <fieldset>
        <legend>{t('imports.kind')}</legend>
        {kinds.map((k) => (
          <label key={k} className="radio">
            <input
              type="radio"
              name="import-kind"
              value={k}
              checked={kind === k}
              onChange={() => {
                setKind(k);
                setColumns({});
                reset();
              }}
            />{' '}
            {t(`imports.kinds.${k}`)}
          </label>
        ))}
      </fieldset>
      <div className="row">
        <div className="field">
          <label htmlFor="import-year">{t('imports.year')}</label>
          <input
            id="import-year"
            className="short"
            inputMode="numeric"
            value={fileYear}
            onChange={(e) => {
              setFileYear(e.target.value);
              reset();
            }}
          />
        </div>
        {kind !== 'org' && kind !== 'mapping' && (
          <fieldset>
            <legend>{t('imports.sign')}</legend>
            <label className="radio">
              <input
                type="radio"
                name="import-sign"
                checked={sign === 'report'}
                onChange={() => {
                  setSign('report');
                  reset();
                }}
              />{' '}
              {t('imports.signReport')}
            </label>
            <label className="radio">
              <input
                type="radio"
                name="import-sign"
                checked={sign === 'accounting'}
                onChange={() => {
                  setSign('accounting');
                  reset();
                }}
              />{' '}
              {t('imports.signAccounting')}
            </label>
          </fieldset>
        )}
      </div>
      {kind === 'budget' && (
        <div className="row">
          <fieldset>
            <legend>{t('imports.stage')}</legend>
            <label className="radio">
              <input
                type="radio"
                name="import-stage"
                checked={stage === 'original'}
                onChange={() => {
                  setStage('original');
                  reset();
                }}
              />{' '}
              {t('imports.stageOriginal')}
            </label>
            <label className="radio">
              <input
                type="radio"
                name="import-stage"
                checked={stage === 'change'}
                onChange={() => {
                  setStage('change');
                  reset();
                }}
              />{' '}
              {t('imports.stageChange')}
            </label>
          </fieldset>
          {stage === 'change' && (
            <>
              <div className="field">
                <label htmlFor="import-decision">{t('budgetChanges.reference')}</label>
                <input
                  id="import-decision"
                  value={decision}
                  placeholder={t('budgetChanges.referenceExample')}
                  onChange={(e) => setDecision(e.target.value)}
                />
              </div>
              <div className="field">
                <label htmlFor="import-date">{t('budgetChanges.date')}</label>
                <input
                  id="import-date"
                  type="date"
                  value={date}
                  onChange={(e) => setDate(e.target.value)}
                />
              </div>
            </>
          )}
        </div>
      )}
      {kind === 'actuals' && (
        <div className="field checkbox">
          <input
            id="import-append"
            type="checkbox"
            checked={append}
            onChange={(e) => {
              setAppend(e.target.checked);
              if (e.target.checked) setReplaceAll(false);
              reset();
            }}
          />
          <label htmlFor="import-append">{t('imports.append')}</label>
        </div>
      )}
      {kind === 'actuals' && (
        <div className="field checkbox">
          <input
            id="import-replace-all"
            type="checkbox"
            checked={replaceAll}
            disabled={append}
            onChange={(e) => {
              setReplaceAll(e.target.checked);
              reset();
            }}
          />
          <label htmlFor="import-replace-all">{t('imports.replaceAll')}</label>
        </div>
      )}
      <p className="help">{t(`imports.columnsHelp.${kind}`)}</p>
    </section>
  );
}
