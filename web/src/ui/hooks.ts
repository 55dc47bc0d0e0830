// Small hooks: data loading with cancellation, and the system's colour scheme.
import { useEffect, useState } from 'preact/hooks';
import type { Inputs } from 'preact/hooks';

export type Loaded<T> = { readonly state: 'loading' } | { readonly state: 'ready'; readonly data: T } | { readonly state: 'failed'; readonly error: unknown };

/**
 * Runs `load` whenever `inputs` change. Until the new answer arrives the result is 'loading' (never
 * the previous answer under the new inputs), and an older answer arriving late is dropped.
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, inputs: Inputs): Loaded<T> {
  const [result, setResult] = useState<{ readonly inputs: Inputs; readonly value: Loaded<T> }>({ inputs, value: { state: 'loading' } });
  useEffect(() => {
    const controller = new AbortController();
    setResult({ inputs, value: { state: 'loading' } });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResult({ inputs, value: { state: 'ready', data } });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setResult({ inputs, value: { state: 'failed', error } });
      },
    );
    return () => controller.abort();
    // The caller names what the load depends on.
  }, inputs);
  const current = result.inputs.length === inputs.length && result.inputs.every((v, i) => Object.is(v, inputs[i]));
  return current ? result.value : { state: 'loading' };
}

const DARK = '(prefers-color-scheme: dark)';

/** 'dark' or 'light', following the system setting as it changes. */
export function useColorScheme(): 'dark' | 'light' {
  const [dark, setDark] = useState(() => matchMedia(DARK).matches);
  useEffect(() => {
    const query = matchMedia(DARK);
    const changed = () => setDark(query.matches);
    query.addEventListener('change', changed);
    return () => query.removeEventListener('change', changed);
  }, []);
  return dark ? 'dark' : 'light';
}
