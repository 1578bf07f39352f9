import { describe, expect, it } from 'vitest';
import { orderTypeInput, type OrderType } from '../contracts.ts';
import { addTags, bareMessage, checkDraft, emptyDraft, formPath, minutesText, newFieldDraft, parseTags, toDraft, toInput } from './order-types.ts';

const meterChange: OrderType = {
  code: 'meter_change',
  name: 'Cambio de medidor',
  defaultPriority: 'normal',
  responseMinutes: 2880,
  resolutionMinutes: 7200,
  requiredSkills: ['metering'],
  requiredEquipment: ['ladder'],
  durationMinutes: 60,
  completionFields: [
    { key: 'old_reading', label: 'Lectura anterior', kind: 'number', required: true },
    { key: 'new_serial', label: 'Serie nueva', kind: 'text', required: true, pattern: '^[0-9]{8}$' },
  ],
  active: true,
};

describe('order-type editor model', () => {
  it('round-trips a type through the form into a body the server schema accepts', () => {
    const body = toInput(toDraft(meterChange));
    expect(orderTypeInput.parse(body)).toEqual(body);
    const { code: _code, ...rest } = meterChange;
    expect(body).toEqual(rest);
  });

  it('drops an empty pattern, and any pattern on a field that is not text', () => {
    const d = toDraft(meterChange);
    d.completionFields[1]!.pattern = '  ';
    d.completionFields[0]!.pattern = '^\\d+$';
    const body = toInput(d);
    expect(body.completionFields[1]).not.toHaveProperty('pattern');
    expect(body.completionFields[0]).not.toHaveProperty('pattern');
  });

  it('sends numbers as typed: text that is not a whole number becomes NaN for the checks to catch', () => {
    const d = { ...toDraft(meterChange), responseMinutes: ' 90 ', durationMinutes: '1.5' };
    expect(toInput(d).responseMinutes).toBe(90);
    expect(Number.isNaN(toInput(d).durationMinutes)).toBe(true);
  });

  it('finds what a person gets wrong while typing, by the paths the server uses', () => {
    const d = emptyDraft();
    d.code = 'poda de árboles';
    d.responseMinutes = '0';
    d.durationMinutes = 'una hora';
    d.requiredSkills = ['trees', 'bad tag'];
    d.completionFields = [
      newFieldDraft({ key: 'photo', label: 'Foto' }),
      newFieldDraft({ key: 'photo', label: '' }),
      newFieldDraft({ key: 'Serie', label: 'Serie', pattern: '([' }),
    ];
    expect(checkDraft(d, { isNew: true, codes: [] })).toEqual({
      code: 'slug',
      name: 'required',
      responseMinutes: 'positive',
      durationMinutes: 'wholeNumber',
      'requiredSkills.1': 'tag',
      'completionFields.1.key': 'duplicateKey',
      'completionFields.1.label': 'required',
      'completionFields.2.key': 'fieldKey',
      'completionFields.2.pattern': 'pattern',
    });
  });

  it('refuses a new code already in the catalogue and a resolution due before the response', () => {
    const d = { ...toDraft(meterChange), resolutionMinutes: '60' };
    expect(checkDraft(d, { isNew: true, codes: ['meter_change'] })).toEqual({ code: 'duplicateCode', resolutionMinutes: 'resolutionBeforeResponse' });
    // an existing type keeps its code: not checked
    expect(checkDraft({ ...toDraft(meterChange) }, { isNew: false, codes: ['meter_change'] })).toEqual({});
  });

  it('places a server 400 at the input it names', () => {
    expect(formPath('completionFields.2.key')).toBe('completionFields.2.key');
    expect(formPath('completionFields')).toBe('completionFields');
    expect(formPath('completionFields.2')).toBe('completionFields');
    expect(formPath('requiredSkills.0')).toBe('requiredSkills.0');
    expect(formPath('responseMinutes')).toBe('responseMinutes');
    expect(formPath('code')).toBe('code');
    expect(formPath(null)).toBe('general');
    expect(formPath('whatever')).toBe('general');
    expect(bareMessage('responseMinutes: Too big: expected number to be <=525600')).toBe('Too big: expected number to be <=525600');
  });

  it('reads tags typed with commas or spaces, without repeats', () => {
    expect(parseTags(' ladder, bucket_truck;gloves  ')).toEqual(['ladder', 'bucket_truck', 'gloves']);
    expect(addTags(['ladder'], 'ladder chainsaw')).toEqual(['ladder', 'chainsaw']);
  });

  it('reads minutes back as days, hours and minutes', () => {
    expect(minutesText('1500')).toBe('1 d 1 h');
    expect(minutesText('45')).toBe('45 min');
    expect(minutesText('x')).toBe('');
  });
});
