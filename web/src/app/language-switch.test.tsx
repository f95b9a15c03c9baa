import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../api/client';
import { getLocale, LOCALE_STORAGE_KEY, setLocale } from '../locales';
import { LanguageSwitch } from './language-switch';

function recordingClient() {
  const sent: Request[] = [];
  const client = createApiClient({
    baseUrl: 'http://civicgrid.test',
    fetch: async (request) => {
      sent.push(request);
      return Response.json({ actor: { kind: 'anonymous', id: null, displayName: '' }, permissions: [] });
    },
  });
  return { client, sent };
}

describe('language switch', () => {
  beforeEach(() => {
    setLocale('zh-CN');
    localStorage.clear();
  });
  afterEach(cleanup);

  it('starts in Chinese and the API client asks for zh-CN', async () => {
    const { client, sent } = recordingClient();
    await client.GET('/api/session');
    expect(sent[0]?.headers.get('Accept-Language')).toBe('zh-CN');
  });

  it('switching to English makes the client send Accept-Language: en-US and remembers the choice', async () => {
    const { client, sent } = recordingClient();
    render(<LanguageSwitch />);
    act(() => {
      fireEvent.click(screen.getByText('English'));
    });
    expect(getLocale()).toBe('en-US');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en-US');
    expect(document.documentElement.lang).toBe('en-US');

    await client.GET('/api/session');
    expect(sent[0]?.headers.get('Accept-Language')).toBe('en-US');

    act(() => {
      fireEvent.click(screen.getByText('中文'));
    });
    await client.GET('/api/session');
    expect(sent[1]?.headers.get('Accept-Language')).toBe('zh-CN');
  });
});
