import type { MessageKey, Translate } from '../../locales';
import type { DeadlineColour } from './cases-api';

/** Where a report came from (问题来源), as the server's `channel` values. */
export const CHANNELS = ['grid', 'supervisor', 'public', 'hotline', 'leader', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

const CHANNEL_KEYS: Record<Channel, MessageKey> = {
  grid: 'cases.channelGrid',
  supervisor: 'cases.channelSupervisor',
  public: 'cases.channelPublic',
  hotline: 'cases.channelHotline',
  leader: 'cases.channelLeader',
  other: 'cases.channelOther',
};

export function channelLabel(channel: string | null | undefined, t: Translate): string {
  if (!channel) return '—';
  return channel in CHANNEL_KEYS ? t(CHANNEL_KEYS[channel as Channel]) : channel;
}

export const DEADLINE_COLOURS: readonly DeadlineColour[] = ['green', 'yellow', 'red'];

/** Ant Design tag colours for the traffic light (绿灯/黄灯/红灯). */
export const DEADLINE_TAG: Record<DeadlineColour, string> = { green: 'success', yellow: 'warning', red: 'error' };

export function deadlineLabel(colour: DeadlineColour, t: Translate): string {
  return t(
    colour === 'green' ? 'cases.deadlineGreen' : colour === 'yellow' ? 'cases.deadlineYellow' : 'cases.deadlineRed',
  );
}
