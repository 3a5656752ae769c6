import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorShape, Result } from '../../../preload/contract';

export type Wait<T> =
  | { state: 'waiting'; since: number }
  | { state: 'ok'; value: T }
  | { state: 'error'; error: AppErrorShape }
  | { state: 'stopped'; afterMs: number };

/**
 * A call the user waits for, safe to stop (a search, never a booking): stopping or the limit
 * passing drops the answer when it comes. `limitMs` is the configured timeout plus a margin, so
 * the screen never spins longer than the settings allow.
 */
export function useWait<T>(load: () => Promise<Result<T>>, limitMs: number, initial?: T): Wait<T> & { reload: () => void; stop: () => void } {
  const [state, setState] = useState<Wait<T>>(() => (initial !== undefined ? { state: 'ok', value: initial } : { state: 'waiting', since: Date.now() }));
  const generation = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const started = useRef(Date.now());

  const run = useCallback(() => {
    const mine = ++generation.current;
    started.current = Date.now();
    setState({ state: 'waiting', since: started.current });
    const timer = setTimeout(() => {
      if (mine !== generation.current) return;
      generation.current++;
      setState({
        state: 'error',
        error: { code: 'provider-timeout', message: `The service did not answer within ${Math.round(limitMs / 1000)} seconds.`, action: 'Try again, or choose another service.' },
      });
    }, limitMs);
    void loadRef.current().then((result) => {
      clearTimeout(timer);
      if (mine !== generation.current) return;
      setState(result.ok ? { state: 'ok', value: result.value } : { state: 'error', error: result.error });
    });
  }, [limitMs]);

  const stop = useCallback(() => {
    generation.current++;
    setState({ state: 'stopped', afterMs: Date.now() - started.current });
  }, []);

  const hasInitial = initial !== undefined;
  useEffect(() => {
    if (!hasInitial) run();
    const counter = generation;
    return () => {
      counter.current++;
    };
  }, [run, hasInitial]);

  return { ...state, reload: run, stop };
}
