import { act, renderHook, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/errors';
import { uploadPhoto } from '../portal-api';
import { usePhotoUploads } from './use-photo-uploads';

vi.mock('../portal-api', () => ({ uploadPhoto: vi.fn() }));
vi.mock('../../features/photos', () => ({
  shrinkPhoto: async (file: File) => ({ blob: file, filename: file.name }),
}));

const upload = vi.mocked(uploadPhoto);
const photo = (name: string) => new File([name], name, { type: 'image/jpeg' });

describe('photos uploaded as they are picked', () => {
  beforeEach(() => {
    upload.mockReset();
    URL.createObjectURL = vi.fn(() => 'blob:preview');
    URL.revokeObjectURL = vi.fn();
  });

  it('sends them one after the other, the later ones naming the first one’s upload token', async () => {
    let n = 0;
    upload.mockImplementation(async (_blob, _name, _key, token) => ({ id: `a${++n}`, uploadToken: token ?? 'T1' }));
    const { result } = renderHook(() => usePhotoUploads());
    act(() => result.current.add([photo('one.jpg'), photo('two.jpg')]));
    expect(result.current.busy).toBe(true);
    await waitFor(() => expect(result.current.busy).toBe(false));
    expect(upload.mock.calls.map((c) => [c[1], c[3]])).toEqual([
      ['one.jpg', null],
      ['two.jpg', 'T1'],
    ]);
    expect(result.current.attached).toEqual({ uploadToken: 'T1', ids: ['a1', 'a2'] });
  });

  it('retries a failed photo with the same key under the same token, a new key under another', async () => {
    upload.mockRejectedValueOnce(new ApiError(0, 'NETWORK', ''));
    const { result } = renderHook(() => usePhotoUploads());
    act(() => result.current.add([photo('one.jpg')]));
    await waitFor(() => expect(result.current.items[0]?.state).toBe('failed'));
    const first = result.current.items[0]!.id;

    // Meanwhile another photo went through and brought the token.
    upload.mockResolvedValueOnce({ id: 'a2', uploadToken: 'T1' });
    act(() => result.current.add([photo('two.jpg')]));
    await waitFor(() => expect(result.current.items[1]?.state).toBe('uploaded'));

    upload.mockResolvedValueOnce({ id: 'a1', uploadToken: 'T1' });
    act(() => result.current.retry(first));
    await waitFor(() => expect(result.current.items[0]?.state).toBe('uploaded'));
    const [failedTry, , retried] = upload.mock.calls;
    expect(retried?.[3]).toBe('T1');
    expect(retried?.[2]).not.toBe(failedTry?.[2]);
    expect(result.current.attached).toEqual({ uploadToken: 'T1', ids: ['a1', 'a2'] });

    upload.mockRejectedValueOnce(new ApiError(0, 'NETWORK', ''));
    act(() => result.current.add([photo('three.jpg')]));
    await waitFor(() => expect(result.current.items[2]?.state).toBe('failed'));
    upload.mockResolvedValueOnce({ id: 'a3', uploadToken: 'T1' });
    act(() => result.current.retry(result.current.items[2]!.id));
    await waitFor(() => expect(result.current.items[2]?.state).toBe('uploaded'));
    const calls = upload.mock.calls;
    expect(calls.at(-1)?.[2]).toBe(calls.at(-2)?.[2]);
  });

  it('leaves a removed photo out of the report', async () => {
    upload.mockImplementation(async (_b, name) => ({ id: name, uploadToken: 'T1' }));
    const { result } = renderHook(() => usePhotoUploads());
    act(() => result.current.add([photo('one.jpg'), photo('two.jpg')]));
    await waitFor(() => expect(result.current.busy).toBe(false));
    act(() => result.current.remove(result.current.items[0]!.id));
    expect(result.current.attached).toEqual({ uploadToken: 'T1', ids: ['two.jpg'] });
    expect(URL.revokeObjectURL).toHaveBeenCalled();
  });
});
