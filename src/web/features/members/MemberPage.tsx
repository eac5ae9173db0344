import { DownOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Dropdown, Flex, Space, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate, useParams } from 'react-router';
import { useFormat } from '../../i18n/useFormat.ts';
import { useLabels } from '../../i18n/useLabels.ts';
import { ButtonLink } from '../../ui/ButtonLink.tsx';
import { ErrorAlert } from '../../ui/ErrorAlert.tsx';
import { PageSpinner } from '../../ui/PageSpinner.tsx';
import { usePageTitle } from '../../ui/usePageTitle.ts';
import { useCan } from '../auth/session.ts';
import { isUnderWay, useMemberTransfers } from '../transfers/transfers.api.ts';
import { eventsFor, isExit, isReinstatable, latestStandingEvent } from './memberEvents.ts';
import { useMember, useTimeline } from './members.api.ts';

/** One member: who and where, then the profile, the history and the log as tabs with their own addresses. */
export function MemberPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const navigate = useNavigate();
  const location = useLocation();
  const memberId = Number(useParams().memberId);
  const canEdit = useCan('members.write');
  const canAudit = useCan('audit.read');
  const record = useMember(memberId);
  const m = record.data?.member;
  // Whether a member no longer active may be reinstated depends on how they left.
  const timeline = useTimeline(memberId, canEdit && !!m && !m.membership);
  const transfers = useMemberTransfers(memberId);
  usePageTitle(m?.fullName);

  if (record.isError) return <ErrorAlert error={record.error} onRetry={() => void record.refetch()} />;
  if (!m) return <PageSpinner />;

  const base = `/members/${memberId}`;
  const reinstatable = !m.membership && isReinstatable(latestStandingEvent(timeline.data?.events ?? []));
  const underWay = transfers.data?.find(isUnderWay);
  const actions = m.membership ? [
    { key: 'transfer', label: t('ui.transfers.form.action') },
    ...eventsFor(m.membership.status).map((kind) => ({ key: `record/${kind}`, label: t(`ui.memberEvent.${kind}.action`), danger: isExit(kind) })),
    ...(m.membership.status === 'official' ? [{ key: 'badge', label: t('ui.badges.award') }] : []),
    { key: 'exemption', label: t('ui.exemption.action') },
  ] : reinstatable ? [{ key: 'record/reinstated', label: t('ui.memberEvent.reinstated.action') }] : [];
  const tab = location.pathname.endsWith('/timeline') ? 'timeline' : location.pathname.endsWith('/audit') ? 'audit' : 'profile';
  return (
    <article aria-labelledby="member-title">
      <Flex wrap justify="space-between" align="flex-start" gap={16}>
        <div>
          <Typography.Title level={1} id="member-title" style={{ fontSize: 24, margin: 0 }}><bdi>{m.fullName}</bdi></Typography.Title>
          <Space wrap size={4} style={{ marginBlockStart: 8 }}>
            {m.membership ? (
              <>
                <Tag color={m.membership.status === 'official' ? 'red' : 'blue'}>{labels.enumValue('status', m.membership.status)}</Tag>
                <Link to={`/units/${m.membership.unitId}`}><bdi>{m.membership.unitName}</bdi></Link>
                <Typography.Text type="secondary">· {t('ui.member.since')} {fmt.date(m.membership.since)}</Typography.Text>
              </>
            ) : (
              <Tag>{t('ui.member.notActive')}</Tag>
            )}
            {underWay && (
              <Link to={`${base}/timeline`} data-testid="transfer-under-way">
                <Tag color="geekblue">{t('ui.transfers.underWay', { unit: underWay.toUnit?.name ?? underWay.destination ?? '' })}</Tag>
              </Link>
            )}
          </Space>
        </div>
        {canEdit && (
          <Space wrap>
            <ButtonLink to={`${base}/edit`} type="primary" icon={<EditOutlined />}>{t('ui.member.edit')}</ButtonLink>
            {actions.length > 0 && (
              <Dropdown trigger={['click']} menu={{ items: actions, onClick: ({ key }) => void navigate(`${base}/${key}`) }}>
                <Button data-testid="member-actions">{t('ui.unitForm.actions')} <DownOutlined aria-hidden /></Button>
              </Dropdown>
            )}
          </Space>
        )}
      </Flex>
      <Tabs
        activeKey={tab}
        onChange={(key) => void navigate(key === 'profile' ? base : `${base}/${key}`)}
        items={[
          { key: 'profile', label: t('ui.member.profile') },
          { key: 'timeline', label: t('ui.member.timeline') },
          ...(canAudit ? [{ key: 'audit', label: t('ui.member.audit') }] : []),
        ]}
        style={{ marginBlockStart: 8 }}
      />
      <Outlet />
    </article>
  );
}
