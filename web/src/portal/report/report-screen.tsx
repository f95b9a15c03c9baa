import { Button, Input, Switch } from 'antd';
import { type ReactNode, useRef, useState } from 'react';
import { ApiError } from '../../api/errors';
import { useApiQuery } from '../../api/use-api-query';
// The file, not the feature's index: that brings the configuration screens (tables, selects) along.
import { newIdempotencyKey } from '../../features/config/idempotency';
import { useLocale, useT } from '../../locales';
import { readAnswer } from '../challenge';
import { ErrorAlert } from '../errors';
import { Loading } from '../layout';
import { rememberReport } from '../my-reports';
import { fetchCategories, type NewReport, type ReportCreated, submitReport } from '../portal-api';
import { Themed } from '../themed';
import { CategoryField } from './category-field';
import { ChallengeField, useChallenge } from './challenge-field';
import { LocationField, type Place } from './location-field';
import { PhotoField } from './photo-field';
import { ReportDone } from './report-done';
import { usePhotoUploads } from './use-photo-uploads';

const DESCRIPTION_MAX = 2000;
const PHONE = /^[0-9+\- ]{5,20}$/;

type Field = 'location' | 'category' | 'description' | 'phone' | 'challenge';
/** In the order of the form: the first one wrong is where the screen scrolls. */
const FIELDS: Field[] = ['location', 'category', 'description', 'phone', 'challenge'];

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="portal-card" id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

/** 我要反映. A new report after one is sent starts from a fresh form (and a fresh upload token). */
export function ReportScreen() {
  const [round, setRound] = useState(0);
  return (
    <Themed>
      <ReportForm key={round} onAnother={() => setRound((r) => r + 1)} />
    </Themed>
  );
}

