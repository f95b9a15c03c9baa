import { useState } from 'react';
import { Link } from 'react-router';
import { formatInstant, type MessageKey, useT } from '../../locales';
import type { OutboxItem } from '../offline/outbox-types';
import { appOutbox, flushOutbox, useOutbox } from '../offline/runtime';
import { useSession } from '../session';
import { toast } from '../ui/toast';
import { useOnline } from '../ui/use-online';

const KIND_LABEL: Record<OutboxItem['kind'], MessageKey> = {
  report: 'mobile.kindReport',
  action: 'mobile.kindAction',
  'patrol-start': 'mobile.kindPatrolStart',
  'patrol-points': 'mobile.kindPatrolPoints',
  'patrol-end': 'mobile.kindPatrolEnd',
};

const time = (iso: string) => formatInstant(iso, undefined, 'MM-DD HH:mm');

function ItemRow({ item, sending, mine }: { item: OutboxItem; sending: boolean; mine: boolean }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const state = sending ? 'sending' : item.state;
  const tone =
    state === 'attention' ? 'danger' : state === 'signin' ? 'warn' : state === 'sending' ? 'primary' : undefined;
  const stateLabel: Record<typeof state, MessageKey> = {
    waiting: 'mobile.stateWaiting',
    sending: 'mobile.stateSending',
    attention: 'mobile.stateAttention',
    signin: 'mobile.stateSignin',
  };
  const kindLabel =
    item.kind === 'report' && item.body.action === 'self-resolve' ? t('mobile.selfResolve') : t(KIND_LABEL[item.kind]);
  const retryAt =
    item.state === 'waiting' && item.nextAttemptAt > Date.now()
      ? formatInstant(new Date(item.nextAttemptAt).toISOString(), undefined, 'HH:mm:ss')
      : null;

  return (
    <li
      data-testid="outbox-item"
      data-id={item.id}
      data-state={state}
      data-kind={item.kind}
      data-attempts={item.attempts}
    >
      <div className="m-row" style={{ alignItems: 'flex-start' }}>
        <div className="m-row-main">
          <div className="m-row-title">
            {item.kind === 'action' ? `${item.actionName} · ${item.caseNumber ?? ''}` : item.title}
          </div>
          <div className="m-row-sub">
            {kindLabel} · {time(item.createdAt)}
            {item.photos.length > 0 && ` · ${t('mobile.photosCount', { count: item.photos.length })}`}
            {item.kind === 'patrol-points' && ` · ${t('mobile.pointsCount', { count: item.points.length })}`}
          </div>
          {item.error && item.state !== 'waiting' && (
            <div className="m-row-sub" style={{ color: 'var(--m-danger)' }} data-testid="outbox-error">
              {item.error.message || item.error.code}
            </div>
          )}
          {item.state === 'waiting' && item.attempts > 0 && (
            <div className="m-row-sub">
              {item.error?.status ? t('mobile.serverBusy', { status: item.error.status }) : t('mobile.noConnection')}
              {retryAt && ` · ${t('mobile.retryAt', { time: retryAt })}`}
            </div>
          )}
          {!mine && <div className="m-row-sub">{t('mobile.otherAccount')}</div>}
        </div>
        <span className="m-tag" data-tone={tone}>
          {t(stateLabel[state])}
        </span>
      </div>
      {mine && item.state === 'attention' && !sending && (
        <div className="m-segment" style={{ padding: '0 14px 12px' }}>
          {item.kind === 'report' && (
            <Link className="m-btn" to={`/report?edit=${item.id}`} data-testid="outbox-edit">
              {t('mobile.edit')}
            </Link>
          )}
          <button
            type="button"
            className="m-btn"
            data-testid="outbox-retry"
            onClick={async () => {
              await (await appOutbox()).revise(item.id);
              void flushOutbox();
            }}
          >
            {t('mobile.retry')}
          </button>
          <button
            type="button"
            className="m-btn"
            data-kind="danger"
            data-testid="outbox-discard"
            onClick={async () => {
              if (!confirming) {
                setConfirming(true);
                return;
              }
              try {
                await (await appOutbox()).discard(item.id);
              } catch {
                toast(t('mobile.busySending'), 'error');
              }
            }}
          >
            {confirming ? t('mobile.confirmDiscard') : t('mobile.discard')}
          </button>
        </div>
      )}
    </li>
  );
}

/** 待发送: everything still on the device with its state, the server's word on what it refused, and what went lately. */
export function OutboxScreen() {
  const t = useT();
  const { user, status } = useSession();
  const online = useOnline();
  const { items, sent, inFlight, loaded } = useOutbox();
  const account = user?.account.id;
  const mineSent = sent.filter((s) => s.account === account);

  return (
    <main className="m-page" data-testid="outbox-screen" data-count={items.filter((i) => i.account === account).length}>
      <div className="m-segment" style={{ alignItems: 'center' }}>
        <h2 style={{ margin: 0, flex: 1 }}>{t('mobile.outbox')}</h2>
        <button
          type="button"
          className="m-btn"
          data-testid="outbox-send-now"
          disabled={!online || status === 'expired' || items.length === 0}
          onClick={async () => {
            if (account) await (await appOutbox()).wake(account);
            void flushOutbox();
          }}
        >
          {t('mobile.sendNow')}
        </button>
      </div>
      {!online && items.length > 0 && (
        <div className="m-banner" data-kind="info">
          <span>{t('mobile.outboxOfflineHint')}</span>
        </div>
      )}
      {loaded && items.length === 0 ? (
        <div className="m-empty" data-testid="outbox-empty">
          {t('mobile.outboxEmpty')}
        </div>
      ) : (
        <ul className="m-list" data-testid="outbox-list">
          {items.map((item) => (
            <ItemRow key={item.id} item={item} sending={inFlight === item.id} mine={item.account === account} />
          ))}
        </ul>
      )}
      {mineSent.length > 0 && (
        <>
          <h2 style={{ margin: '8px 0 0', fontSize: 16 }}>{t('mobile.recentlySent')}</h2>
          <ul className="m-list" data-testid="sent-list">
            {mineSent.map((s) => (
              <li
                key={s.id}
                data-testid="sent-item"
                data-case-id={s.caseId ?? ''}
                data-case-number={s.caseNumber ?? ''}
              >
                {s.caseId ? (
                  <Link className="m-row" to={`/tasks/${s.caseId}`}>
                    <SentRow title={s.title} number={s.caseNumber} at={s.sentAt} />
                  </Link>
                ) : (
                  <div className="m-row">
                    <SentRow title={s.title} number={null} at={s.sentAt} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </main>
  );
}

function SentRow({ title, number, at }: { title: string; number: string | null; at: number }) {
  const t = useT();
  return (
    <>
      <span className="m-row-main">
        <span className="m-row-title">{title}</span>
        <span className="m-row-sub">
          {number ? `${number} · ` : ''}
          {time(new Date(at).toISOString())}
        </span>
      </span>
      <span className="m-tag" data-tone="ok">
        {t('mobile.stateSent')}
      </span>
    </>
  );
}
