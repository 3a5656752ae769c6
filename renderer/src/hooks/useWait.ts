import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorShape, Result } from '../../../preload/contract';
import { formatElapsed } from '../format/elapsed';

export type Wait<T> =
  | { state: 'waiting'; since: number }
  | { state: 'ok'; value: T }
  | { state: 'error'; error: AppErrorShape }
  | { state: 'stopped'; afterMs: number };

/** Our own timer waits this much past the configured limit, for main's answer to travel back. */
const REPLY_MARGIN_MS = 5_000;

/**
 * A call the user waits for, safe to stop (a search, never a booking): stopping or the limit
 * passing drops the answer when it comes. `timeoutMs` is the configured limit the screen states
 * ("gives up after"); the margin for the reply to travel is never shown, so the screen names
 * one figure only.
 */
export function useWait<T>(load: () => Promise<Result<T>>, timeoutMs: number, initial?: T): Wait<T> & { reload: () => void; stop: () => void } {
  const limitMs = timeoutMs + REPLY_MARGIN_MS;
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
        error: { code: 'provider-timeout', message: `The service did not answer within ${formatElapsed(timeoutMs)}.`, action: 'Try again, or choose another service.' },
      });
    }, limitMs);
    void loadRef.current().then((result) => {
      clearTimeout(timer);
      if (mine !== generation.current) return;
      setState(result.ok ? { state: 'ok', value: result.value } : { state: 'error', error: result.error });
    });
  }, [limitMs, timeoutMs]);

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
