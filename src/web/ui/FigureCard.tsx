import { Card, Statistic } from 'antd';
import type { ReactNode } from 'react';
import { useFormat } from '../i18n/useFormat.ts';

type Props = { title: string; value: number; note?: ReactNode; testId?: string };

/** A headline figure in the reader's digits. */
export function FigureCard({ title, value, note, testId }: Props) {
  const fmt = useFormat();
  return (
    <Card size="small" style={{ height: '100%' }} data-testid={testId}>
      <Statistic title={title} value={value} formatter={(v) => fmt.number(Number(v))} />
      {note && <div style={{ color: 'rgba(0,0,0,0.65)', fontSize: 13, marginBlockStart: 4 }}>{note}</div>}
    </Card>
  );
}
