import { ArrowLeftOutlined, ArrowRightOutlined } from '@ant-design/icons';
import { Card, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { RTL_LOCALES } from '../../../shared/reference.ts';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLocale } from '../../i18n/useLocale.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { PlanEditor } from './PlanEditor.tsx';
import { stateColor, usePlan, type RestructureOperation } from './restructure.api.ts';
import { TotalsList } from './TotalsList.tsx';
import { useOperationText } from './useOperationText.ts';

/**
 * One restructure plan: its state, unit and date; a draft is edited, previewed and applied or
 * cancelled (PlanEditor); an applied plan shows what it did, and an applied or cancelled one
 * its operations, read only.
 */
export function PlanPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const locale = useLocale();
  const id = Number(useParams().id);
  const query = usePlan(id);
  const describe = useOperationText();
  // Reading the plan again after a refused save starts the editor afresh from what is stored.
  const [generation, setGeneration] = useState(0);
  const plan = query.data?.plan;
  usePageTitle(plan?.title ?? null);

  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  if (!query.data || !plan) return <PageSpinner />;
  const Back = RTL_LOCALES.has(locale) ? ArrowRightOutlined : ArrowLeftOutlined;
  const reload = () => void query.refetch().then(() => setGeneration((g) => g + 1));

  return (
    <article aria-labelledby="plan-title" style={{ minWidth: 0 }}>
      <ButtonLink to="/restructure" type="link" icon={<Back aria-hidden />} style={{ paddingInline: 0 }}>{t('ui.restructure.plan.back')}</ButtonLink>
      <Typography.Title level={1} id="plan-title" style={{ fontSize: 24, marginBlockStart: 8 }}>
        <bdi>{plan.title}</bdi>{' '}
        <Tag color={stateColor(plan.state)} style={{ verticalAlign: 'middle' }} data-testid="plan-state">{t(`ui.restructure.states.${plan.state}`)}</Tag>
      </Typography.Title>
      <Typography.Paragraph type="secondary" data-testid="plan-summary">
        {t('ui.restructure.plan.unit')} <Link to={`/units/${plan.unitId}`}><bdi>{plan.unitName}</bdi></Link>
        {' · '}<span data-testid="plan-date">{t('ui.restructure.plan.effective', { date: fmt.date(plan.effectiveOn) })}</span>
        {' · '}{t('ui.restructure.plan.createdBy', { name: plan.createdBy ?? t('ui.restructure.plan.system'), at: fmt.instant(plan.createdAt) })}
        {plan.appliedAt && <>{' · '}{t('ui.restructure.plan.appliedBy', { name: plan.appliedBy ?? t('ui.restructure.plan.system'), at: fmt.instant(plan.appliedAt) })}</>}
      </Typography.Paragraph>

      {plan.state === 'draft' ? (
        <PlanEditor key={`${plan.id}-${generation}`} record={query.data} onReload={reload} />
      ) : (
        <>
          {plan.outcome && (
            <Card size="small" style={{ marginBlockEnd: 16 }} title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.restructure.plan.outcome')}</h2>}>
              <TotalsList totals={plan.outcome} testId="plan-outcome" />
            </Card>
          )}
          <Card size="small" title={<h2 style={{ fontSize: 16, margin: 0 }}>{t('ui.restructure.plan.operations')}</h2>} data-testid="plan-operations">
            {plan.operations.length === 0 ? (
              <Typography.Text type="secondary">{t('ui.restructure.plan.noOperations')}</Typography.Text>
            ) : (
              // Numbered in the reader's digits (a list's own markers would be Latin in Arabic).
              <ul style={{ margin: 0, padding: 0, listStyle: 'none' }}>
                {(plan.operations as RestructureOperation[]).map((op, i) => (
                  <li key={i} style={{ paddingBlock: 2 }}>
                    <Typography.Text strong>{fmt.number(i + 1)}.</Typography.Text> {describe(op)}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </>
      )}
    </article>
  );
}
