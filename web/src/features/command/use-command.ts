import { useCallback, useEffect, useRef, useState } from 'react';
import { useApiQuery } from '../../api/use-api-query';
import { fetchLatestCases, fetchMonthFigures, fetchSituation } from './command-api';
import { type FeedItem, feedItemOf, mergeFeed } from './feed';
import { watchFeed } from './live';

/** How long after the last event the counts are asked for again (events come in bursts). */
export const REFRESH_DEBOUNCE_MS = 800;
/** The indicator rollups follow the events through a consumer: ask for the month's figures a little later. */
export const FIGURES_DELAY_MS = 3_000;

/**
 * Everything the command centre shows for a division: the live counts, the month's figures and the feed,
 * kept fresh by the event stream (debounced) and every 60 s.
 */
export function useCommand(division: string | null) {
  const key = division ?? '';
  const situation = useApiQuery(`command-situation:${key}`, (signal) => fetchSituation(division, signal));
  const figures = useApiQuery(`command-figures:${key}`, (signal) => fetchMonthFigures(division, signal));
  const [feed, setFeed] = useState<FeedItem[]>([]);
  const [live, setLive] = useState(false);
  const reloads = useRef({ situation: situation.reload, figures: figures.reload });
  reloads.current = { situation: situation.reload, figures: figures.reload };

  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  const refreshSoon = useCallback(() => {
    for (const timer of timers.current) clearTimeout(timer);
    timers.current = [
      setTimeout(() => reloads.current.situation(), REFRESH_DEBOUNCE_MS),
      setTimeout(() => reloads.current.figures(), FIGURES_DELAY_MS),
    ];
  }, []);

  useEffect(() => {
    setFeed([]);
    const controller = new AbortController();
    fetchLatestCases(division, controller.signal).then(
      (items) => setFeed((list) => mergeFeed(list, items)),
      () => {},
    );
    const stop = watchFeed(
      (type, data) => {
        const item = feedItemOf(type, data, key);
        if (!item) return;
        setFeed((list) => mergeFeed(list, [item]));
        refreshSoon();
      },
      refreshSoon,
      setLive,
    );
    const poll = setInterval(() => {
      reloads.current.situation();
      reloads.current.figures();
    }, 60_000);
    return () => {
      controller.abort();
      stop();
      clearInterval(poll);
      for (const timer of timers.current) clearTimeout(timer);
      setLive(false);
    };
  }, [division, key, refreshSoon]);

  return { situation, figures, feed, live };
}
