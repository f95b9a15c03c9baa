import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useLocale, useT } from '../../locales';
import {
  CODE_SET,
  categoriesQuery,
  loadGridUsage,
  loadMyGrids,
  type MyGrid,
  recentCategories,
  saveRecentCategories,
} from '../data';
import { usePosition } from '../geo/position';
import { useCachedQuery } from '../offline/cache';
import type { ReportItem } from '../offline/outbox-types';
import { appOutbox, enqueue, flushOutbox } from '../offline/runtime';
import { type Me, useSession } from '../session';
import { toast } from '../ui/toast';
import { useOnline } from '../ui/use-online';
import { CategoryPicker, categoryName } from './category-picker';
import { clearPendingDraft, type DraftPhoto, pendingDraft, type ReportMode } from './draft';
import { LocationCard, type ReportLocation, useLocated } from './location-card';
import { PhotoSlot, PhotoStrip } from './photo-input';
import { rememberChoice, suggestCategories } from './suggest';

const MAX_PHOTOS = 9;
const SUGGESTIONS = 8;

/** The server wants at least two characters: an empty description becomes the category's name. */
function describe(text: string, fallback: string): string {
  const trimmed = text.trim();
  if (trimmed.length >= 2) return trimmed;
  return trimmed ? `${fallback} ${trimmed}` : fallback;
}

