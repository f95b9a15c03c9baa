import { describe, expect, it } from 'vitest';
import type { HistoryEntry } from '../cases-api';
import { caseCategory, caseDescription, caseLocation } from './case-data';

describe('case data', () => {
  it('reads the category and the location, or nothing when they are not there', () => {
    expect(caseCategory({ category: { code: '0102', nameZh: '暴露垃圾', nameEn: 'Exposed garbage' } })).toEqual({
      code: '0102',
      nameZh: '暴露垃圾',
      nameEn: 'Exposed garbage',
    });
    expect(caseCategory({})).toBeNull();
    expect(caseLocation({ location: { lng: 113.1, lat: 36.2, address: '东街' } })).toEqual({
      lng: 113.1,
      lat: 36.2,
      address: '东街',
    });
    expect(caseLocation({ location: { lng: 'x' } })).toBeNull();
  });

  it('takes the full description from the case, else from the report, else the title', () => {
    const report = {
      fromState: null,
      inputs: { description: '路口有暴露垃圾,堆放约两平方米' },
    } as unknown as HistoryEntry;
    expect(caseDescription({ description: '全文' }, [report])).toBe('全文');
    expect(caseDescription({ title: '路口有' }, [report])).toBe('路口有暴露垃圾,堆放约两平方米');
    expect(caseDescription({ title: '路口有' }, undefined)).toBe('路口有');
  });
});
