import { Button, Input } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/errors';
import { type MessageKey, useT } from '../../locales';
import { ErrorAlert } from '../errors';
import { rateReport, type Satisfaction, type Tracked } from '../portal-api';

const CHOICES: [Satisfaction, MessageKey][] = [
  ['satisfied', 'portal.satisfied'],
  ['basically', 'portal.basically'],
  ['dissatisfied', 'portal.dissatisfied'],
];

/** 满意度: the resident's rating, recorded as the case's 回访 with their words. */
export function RatingForm({
  code,
  onRated,
  onStale,
}: {
  code: string;
  onRated: (view: Tracked) => void;
  /** The case moved on meanwhile (rated elsewhere, reopened): the view is asked again. */
  onStale: () => void;
}) {
  const t = useT();
  const [choice, setChoice] = useState<Satisfaction | null>(null);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [sending, setSending] = useState(false);

  const send = async () => {
    if (!choice) {
      setMissing(true);
      return;
    }
    setSending(true);
    setFailure(null);
    try {
      onRated(await rateReport(code, { satisfaction: choice, ...(comment.trim() ? { comment: comment.trim() } : {}) }));
    } catch (error) {
      setFailure(error);
      if (error instanceof ApiError && error.status === 409) onStale();
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="portal-card" aria-labelledby="rate-title" data-testid="rating-form">
      <h2 id="rate-title">{t('portal.rateTitle')}</h2>
      <fieldset className="portal-fieldset">
        <legend className="portal-help">{t('portal.rateHelp')}</legend>
        <div className="portal-rating">
          {CHOICES.map(([value, label]) => (
            <button
              key={value}
              type="button"
              aria-pressed={choice === value}
              onClick={() => {
                setChoice(value);
                setMissing(false);
              }}
              data-testid={`rate-${value}`}
            >
              {t(label)}
            </button>
          ))}
        </div>
      </fieldset>
      {missing && (
        <div className="portal-field-error" role="alert">
          {t('portal.rateRequired')}
        </div>
      )}
      {choice === 'dissatisfied' && <p className="portal-help">{t('portal.dissatisfiedNote')}</p>}
      <div className="portal-stack" style={{ gap: 4, marginTop: 12 }}>
        <label htmlFor="rate-comment">{t('portal.rateComment')}</label>
        <Input.TextArea
          id="rate-comment"
          size="large"
          maxLength={1000}
          autoSize={{ minRows: 2, maxRows: 6 }}
          placeholder={t('portal.rateCommentPlaceholder')}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          data-testid="rate-comment"
        />
      </div>
      {failure !== null && (
        <div style={{ marginTop: 12 }}>
          <ErrorAlert error={failure} data-testid="rate-error" />
        </div>
      )}
      <Button
        type="primary"
        size="large"
        block
        loading={sending}
        onClick={() => void send()}
        style={{ marginTop: 12 }}
        data-testid="rate-submit"
      >
        {t('portal.rateSubmit')}
      </Button>
    </section>
  );
}
