/**
 * "Save anyway" in the entry forms (app/ui/confirmations.ts): which warnings show,
 * which stay ticked, and when a tick is withdrawn.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { afterAnswer, afterEdit, CONFIRM_FIELDS, isConfirmField, NO_CONFIRMATIONS, toggleConfirmation, type Confirmations } from '@/app/ui/confirmations';

const refused = (errors: Record<string, string[]>) => ({ status: 'error', errors });
const DUP = ['Possible duplicate: tick to save anyway.'];
const IMPLAUSIBLE = ['1500 units is 300 × the cut-off.', 'Above the assay\'s measuring range (200 units).'];

describe('Save anyway confirmations', () => {
  it('shows every warning the server raised, one line each, unticked', () => {
    const c = afterAnswer(NO_CONFIRMATIONS, refused({ allowImplausible: IMPLAUSIBLE, allowDuplicate: DUP, value: ['ignored here'] }));
    expect(c.warnings).toEqual({ allowDuplicate: DUP, allowImplausible: IMPLAUSIBLE });
    expect([...c.checked]).toEqual([]);
  });

  it('keeps a ticked warning the next answer did not raise again, so the next save sends both confirmations', () => {
    let c = afterAnswer(NO_CONFIRMATIONS, refused({ allowDuplicate: DUP }));
    c = toggleConfirmation(c, 'allowDuplicate', true);
    // The server accepted the duplicate and now asks about plausibility.
    c = afterAnswer(c, refused({ allowImplausible: IMPLAUSIBLE }));
    expect(c.warnings).toEqual({ allowDuplicate: DUP, allowImplausible: IMPLAUSIBLE });
    expect([...c.checked]).toEqual(['allowDuplicate']);
  });

  it('asks again when the server raises a ticked warning again, and drops an unticked warning it no longer raises', () => {
    let c = toggleConfirmation(afterAnswer(NO_CONFIRMATIONS, refused({ allowImplausible: IMPLAUSIBLE })), 'allowImplausible', true);
    c = afterAnswer(c, refused({ allowImplausible: ['Another reading.'] }));
    expect(c).toEqual({ warnings: { allowImplausible: ['Another reading.'] }, checked: new Set() });
    c = afterAnswer(c, refused({ collectedOn: ['Collection date cannot be after today.'] }));
    expect(c).toEqual(NO_CONFIRMATIONS);
  });

  it('a save or a changed value withdraws every tick; a change keeps the warnings in view', () => {
    const ticked = toggleConfirmation(afterAnswer(NO_CONFIRMATIONS, refused({ allowDuplicate: DUP })), 'allowDuplicate', true);
    expect(afterAnswer(ticked, { status: 'ok' })).toEqual(NO_CONFIRMATIONS);
    const edited = afterEdit(ticked);
    expect(edited.warnings).toEqual({ allowDuplicate: DUP });
    expect(edited.checked.size).toBe(0);
    expect(afterEdit(edited)).toBe(edited);
  });

  it('only the confirmation fields count as confirmations', () => {
    expect(CONFIRM_FIELDS.every(isConfirmField)).toBe(true);
    for (const name of ['value', 'allowduplicate', 'allowImplausible ', '', undefined, 3, null]) expect(isConfirmField(name)).toBe(false);
  });

  it('whatever the sequence of answers, ticks and edits, a tick never outlives an edit and is never shown without its warning (property)', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('answer' as const), dup: fc.boolean(), implausible: fc.boolean(), ok: fc.boolean() }),
      fc.record({ kind: fc.constant('tick' as const), field: fc.constantFrom(...CONFIRM_FIELDS), on: fc.boolean() }),
      fc.record({ kind: fc.constant('edit' as const) }),
    );
    fc.assert(fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
      let c: Confirmations = NO_CONFIRMATIONS;
      for (const s of steps) {
        if (s.kind === 'answer') {
          c = s.ok ? afterAnswer(c, { status: 'ok' }) : afterAnswer(c, refused({ ...(s.dup ? { allowDuplicate: DUP } : {}), ...(s.implausible ? { allowImplausible: IMPLAUSIBLE } : {}) }));
        } else if (s.kind === 'tick') {
          if (c.warnings[s.field]) c = toggleConfirmation(c, s.field, s.on);
        } else {
          c = afterEdit(c);
          if (c.checked.size !== 0) return false;
        }
        for (const f of c.checked) if (!c.warnings[f]?.length) return false;
      }
      return true;
    }));
  });
});