function useMyGrids(me: Me): MyGrid[] {
  const [grids, setGrids] = useState<MyGrid[]>([]);
  useEffect(() => {
    let live = true;
    loadMyGrids(me).then(
      (g) => live && setGrids(g),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [me]);
  return grids;
}

/**
 * 随手拍: the photo from the home screen, the location from GPS (the grid named when online), category chips —
 * the description's words, the grid's most reported, the worker's own — and 上报. 自行处置 asks for a photo before
 * and one after instead. `?edit=<item>` corrects a report the server refused.
 */
export function ReportScreen() {
  const { user } = useSession();
  if (!user) return null;
  return <ReportForm me={user} />;
}

function ReportForm({ me }: { me: Me }) {
  const t = useT();
  const locale = useLocale();
  const navigate = useNavigate();
  const online = useOnline();
  const [params] = useSearchParams();
  const editId = params.get('edit');
  const [draft] = useState(() => pendingDraft());
  const [mode] = useState<ReportMode>(() =>
    params.get('mode') === 'self-resolve' ? 'self-resolve' : (draft?.mode ?? 'report'),
  );
  const [photos, setPhotos] = useState<DraftPhoto[]>(() => (mode === 'report' ? (draft?.photos ?? []) : []));
  const [before, setBefore] = useState<DraftPhoto | null>(() =>
    mode === 'self-resolve' ? (draft?.photos[0] ?? null) : null,
  );
  const [after, setAfter] = useState<DraftPhoto | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [note, setNote] = useState('');
  const [pinned, setPinned] = useState<ReportLocation | null>(null);
  const [editing, setEditing] = useState<ReportItem | null>(null);
  const [saving, setSaving] = useState(false);

  const position = usePosition();
  const location: ReportLocation | null =
    pinned ??
    (position.fix
      ? { lon: position.fix.lon, lat: position.fix.lat, accuracy: position.fix.accuracy, source: 'gps' }
      : null);
  const { located, busy } = useLocated(location, online);
  const grids = useMyGrids(me);

  const cats = categoriesQuery(me);
  const categories = useCachedQuery(cats.key, cats.load);
  const options = categories.data?.value ?? [];
  const [recent] = useState(() => recentCategories(me));
  const usageGrid = located?.grid?.code ?? grids[0]?.code ?? null;
  const [gridUsage, setGridUsage] = useState<string[]>([]);
  useEffect(() => {
    if (!usageGrid) return;
    let live = true;
    loadGridUsage(me, usageGrid).then(
      (codes) => live && setGridUsage(codes),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [me, usageGrid]);
  const suggestions = useMemo(
    () => suggestCategories({ categories: options, gridUsage, recent, text: description, limit: SUGGESTIONS }),
    [options, gridUsage, recent, description],
  );

  // Correcting a refused report: its fields as they were sent.
  useEffect(() => {
    if (!editId) return;
    void appOutbox()
      .then((box) => box.get(editId))
      .then((item) => {
        if (item?.kind !== 'report') return;
        setEditing(item);
        setCategory(item.body.category.code);
        setDescription(item.body.description);
        setNote(item.body.note ?? '');
        setPinned({ lon: item.body.location.lng, lat: item.body.location.lat, source: 'manual' });
      });
  }, [editId]);

  const isSelfResolve = editing ? editing.body.action === 'self-resolve' : mode === 'self-resolve';
  const chosen = options.find((c) => c.code === category);
  const photosReady = editing ? true : isSelfResolve ? Boolean(before && after) : true;
  const ready = Boolean(location && chosen && photosReady) && !saving;
  const missing = !location
    ? t('mobile.needLocation')
    : !chosen
      ? t('mobile.needCategory')
      : !photosReady
        ? t('mobile.needBeforeAfter')
        : null;

  const submit = async () => {
    if (!location || !chosen) return;
    setSaving(true);
    try {
      const body: ReportItem['body'] = {
        ...(isSelfResolve ? { action: 'self-resolve' as const } : {}),
        location: { lng: location.lon, lat: location.lat },
        category: { codeSet: CODE_SET, code: chosen.code },
        description: describe(description, chosen.nameZh),
        ...(isSelfResolve && note.trim() ? { note: note.trim() } : {}),
        // Where the worker stood when fixing it (the log keeps the distance from the place); a pin by hand is not that.
        ...(editing?.body.position
          ? { position: editing.body.position }
          : isSelfResolve && position.fix
            ? {
                position: { lon: position.fix.lon, lat: position.fix.lat, accuracy: Math.round(position.fix.accuracy) },
              }
            : {}),
      };
      const title = description.trim() || categoryName(chosen, locale);
      const gridName = online && located?.grid ? located.grid.name : null;
      if (editing) {
        await (await appOutbox()).revise(editing.id, (item) =>
          item.kind === 'report' ? { ...item, body, title, gridName } : item,
        );
        void flushOutbox();
        navigate('/outbox');
        return;
      }
      const taken = isSelfResolve ? [before, after].flatMap((p) => (p ? [p] : [])) : photos;
      await enqueue(
        { kind: 'report', account: me.account.id, title, body, gridName },
        taken.map((p) => p.photo),
      );
      saveRecentCategories(me, rememberChoice(recent, chosen.code));
      for (const p of taken) URL.revokeObjectURL(p.url);
      clearPendingDraft();
      toast(online ? t('mobile.savedSending') : t('mobile.savedOffline'));
      navigate('/');
    } catch {
      toast(t('mobile.saveFailed'), 'error');
      setSaving(false);
    }
  };

  return (
    <main className="m-page" data-testid="report-screen" data-mode={isSelfResolve ? 'self-resolve' : 'report'}>
      <h2 style={{ margin: 0 }}>{isSelfResolve ? t('mobile.selfResolve') : t('mobile.report')}</h2>
      {editing?.error && (
        <div className="m-banner" data-kind="error">
          <span>{editing.error.message || editing.error.code}</span>
        </div>
      )}
      {!editing && (
        <section className="m-card">
          {isSelfResolve ? (
            <div className="m-photos">
              <PhotoSlot
                photo={before}
                onChange={setBefore}
                label={t('mobile.photoBefore')}
                data-testid="photo-before"
              />
              <PhotoSlot photo={after} onChange={setAfter} label={t('mobile.photoAfter')} data-testid="photo-after" />
            </div>
          ) : (
            <PhotoStrip photos={photos} onChange={setPhotos} max={MAX_PHOTOS} data-testid="report-photos" />
          )}
        </section>
      )}
      <LocationCard
        location={location}
        status={position.status}
        online={online}
        located={located}
        busy={busy}
        grids={grids}
        onPin={setPinned}
      />
      <section className="m-card">
        <h2>{t('mobile.category')}</h2>
        {options.length ? (
          <CategoryPicker categories={options} suggestions={suggestions} value={category} onChange={setCategory} />
        ) : (
          <div className="m-muted">{categories.loading ? t('mobile.loading') : t('mobile.categoriesUnavailable')}</div>
        )}
      </section>
      <section className="m-card m-field">
        <label className="m-field">
          <span>{t('mobile.descriptionOptional')}</span>
          <textarea
            className="m-textarea"
            data-testid="report-description"
            maxLength={2000}
            value={description}
            placeholder={t('mobile.descriptionHint')}
            onChange={(e) => setDescription(e.target.value)}
          />
        </label>
        {isSelfResolve && (
          <label className="m-field">
            <span>{t('mobile.selfResolveNote')}</span>
            <textarea className="m-textarea" maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} />
          </label>
        )}
      </section>
      <div className="m-sticky-actions" style={{ flexDirection: 'column' }}>
        {missing && (
          <div className="m-muted" style={{ textAlign: 'center' }} data-testid="report-missing">
            {missing}
          </div>
        )}
        <button
          type="button"
          className="m-btn"
          data-kind="primary"
          data-testid="report-send"
          disabled={!ready}
          onClick={() => void submit()}
        >
          {editing ? t('mobile.saveAndResend') : isSelfResolve ? t('mobile.sendSelfResolve') : t('mobile.send')}
        </button>
      </div>
    </main>
  );
}
