/** Loading data from the API into a page, and the small pieces of state every page shares. */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError, get, isAbort, type Schema } from './api.js';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
  /** Loads again (after a change); the shown data stays until the new arrives. */
  reload: () => void;
  /** Replaces the data locally (after a save that answered with the new state). */
  setData: (update: (previous: T | undefined) => T | undefined) => void;
}

interface Early {
  promise: Promise<unknown>;
  /** Set once the answer is there, so that the page can show it in its first render. */
  data?: unknown;
}
const prefetched = new Map<string, Early>();

/**
 * A GET started before the page that needs it is rendered (on the first load, at the same time
 * as the session), so that the page's data does not wait for the session to be known.
 */
export function prefetch(path: string, promise: Promise<unknown> = get(path)): void {
  const early: Early = { promise };
  promise.then(
    (data) => {
      early.data = data;
    },
    () => undefined,
  );
  prefetched.set(path, early);
}

/** Data already at hand for `path`: the server renders a page with the data it embeds. */
export function provideData(path: string, data: unknown): void {
  prefetched.set(path, { promise: Promise.resolve(data), data });
}

/** Forgets early answers (asked for before a login, they are refusals). */
export function forgetPrefetched(): void {
  prefetched.clear();
}

/**
 * GETs `path` (null: nothing yet) and again whenever it changes, reading the answer through
 * `schema` (a zod schema of src/api); data provided early (the server's embedded
 * answers, the boot script's requests) is read through it too.
 */
export function useResource<T>(path: string | null, schema?: Schema<T>): Resource<T> {
  const read = (data: unknown): T => (schema ? schema.parse(data) : (data as T));
  const [state, setState] = useState<{
    path: string | null;
    data: T | undefined;
    error: ApiError | Error | undefined;
    loading: boolean;
  }>(() => {
    // Data that arrived before the first render is shown in it.
    const early = path === null ? undefined : prefetched.get(path);
    if (path !== null && early?.data !== undefined) {
      prefetched.delete(path);
      try {
        return { path, data: read(early.data), error: undefined, loading: false };
      } catch {
        // An early answer that does not fit: asked for again below, where the error shows.
      }
    }
    return { path: null, data: undefined, error: undefined, loading: path !== null };
  });
  const [generation, setGeneration] = useState(0);
  const shownEarly = useRef(state.path);

  useEffect(() => {
    if (path === null) return;
    if (generation === 0 && shownEarly.current === path) {
      shownEarly.current = null;
      return;
    }
    shownEarly.current = null;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    const early = generation === 0 ? prefetched.get(path) : undefined;
    prefetched.delete(path);
    (early ? early.promise.then(read) : get<T>(path, controller.signal, schema)).then(
      (data) => {
        if (!controller.signal.aborted) setState({ path, data, error: undefined, loading: false });
      },
      (error: unknown) => {
        if (isAbort(error) || controller.signal.aborted) return;
        setState((s) => ({
          ...s,
          path,
          error: error instanceof Error ? error : new Error(String(error)),
          loading: false,
        }));
      },
    );
    return () => controller.abort();
  }, [path, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  const setData = useCallback(
    (update: (previous: T | undefined) => T | undefined) =>
      setState((s) => ({ ...s, data: update(s.data) })),
    [],
  );
  return { data: state.data, error: state.error, loading: state.loading, reload, setData };
}

// A polite live region shared by the whole application: saves, imports, filters announce here.
let announcement = '';
const announcementListeners = new Set<() => void>();

/** Says something to screen readers (and shows it in the status line). */
let clearTimer: number | undefined;

function setAnnouncement(text: string): void {
  announcement = text;
  for (const listener of announcementListeners) listener();
}

export function announce(message: string): void {
  // Clearing first makes the same message be read again; it leaves the screen after a while.
  setAnnouncement('');
  window.clearTimeout(clearTimer);
  window.setTimeout(() => setAnnouncement(message), 50);
  clearTimer = window.setTimeout(() => setAnnouncement(''), 8000);
}

export function useAnnouncement(): string {
  return useSyncExternalStore(
    (listener) => {
      announcementListeners.add(listener);
      return () => announcementListeners.delete(listener);
    },
    () => announcement,
    () => '',
  );
}

/** Sets the document's title while the page is shown. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} – Utfall` : 'Utfall';
  }, [title]);
}

/** A ref that always holds the latest value (for callbacks that outlive a render). */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}
