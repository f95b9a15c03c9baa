import { ReloadOutlined } from '@ant-design/icons';
import { Button, Input, Spin } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocale, useT } from '../../locales';
import { ErrorAlert } from '../errors';
import { type Challenge, fetchChallenge } from '../portal-api';

/** The check question against bots: asked as the form opens, again on request or after it was used up. */
export function useChallenge() {
  const [challenge, setChallenge] = useState<Challenge | null>(null);
  const [error, setError] = useState<unknown>(null);
  const generation = useRef(0);
  const renew = useCallback(() => {
    const mine = ++generation.current;
    setChallenge(null);
    setError(null);
    fetchChallenge().then(
      (c) => {
        if (mine === generation.current) setChallenge(c);
      },
      (e: unknown) => {
        if (mine === generation.current) setError(e);
      },
    );
  }, []);
  useEffect(() => {
    renew();
  }, [renew]);
  return { challenge, error, renew };
}

export function ChallengeField({
  state,
  answer,
  onAnswer,
  error,
}: {
  state: ReturnType<typeof useChallenge>;
  answer: string;
  onAnswer: (a: string) => void;
  error: string | null;
}) {
  const t = useT();
  const locale = useLocale();
  const { challenge } = state;
  return (
    <div className="portal-stack">
      <p className="portal-help" style={{ margin: 0 }}>
        {t('portal.challengeHelp')}
      </p>
      {state.error !== null && <ErrorAlert error={state.error} onRetry={state.renew} />}
      {!challenge && state.error === null && (
        <span className="portal-row">
          <Spin size="small" /> {t('portal.challengeLoading')}
        </span>
      )}
      {challenge && (
        <div className="portal-row" style={{ flexWrap: 'nowrap' }}>
          <span
            id="challenge-question"
            data-testid="challenge-question"
            data-question={challenge.question}
            style={{ fontSize: 24, fontWeight: 600, whiteSpace: 'nowrap' }}
          >
            {locale === 'zh-CN' ? challenge.question : challenge.questionEn}
          </span>
          <Input
            size="large"
            inputMode="numeric"
            autoComplete="off"
            maxLength={10}
            aria-labelledby="challenge-question"
            aria-invalid={error ? true : undefined}
            placeholder={t('portal.challengeAnswerPlaceholder')}
            value={answer}
            onChange={(e) => onAnswer(e.target.value)}
            style={{ maxWidth: 140 }}
            data-testid="challenge-answer"
          />
        </div>
      )}
      <Button type="text" icon={<ReloadOutlined />} onClick={state.renew} style={{ alignSelf: 'flex-start' }}>
        {t('portal.challengeNew')}
      </Button>
      {error && (
        <div className="portal-field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
