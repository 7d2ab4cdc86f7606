/**
 * The narratives of a unit, one section at a time in the chosen language, with a Markdown editor
 * that saves by itself after a pause. A save is made against the version the writer started from;
 * when someone else saved in between, the server answers 409 and both texts are shown: the stored
 * one and the writer's own, which is never thrown away. The writer keeps theirs, takes the stored
 * one, or merges, and saves against the new version. Live figures are inserted with a picker and
 * shown with their value in the preview; an empty outcome section offers Utfall's proposal, which
 * reaches the report only once accepted (saved as the written text). The texts are those of the
 * page's reporting period: at an interim period the interim report's own, saved with
 * `?period=YYYY-MM`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { NarrativeView } from '../../../src/api/pages.js';
import { ApiError, apiPath, periodQuery, request } from '../api.js';
import { formatDateTime } from '../format.js';
import { useLatest } from '../hooks.js';
import { LANGUAGES, useI18n, type Language, type MessageKey } from '../i18n/index.js';
import { FigurePicker, useRenderedFigures, type LiveFigures } from './figure-picker.js';
import { MarkdownView } from './markdown.js';
import { errorText } from './status.js';
import { narrativeSchema } from '../schemas.js';

/** How long typing must pause before the text is saved. */
export const AUTOSAVE_DELAY_MS = 1200;

interface Stored {
  version: number;
  body: string;
  updatedBy?: string;
  updatedAt?: string;
}

/** The stored narrative of a 409 answer (`details.stored`, or `stored` at the top). */
function storedOf(error: ApiError): Stored | null {
  const candidates = [
    (error.details as { stored?: unknown } | undefined)?.stored,
    (error.body as { stored?: unknown } | undefined)?.stored,
  ];
  for (const candidate of candidates) {
    if (typeof candidate === 'object' && candidate !== null) {
      const s = candidate as Record<string, unknown>;
      if (typeof s.version === 'number' && typeof s.body === 'string') {
        return {
          version: s.version,
          body: s.body,
          ...(typeof s.updatedBy === 'string' ? { updatedBy: s.updatedBy } : {}),
          ...(typeof s.updatedAt === 'string' ? { updatedAt: s.updatedAt } : {}),
        };
      }
    }
  }
  return null;
}

export function sectionKey(section: string): MessageKey {
  switch (section) {
    case 'events':
    case 'risks':
    case 'revenue':
    case 'costs':
    case 'margin':
      return `narrative.section.${section}`;
    default:
      return 'narrative.section.other';
  }
}

export function Narratives({
  m,
  year,
  period,
  code,
  sections,
  narratives,
  editable,
  figures,
  proposals,
}: {
  m: string;
  year: number;
  /** The reporting period the texts are of (its last month): 1–11 an interim report's, 12 the year's. */
  period: number;
  code: string;
  sections: string[];
  narratives: NarrativeView[];
  editable: boolean;
  figures: LiveFigures;
  /** Utfall's proposed text of the outcome sections, by section and language. */
  proposals: Partial<Record<string, Record<Language, string>>>;
}) {
  const { t, lang } = useI18n();
  const [textLang, setTextLang] = useState<Language>(lang);
  return (
    <>
      <fieldset className="text-language">
        <legend>{t('narrative.textLanguage')}</legend>
        {LANGUAGES.map((l) => (
          <label key={l} className="radio">
            <input
              type="radio"
              name="narrative-language"
              value={l}
              checked={textLang === l}
              onChange={() => setTextLang(l)}
            />{' '}
            <span lang={l}>{t(`language.${l}`)}</span>
          </label>
        ))}
      </fieldset>
      {sections.map((section) => {
        const stored = narratives.find((n) => n.section === section && n.lang === textLang);
        return (
          <section key={section} className="narrative" aria-labelledby={`narrative-${section}`}>
            <h3 id={`narrative-${section}`}>{t(sectionKey(section))}</h3>
            <NarrativeEditor
              key={`${section}/${textLang}`}
              path={
                apiPath('m', m, year, 'units', code, 'narratives', section, textLang) +
                periodQuery(year, period)
              }
              section={section}
              textLang={textLang}
              initial={stored ?? null}
              editable={editable}
              figures={figures}
              proposal={proposals[section]?.[textLang] ?? null}
            />
          </section>
        );
      })}
    </>
  );
}

