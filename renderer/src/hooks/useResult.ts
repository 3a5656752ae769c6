import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorShape, Result } from '../../../preload/contract';

export type Loadable<T> =
  | { state: 'loading' }
  | { state: 'ok'; value: T }
  | { state: 'error'; error: AppErrorShape };

/**
 * Runs a bridge call and tracks its outcome; ignores answers that arrive after unmount or
 * after a newer call (Medplum's useResource guard).
 */
export function useResult<T>(load: () => Promise<Result<T>>): Loadable<T> & { reload: () => void } {
  const [state, setState] = useState<Loadable<T>>({ state: 'loading' });
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  const run = useCallback(() => {
    const mine = ++generation.current;
    setState({ state: 'loading' });
    void loadRef.current().then((result) => {
      if (mine !== generation.current) return;
      setState(result.ok ? { state: 'ok', value: result.value } : { state: 'error', error: result.error });
    });
  }, []);

  useEffect(() => {
    run();
    const counter = generation;
    return () => {
      // Any answer still in flight belongs to an unmounted screen: drop it.
      counter.current++;
    };
  }, [run]);

  return { ...state, reload: run };
}