function ReportForm({ onAnother }: { onAnother: () => void }) {
  const t = useT();
  const locale = useLocale();
  const photos = usePhotoUploads();
  const categories = useApiQuery(`portal-categories:${locale}`, fetchCategories);
  const challenge = useChallenge();
  const [place, setPlace] = useState<Place | null>(null);
  const [address, setAddress] = useState('');
  const [category, setCategory] = useState<{ code: string; name: string }>({ code: '', name: '' });
  const [description, setDescription] = useState('');
  const [anonymous, setAnonymous] = useState(true);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [answer, setAnswer] = useState('');
  const [invalid, setInvalid] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [created, setCreated] = useState<ReportCreated | null>(null);
  // One key until the report is in: whatever is retried or changed meanwhile, the server files it once.
  const key = useRef(newIdempotencyKey());

  if (created) return <ReportDone created={created} onAnother={onAnother} />;

  const check = (): Partial<Record<Field, string>> => {
    const wrong: Partial<Record<Field, string>> = {};
    if (!place) wrong.location = t('portal.locationRequired');
    if (!category.code) wrong.category = t('portal.categoryRequired');
    if (description.trim().length < 2) wrong.description = t('portal.descriptionRequired');
    if (!anonymous && phone.trim() && !PHONE.test(phone.trim())) wrong.phone = t('portal.phoneInvalid');
    if (!answer.trim() || !challenge.challenge) wrong.challenge = t('portal.challengeRequired');
    return wrong;
  };

  const submit = async () => {
    const wrong = check();
    setInvalid(wrong);
    const first = FIELDS.find((f) => wrong[f]);
    if (first) {
      document.getElementById(`report-${first}`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      return;
    }
    if (!place || !challenge.challenge) return;
    const contact = anonymous
      ? undefined
      : { ...(name.trim() ? { name: name.trim() } : {}), ...(phone.trim() ? { phone: phone.trim() } : {}) };
    const body: NewReport = {
      location: {
        lng: place.lng,
        lat: place.lat,
        crs: 'wgs84',
        ...(address.trim() ? { address: address.trim() } : {}),
      },
      category: category.code,
      description: description.trim(),
      anonymous,
      ...(contact && Object.keys(contact).length ? { contact } : {}),
      challenge: { token: challenge.challenge.token, answer: readAnswer(answer) },
      ...(photos.attached ? { photos: photos.attached } : {}),
    };
    setSubmitting(true);
    setFailure(null);
    try {
      const done = await submitReport(body, key.current);
      rememberReport({
        code: done.code,
        reportedAt: new Date().toISOString(),
        category: category.name || null,
        status: done.status.name,
      });
      window.scrollTo({ top: 0 });
      setCreated(done);
    } catch (error) {
      setFailure(error);
      // A wrong, expired or used question cannot be answered again: the resident gets a new one.
      if (error instanceof ApiError && error.code.startsWith('PORTAL_CHALLENGE_')) {
        setAnswer('');
        challenge.renew();
      }
    } finally {
      setSubmitting(false);
    }
  };

  const lostAnswer = failure instanceof ApiError && failure.status === 0;
  // A field said to be wrong stops saying so as soon as it is put right, before the next try.
  const wrongNow = Object.keys(invalid).length > 0 ? check() : {};
  const shown = (f: Field) => (invalid[f] && wrongNow[f]) || null;

  return (
    <form
      data-testid="report-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h1>{t('portal.reportTitle')}</h1>

      <Section id="report-photos-section" title={t('portal.stepPhotos')}>
        <p className="portal-help">{t('portal.photosHelp')}</p>
        <PhotoField photos={photos} />
      </Section>

      <Section id="report-location" title={t('portal.stepLocation')}>
        <LocationField
          place={place}
          onPlace={setPlace}
          address={address}
          onAddress={setAddress}
          error={shown('location')}
        />
      </Section>

      <Section id="report-category" title={t('portal.stepCategory')}>
        {categories.error && <ErrorAlert error={categories.error} onRetry={categories.reload} />}
        {categories.loading && !categories.data && <Loading />}
        {categories.data && (
          <CategoryField
            classes={categories.data.classes}
            value={category.code}
            onChange={(code, categoryName) => setCategory({ code, name: categoryName })}
            error={shown('category')}
          />
        )}
      </Section>

      <Section id="report-description" title={t('portal.stepDescription')}>
        <Input.TextArea
          size="large"
          aria-label={t('portal.stepDescription')}
          autoSize={{ minRows: 4, maxRows: 10 }}
          maxLength={DESCRIPTION_MAX}
          placeholder={t('portal.descriptionPlaceholder')}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          data-testid="report-description"
        />
        <div className="portal-muted" style={{ textAlign: 'right' }}>
          {t('portal.descriptionCount', { count: description.length, max: DESCRIPTION_MAX })}
        </div>
        {shown('description') && (
          <div className="portal-field-error" role="alert">
            {shown('description')}
          </div>
        )}
      </Section>

      <Section id="report-phone" title={t('portal.stepContact')}>
        <div className="portal-row" style={{ justifyContent: 'space-between', flexWrap: 'nowrap' }}>
          <label htmlFor="report-anonymous" style={{ fontWeight: 600 }}>
            {t('portal.anonymous')}
          </label>
          <Switch id="report-anonymous" checked={anonymous} onChange={setAnonymous} data-testid="report-anonymous" />
        </div>
        <p className="portal-help">{t(anonymous ? 'portal.anonymousOn' : 'portal.anonymousOff')}</p>
        {!anonymous && (
          <div className="portal-stack">
            <Input
              size="large"
              maxLength={50}
              autoComplete="name"
              aria-label={t('portal.contactName')}
              placeholder={t('portal.contactName')}
              value={name}
              onChange={(e) => setName(e.target.value)}
              data-testid="report-contact-name"
            />
            <Input
              size="large"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              maxLength={20}
              aria-label={t('portal.contactPhone')}
              placeholder={t('portal.contactPhone')}
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              status={shown('phone') ? 'error' : undefined}
              data-testid="report-contact-phone"
            />
            {shown('phone') && (
              <div className="portal-field-error" role="alert">
                {shown('phone')}
              </div>
            )}
          </div>
        )}
      </Section>

      <Section id="report-challenge" title={t('portal.stepChallenge')}>
        <ChallengeField state={challenge} answer={answer} onAnswer={setAnswer} error={shown('challenge')} />
      </Section>

      <div className="portal-stack">
        {FIELDS.some(shown) && (
          <p className="portal-field-error" style={{ margin: 0 }}>
            {t('portal.fixFields')}
          </p>
        )}
        {failure !== null && <ErrorAlert error={failure} data-testid="report-error" />}
        {lostAnswer && <p className="portal-help">{t('portal.submitNetworkHint')}</p>}
        {photos.busy && <p className="portal-help">{t('portal.photosBusy')}</p>}
        <Button
          type="primary"
          size="large"
          htmlType="submit"
          block
          loading={submitting}
          disabled={photos.busy}
          style={{ height: 64, fontSize: 22 }}
          data-testid="report-submit"
        >
          {t(submitting ? 'portal.submitting' : lostAnswer ? 'portal.submitAgain' : 'portal.submit')}
        </Button>
      </div>
    </form>
  );
}
