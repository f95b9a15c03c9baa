import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../cases-api';
import { photoCaption, photoGroups } from './photo-groups';

const entry = (id: number, action: string, attachments: string[]): HistoryEntry => ({
  id,
  action,
  actionName: action,
  taskId: null,
  fromState: id === 1 ? null : 'x',
  toState: 'x',
  taskFromState: null,
  taskToState: null,
  actorId: 'a',
  actorName: '徐芳',
  actorRole: 'gridworker',
  inputs: {},
  attachments,
  at: `2024-03-0${id}T10:00:00+08:00`,
});

describe('photoGroups', () => {
  it('groups photos by the step that brought them, oldest first, skipping steps without photos', () => {
    const groups = photoGroups([
      entry(4, 'check-pass', ['c1']),
      entry(1, 'report', ['r1', 'r2']),
      entry(2, 'accept', []),
      entry(3, 'feedback', ['f1']),
    ]);
    expect(groups.map((g) => [g.action, g.attachments])).toEqual([
      ['report', ['r1', 'r2']],
      ['feedback', ['f1']],
      ['check-pass', ['c1']],
    ]);
    expect(groups[0]?.entryId).toBe(1);
  });

  it('keeps two rounds of the same step apart', () => {
    expect(photoGroups([entry(3, 'feedback', ['a']), entry(5, 'feedback', ['b'])])).toHaveLength(2);
  });

  it('captions the usual steps', () => {
    expect(photoCaption('report')).toBe('report');
    expect(photoCaption('self-resolve')).toBe('selfResolve');
    expect(photoCaption('verify-refute')).toBe('verify');
    expect(photoCaption('feedback')).toBe('feedback');
    expect(photoCaption('check-fail')).toBe('check');
    expect(photoCaption('something')).toBe('other');
  });
});
