export { RankingChart, TrendChart } from './charts';
export { type FigureTable, fetchMonthFigures, fetchSituation, type Situation } from './command-api';
export { CommandMap, type CommandMapProps } from './command-map';
export { childLength, parentOf } from './drill';
export { FEED_STREAM_URL, type FeedItem } from './feed';
export { FeedList, placeOf } from './feed-list';
export { KpiBoard } from './kpi-board';
export type { Measure } from './scale';
export { useCommand } from './use-command';
