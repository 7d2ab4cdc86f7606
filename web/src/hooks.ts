/** Loading data from the API into a page, and the small pieces of state every page shares. */
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { ApiError, get, isAbort } from './api.js';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
  /** Loads again (after a change); the shown data stays until the new arrives. */
  reload: () => void;
  /** Replaces the data locally (after a save that answered with the new state). */
  setData: (update: (previous: T | undefined) => T | undefined) => void;
}

/** GETs `path` (null: nothing yet) and again whenever it changes. */
export function useResource<T>(path: string | null): Resource<T> {
  const [state, setState] = useState<{
    path: string | null;
    data: T | undefined;
    error: ApiError | Error | undefined;
    loading: boolean;
  }>({ path: null, data: undefined, error: undefined, loading: path !== null });
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true, error: undefined }));
    get<T>(path, controller.signal).then(
      (data) => setState({ path, data, error: undefined, loading: false }),
      (error: unknown) => {
        if (isAbort(error)) return;
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
export function announce(message: string): void {
  // Clearing first makes the same message be read again.
  announcement = '';
  for (const listener of announcementListeners) listener();
  window.setTimeout(() => {
    announcement = message;
    for (const listener of announcementListeners) listener();
  }, 50);
}

export function useAnnouncement(): string {
  return useSyncExternalStore(
    (listener) => {
      announcementListeners.add(listener);
      return () => announcementListeners.delete(listener);
    },
    () => announcement,
  );
}

/** Sets the document's title while the page is shown. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} – Utfall` : 'Utfall';
  }, [title]);
}

/** A value that follows `value` after it has stopped changing for `delay` ms. */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}
