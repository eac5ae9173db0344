import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, Row, Select } from 'antd';
import type { Rule } from 'antd/es/form';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../../i18n/useLocale.ts';
import { useUnitTypeList, type RestructureKind } from './restructure.api.ts';
import { UnitCodeField } from './UnitCodeField.tsx';
import { UnitCodesField } from './UnitCodesField.tsx';

/** `n`: the operation's number as the reader writes it. */
const CODE = /^\s*[A-Za-z0-9][A-Za-z0-9._-]{0,39}\s*$/;
/** A code field also takes a name to search by: its code is checked once the user leaves it. */
const SEARCHING = 'onBlur';

type Props = { name: number; kind: RestructureKind; n: string };
type FieldName = 'code' | 'name' | 'typeCode' | 'parent' | 'newParent' | 'units' | 'into' | 'unit' | 'newName' | 'splitUnit'
  | 'partInto' | 'children' | 'members' | 'level' | 'successorFrom' | 'successorTo';

/** A unit type chosen by its name in the reader's language; the operation keeps its code. */
function TypeSelect({ id, value, onChange }: { id?: string; value?: string; onChange?: (v: string) => void }) {
  const locale = useLocale();
  const types = useUnitTypeList();
  const options = [...(types.data ?? [])]
    .sort((a, b) => a.rank - b.rank)
    .map((type) => ({ value: type.code, label: type.names[locale] ?? type.names.vi ?? type.code }));
  return <Select id={id} value={value} onChange={onChange} options={options} loading={types.isPending} showSearch={{ optionFilterProp: 'label' }} />;
}

/**
 * The fields of one operation of a plan, by kind. Units are named by code (a unit that an earlier
 * operation creates is named by the code it will have); each code field also finds units by name.
 */
export function OperationFields({ name, kind, n }: Props) {
  const { t } = useTranslation();
  const label = (key: FieldName) => t(`ui.restructure.fields.${key}`);
  const required: Rule[] = [{ required: true, whitespace: true, message: t('ui.restructure.required') }];
  // A unit code as the API takes it (src/shared/schemas/units.ts), checked before the plan is sent.
  const format = { pattern: CODE, message: t('ui.restructure.codeFormat') };
  const aCode: Rule[] = [...required, format];
  const codes: Rule[] = [{ type: 'array', defaultField: format }];
  const someCodes: Rule[] = [{ required: true, type: 'array', min: 1, message: t('ui.restructure.required') }, ...codes];
  const code = (field: string, text: string, hint?: string) => (
    <Form.Item name={[name, field]} label={text} rules={aCode} extra={hint} validateTrigger={SEARCHING}>
      <UnitCodeField />
    </Form.Item>
  );
  const half = (node: ReactNode) => <Col xs={24} md={12}>{node}</Col>;

  switch (kind) {
    case 'create':
      return (
        <Row gutter={16}>
          {half(
            <Form.Item name={[name, 'code']} label={label('code')} rules={aCode}>
              <Input autoComplete="off" />
            </Form.Item>,
          )}
          {half(<Form.Item name={[name, 'name']} label={label('name')} rules={required}><Input autoComplete="off" /></Form.Item>)}
          {half(<Form.Item name={[name, 'typeCode']} label={label('typeCode')} rules={required}><TypeSelect /></Form.Item>)}
          {half(code('parent', label('parent')))}
        </Row>
      );
    case 'merge':
      return (
        <Row gutter={16}>
          {half(
            <Form.Item name={[name, 'units']} label={label('units')} rules={someCodes} extra={t('ui.restructure.codesHint')}>
              <UnitCodesField />
            </Form.Item>,
          )}
          {half(code('into', label('into'), t('ui.restructure.intoHint')))}
        </Row>
      );
    case 'move':
      return (
        <Row gutter={16}>
          {half(code('unit', label('unit')))}
          {half(code('parent', label('newParent')))}
        </Row>
      );
    case 'rename':
      return (
        <Row gutter={16}>
          {half(code('unit', label('unit')))}
          {half(<Form.Item name={[name, 'name']} label={label('newName')} rules={required}><Input autoComplete="off" /></Form.Item>)}
        </Row>
      );
    case 'close':
      return <Row gutter={16}>{half(code('unit', label('unit'), t('ui.restructure.closeHint')))}</Row>;
    case 'split':
      return (
        <>
          <Row gutter={16}>{half(code('unit', label('splitUnit')))}</Row>
          <Form.List name={[name, 'parts']}>
            {(parts, { add, remove }) => (
              <>
                {parts.map((part, p) => (
                  <Card
                    key={part.key}
                    size="small"
                    type="inner"
                    style={{ marginBlockEnd: 12 }}
                    title={<h4 style={{ fontSize: 14, margin: 0 }}>{t('ui.restructure.fields.part', { n: p + 1 })}</h4>}
                    extra={parts.length > 1 && (
                      <Button type="text" size="small" icon={<DeleteOutlined aria-hidden />} onClick={() => remove(part.name)}
                        aria-label={t('ui.restructure.fields.removePart', { n: p + 1, operation: n })} />
                    )}
                  >
                    <Row gutter={16}>
                      <Col xs={24} md={8}>
                        <Form.Item name={[part.name, 'into']} label={label('partInto')} rules={aCode} validateTrigger={SEARCHING}>
                          <UnitCodeField />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={8}>
                        <Form.Item name={[part.name, 'children']} label={label('children')} rules={codes}>
                          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', ' ', ';']} />
                        </Form.Item>
                      </Col>
                      <Col xs={24} md={8}>
                        <Form.Item name={[part.name, 'members']} label={label('members')}
                          rules={[{ type: 'array', defaultField: { pattern: /^\d+$/, message: t('ui.restructure.memberNumber') } }]}>
                          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', ' ', ';']} />
                        </Form.Item>
                      </Col>
                    </Row>
                  </Card>
                ))}
                <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ children: [], members: [] })} style={{ marginBlockEnd: 16 }}>
                  {t('ui.restructure.fields.addPart')}
                </Button>
              </>
            )}
          </Form.List>
        </>
      );
    case 'abolish_level':
      return (
        <>
          <Row gutter={16}>
            {half(
              <Form.Item name={[name, 'typeCode']} label={label('level')} rules={required} extra={t('ui.restructure.levelHint')}>
                <TypeSelect />
              </Form.Item>,
            )}
          </Row>
          <Form.List name={[name, 'successors']}>
            {(pairs, { add, remove }) => (
              <>
                {pairs.map((pair, p) => (
                  <Row gutter={16} key={pair.key} align="bottom" wrap={false}>
                    <Col flex="1 1 0" style={{ minWidth: 0 }}>
                      <Form.Item name={[pair.name, 'from']} label={label('successorFrom')} rules={aCode}><Input autoComplete="off" /></Form.Item>
                    </Col>
                    <Col flex="1 1 0" style={{ minWidth: 0 }}>
                      <Form.Item name={[pair.name, 'to']} label={label('successorTo')} rules={aCode} validateTrigger={SEARCHING}><UnitCodeField /></Form.Item>
                    </Col>
                    <Col flex="none">
                      <Form.Item>
                        <Button type="text" icon={<DeleteOutlined aria-hidden />} onClick={() => remove(pair.name)}
                          aria-label={t('ui.restructure.fields.removeSuccessor', { n: p + 1, operation: n })} />
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
                <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({})} style={{ marginBlockEnd: 16 }}>
                  {t('ui.restructure.fields.addSuccessor')}
                </Button>
              </>
            )}
          </Form.List>
        </>
      );
  }
}
