import { EnvironmentOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { caseCategory, caseDescription, caseLocation } from '../../features/cases/case-detail/case-data';
import { photoGroups } from '../../features/cases/case-detail/photo-groups';
import { type AvailableAction, attachmentThumbnail, type CaseDetail } from '../../features/cases/cases-api';
import { formatInstant, useLocale, useT } from '../../locales';
import { distanceM, formatCoord, formatDistance } from '../geo/geo';
import { usePosition } from '../geo/position';
import { useCachedQuery } from '../offline/cache';
import { enqueue, useOutbox } from '../offline/runtime';
import type { DraftPhoto } from '../report/draft';
import { PhotoStrip } from '../report/photo-input';
import { type Me, useSession } from '../session';
import { toast } from '../ui/toast';
import { useOnline } from '../ui/use-online';
import { actionInputs, actionProblem, ON_SITE_M, phoneAction } from './task-actions';
import { caseKey, historyKey, loadCase, loadHistory } from './tasks-data';

export function TaskScreen() {
  const { id } = useParams();
  const { user } = useSession();
  if (!user || !id) return null;
  return <Task me={user} id={id} />;
}

function Task({ me, id }: { me: Me; id: string }) {
  const t = useT();
  const locale = useLocale();
  const online = useOnline();
  const position = usePosition();
  const detail = useCachedQuery(caseKey(me, id), () => loadCase(id));
  const history = useCachedQuery(historyKey(me, id), () => loadHistory(id));
  const { items } = useOutbox();
  const [acting, setActing] = useState<string | null>(null);
  const c = detail.data?.value;

  if (!c)
    return (
      <main className="m-page">
        <div className="m-empty">{detail.loading ? t('mobile.loading') : t('mobile.caseUnavailable')}</div>
      </main>
    );

  const category = caseCategory(c.data);
  const location = caseLocation(c.data);
  const fix = position.fix;
  const distance = location && fix ? distanceM({ lon: location.lng, lat: location.lat }, fix) : null;
  const groups = photoGroups(history.data?.value ?? []);
  const pending = items.find((i) => i.kind === 'action' && i.caseId === id);
  const actions = c.actions.filter(phoneAction);
  const current = actions.find((a) => a.action === acting) ?? null;

  return (
    <main className="m-page" data-testid="task-screen" data-state={c.state} data-version={c.version}>
      {!detail.data?.fresh && (
        <div className="m-banner" data-kind="info">
          <span>
            {t('mobile.savedCopy', {
              time: formatInstant(new Date(detail.data?.savedAt ?? 0).toISOString(), undefined, 'MM-DD HH:mm'),
            })}
          </span>
        </div>
      )}
      <section className="m-card">
        <h2>{category ? (locale === 'en-US' ? category.nameEn : category.nameZh) : c.number}</h2>
        <div className="m-muted">
          {c.number} · <span className="m-tag">{c.stateName}</span>
        </div>
        <p style={{ margin: '8px 0 0' }}>{caseDescription(c.data, history.data?.value)}</p>
      </section>
      <section className="m-card" data-testid="task-location">
        <div className="m-loc">
          <EnvironmentOutlined className="m-loc-ico" />
          <div className="m-loc-main">
            {location ? (
              <>
                <div
                  style={{ fontWeight: 600 }}
                  data-testid="task-distance"
                  data-m={distance === null ? '' : Math.round(distance)}
                >
                  {distance === null
                    ? fix
                      ? ''
                      : t('mobile.gpsLocating')
                    : t(formatDistance(distance).unit === 'm' ? 'mobile.distanceM' : 'mobile.distanceKm', {
                        value: formatDistance(distance).value,
                      })}
                </div>
                <div className="m-muted">
                  {location.address ? `${location.address} · ` : ''}
                  {formatCoord(location.lat)}, {formatCoord(location.lng)}
                </div>
                {distance !== null && distance > ON_SITE_M && (
                  <div className="m-muted" style={{ color: 'var(--m-warn)' }}>
                    {t('mobile.notOnSite')}
                  </div>
                )}
              </>
            ) : (
              <div className="m-muted">{t('mobile.noCaseLocation')}</div>
            )}
          </div>
        </div>
      </section>
      {groups.length > 0 && (
        <section className="m-card" data-testid="task-photos">
          {groups.map((g) => (
            <div key={g.entryId} style={{ marginBottom: 8 }}>
              <div className="m-muted">
                {g.actionName} · {g.actorName}
              </div>
              <div className="m-photos">
                {g.attachments.map((a) => (
                  <div className="m-photo" key={a}>
                    <img src={attachmentThumbnail(a)} alt={g.actionName} loading="lazy" />
                  </div>
                ))}
              </div>
            </div>
          ))}
          {!online && <div className="m-muted">{t('mobile.photosOnline')}</div>}
        </section>
      )}
      {pending ? (
        <div className="m-banner" data-kind="info" data-testid="task-submitted">
          <span>{t('mobile.resultWaiting', { action: pending.kind === 'action' ? pending.actionName : '' })}</span>
        </div>
      ) : current ? (
        <ActionForm key={current.action} me={me} detail={c} action={current} onCancel={() => setActing(null)} />
      ) : actions.length ? (
        <div className="m-segment" style={{ flexWrap: 'wrap' }}>
          {actions.map((a) => (
            <button
              key={a.action}
              type="button"
              className="m-btn"
              data-kind={a.action.endsWith('-refute') || a.action.endsWith('-fail') ? undefined : 'primary'}
              data-testid={`task-action-${a.action}`}
              style={{ flex: '1 1 40%' }}
              onClick={() => setActing(a.action)}
            >
              {a.name}
            </button>
          ))}
        </div>
      ) : (
        <div className="m-muted" style={{ textAlign: 'center' }}>
          {c.actions.length ? t('mobile.actionsOnDesktop') : t('mobile.noActions')}
        </div>
      )}
    </main>
  );
}

function ActionForm({
  me,
  detail,
  action,
  onCancel,
}: {
  me: Me;
  detail: CaseDetail;
  action: AvailableAction;
  onCancel: () => void;
}) {
  const t = useT();
  const navigate = useNavigate();
  const online = useOnline();
  const { fix } = usePosition();
  const [photos, setPhotos] = useState<DraftPhoto[]>([]);
  const [values, setValues] = useState<Record<string, unknown>>({});
  const [saving, setSaving] = useState(false);
  const problem = actionProblem(action, values, photos.length, fix);
  const set = (name: string, value: unknown) => setValues((v) => ({ ...v, [name]: value }));

  const submit = async () => {
    setSaving(true);
    try {
      await enqueue(
        {
          kind: 'action',
          account: me.account.id,
          title: action.name,
          caseId: detail.id,
          caseNumber: detail.number,
          action: action.action,
          actionName: action.name,
          ownerDivision: detail.divisionCode,
          body: {
            version: detail.version,
            ...(action.taskIds[0] ? { taskId: action.taskIds[0] } : {}),
            inputs: actionInputs(action, values, fix),
          },
        },
        photos.map((p) => p.photo),
      );
      for (const p of photos) URL.revokeObjectURL(p.url);
      toast(online ? t('mobile.savedSending') : t('mobile.savedOffline'));
      navigate('/tasks');
    } catch {
      toast(t('mobile.saveFailed'), 'error');
      setSaving(false);
    }
  };

  return (
    <section className="m-card m-field" data-testid="task-action-form" data-action={action.action}>
      <h2>{action.name}</h2>
      {action.attachments && (
        <div className="m-field">
          <span>
            {action.attachments.label || t('mobile.sitePhoto')}
            {action.attachments.min > 0 ? ` (${t('mobile.required')})` : ''}
          </span>
          <PhotoStrip
            photos={photos}
            onChange={setPhotos}
            max={action.attachments.max ?? 9}
            addLabel={t('mobile.sitePhoto')}
            data-testid="task-photos-input"
          />
        </div>
      )}
      {action.inputs.map((input) => {
        if (input.type === 'position')
          return (
            <div key={input.name} className="m-muted" data-testid="task-position">
              {input.label}: {fix ? `${formatCoord(fix.lat)}, ${formatCoord(fix.lon)}` : t('mobile.gpsLocating')}
            </div>
          );
        if (input.type === 'choice' && input.options)
          return (
            <div key={input.name} className="m-field">
              <span>{input.label}</span>
              <div className="m-chips">
                {input.options.map((o) => (
                  <button
                    key={o.value}
                    type="button"
                    className="m-chip"
                    aria-pressed={values[input.name] === o.value}
                    onClick={() => set(input.name, o.value)}
                  >
                    {o.label}
                  </button>
                ))}
              </div>
            </div>
          );
        if (input.type === 'boolean')
          return (
            <button
              key={input.name}
              type="button"
              className="m-chip"
              aria-pressed={values[input.name] === true}
              onClick={() => set(input.name, values[input.name] !== true)}
            >
              {input.label}
            </button>
          );
        const label = `${input.label}${input.required ? ` (${t('mobile.required')})` : ''}`;
        if (input.type === 'number')
          return (
            <label key={input.name} className="m-field">
              <span>{label}</span>
              <input
                className="m-input"
                inputMode="decimal"
                value={String(values[input.name] ?? '')}
                onChange={(e) => set(input.name, e.target.value === '' ? undefined : Number(e.target.value))}
              />
            </label>
          );
        return (
          <label key={input.name} className="m-field">
            <span>{label}</span>
            <textarea
              className="m-textarea"
              data-testid={`task-input-${input.name}`}
              maxLength={input.max}
              value={String(values[input.name] ?? '')}
              onChange={(e) => set(input.name, e.target.value)}
            />
          </label>
        );
      })}
      {problem && (
        <div className="m-muted">
          {problem === 'photos'
            ? t('mobile.needSitePhoto', { min: action.attachments?.min ?? 1 })
            : problem === 'position'
              ? t('mobile.needPosition')
              : t('mobile.needInput', { label: problem.input })}
        </div>
      )}
      <div className="m-segment">
        <button type="button" className="m-btn" onClick={onCancel}>
          {t('mobile.cancel')}
        </button>
        <button
          type="button"
          className="m-btn"
          data-kind="primary"
          data-testid="task-submit"
          disabled={Boolean(problem) || saving}
          onClick={() => void submit()}
        >
          {t('mobile.submit')}
        </button>
      </div>
    </section>
  );
}