function NarrativeEditor({
  path,
  section,
  textLang,
  initial,
  editable,
  figures,
  proposal,
}: {
  path: string;
  section: string;
  textLang: Language;
  initial: NarrativeView | null;
  editable: boolean;
  figures: LiveFigures;
  proposal: string | null;
}) {
  const { t, lang } = useI18n();
  const [base, setBase] = useState<Stored>(initial ?? { version: 0, body: '' });
  const [draft, setDraft] = useState(base.body);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<Stored | null>(null);
  const inFlight = useRef(false);
  const draftRef = useLatest(draft);
  const baseRef = useLatest(base);
  const conflictRef = useLatest(conflict);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const id = `narrative-${section}-${textLang}`;
  const rendered = useRenderedFigures(editable ? draft : base.body, textLang, figures);

  /** Puts a placeholder where the cursor is (or at the end), and the cursor after it. */
  const insert = (placeholder: string) => {
    const area = textarea.current;
    const start = area?.selectionStart ?? draft.length;
    const end = area?.selectionEnd ?? draft.length;
    const next = draft.slice(0, start) + placeholder + draft.slice(end);
    setDraft(next);
    requestAnimationFrame(() => {
      area?.focus();
      area?.setSelectionRange(start + placeholder.length, start + placeholder.length);
    });
  };

  const save = useCallback(
    async (body: string, version: number) => {
      if (inFlight.current) return;
      inFlight.current = true;
      setSaving(true);
      try {
        const saved = await request('PUT', path, { body, version }, { schema: narrativeSchema });
        setBase(saved);
        setConflict(null);
        setError(null);
      } catch (caught) {
        const stored =
          caught instanceof ApiError && caught.status === 409 ? storedOf(caught) : null;
        if (stored) setConflict(stored);
        else setError(caught);
      } finally {
        inFlight.current = false;
        setSaving(false);
      }
    },
    [path],
  );

  // Autosave: after a pause in typing, unless a conflict waits for the writer's choice.
  const dirty = draft !== base.body;
  useEffect(() => {
    if (!editable || conflict || !dirty || saving || error) return;
    const timer = window.setTimeout(() => void save(draft, base.version), AUTOSAVE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [draft, base, editable, conflict, dirty, saving, error, save]);

  // Unsaved text is saved when the editor goes away, and leaving the page warns about it.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (draftRef.current !== baseRef.current.body) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
      if (
        editable &&
        !conflictRef.current &&
        !inFlight.current &&
        draftRef.current !== baseRef.current.body
      ) {
        void request('PUT', path, {
          body: draftRef.current,
          version: baseRef.current.version,
        }).catch(() => undefined);
      }
    };
  }, [path, editable, draftRef, baseRef, conflictRef]);

  const label = t('narrative.editorLabel', {
    section: t(sectionKey(section)),
    language: t(`language.${textLang}`),
  });

  if (!editable) {
    return base.body.trim() ? (
      <div lang={textLang}>
        <MarkdownView source={rendered} className="markdown" />
        <Stamp stored={base} />
      </div>
    ) : (
      <p className="muted">{t('narrative.empty')}</p>
    );
  }

  let status: string;
  if (conflict) status = t('narrative.status.conflict');
  else if (saving) status = t('narrative.status.saving');
  else if (error) status = `${t('narrative.status.error')} ${errorText(error, t)}`;
  else if (dirty) status = t('narrative.status.unsaved');
  else if (base.version === 0) status = t('narrative.status.new');
  else
    status = t('narrative.status.saved', {
      version: base.version,
      time: formatDateTime(base.updatedAt, lang),
    });

  return (
    <div className="editor">
      <div className="editor-panes">
        <div className="field">
          <label htmlFor={id}>{label}</label>
          <textarea
            ref={textarea}
            id={id}
            lang={textLang}
            rows={rowsFor(draft)}
            value={draft}
            aria-describedby={`${id}-help ${id}-status`}
            onChange={(e) => {
              setDraft(e.target.value);
              if (error) setError(null);
            }}
          />
          <p id={`${id}-help`} className="help">
            {t('narrative.markdownHelp')}
          </p>
          <FigurePicker
            id={`${id}-figure`}
            figures={figures}
            textLang={textLang}
            onInsert={insert}
          />
          {proposal && draft.trim() === '' && (
            <div className="proposal" lang={textLang}>
              <p className="proposal-title">{t('narrative.proposal.title')}</p>
              <p>{proposal}</p>
              <button
                type="button"
                className="secondary"
                disabled={saving}
                onClick={() => {
                  setDraft(proposal);
                  void save(proposal, base.version);
                }}
              >
                {t('narrative.proposal.accept')}
              </button>
            </div>
          )}
        </div>
        <div className="preview" lang={textLang}>
          <h4 id={`${id}-preview`}>{t('narrative.preview')}</h4>
          <section aria-labelledby={`${id}-preview`}>
            <MarkdownView source={rendered} className="markdown" />
          </section>
        </div>
      </div>
      <p
        id={`${id}-status`}
        className={`save-status${conflict || error ? ' problem' : ''}`}
        role="status"
        aria-live="polite"
      >
        {status}
      </p>
      {!saving && (error !== null || (dirty && !conflict)) && (
        <button type="button" className="secondary" onClick={() => void save(draft, base.version)}>
          {t('narrative.saveNow')}
        </button>
      )}
      {conflict && (
        <div className="conflict" role="alert">
          <h4>{t('narrative.conflictTitle')}</h4>
          <p>
            {t('narrative.conflictText', {
              by: conflict.updatedBy ?? '?',
              version: conflict.version,
            })}
          </p>
          <div className="field">
            <label htmlFor={`${id}-stored`}>
              {t('narrative.storedText', {
                version: conflict.version,
                by: conflict.updatedBy ?? '?',
              })}
            </label>
            <textarea id={`${id}-stored`} lang={textLang} rows={8} readOnly value={conflict.body} />
          </div>
          <p>{t('narrative.conflictHelp')}</p>
          <div className="buttons">
            <button type="button" onClick={() => void save(draft, conflict.version)}>
              {t('narrative.keepMine')}
            </button>
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setBase(conflict);
                setDraft(conflict.body);
                setConflict(null);
              }}
            >
              {t('narrative.useStored')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

/** Enough rows for the text as it is (about 70 characters a line), 8 to 30. */
function rowsFor(text: string): number {
  let lines = 0;
  for (const line of text.split('\n')) lines += Math.max(1, Math.ceil(line.length / 70));
  return Math.min(30, Math.max(8, lines + 1));
}

function Stamp({ stored }: { stored: Stored }) {
  const { t, lang } = useI18n();
  if (!stored.updatedBy) return null;
  return (
    <p className="stamp">
      {t('narrative.stamp', {
        version: stored.version,
        by: stored.updatedBy,
        time: formatDateTime(stored.updatedAt, lang),
      })}
    </p>
  );
}
