'use client';
import { useActionState } from 'react';
import { IDLE } from '@/lib/actions/form-types';
import { FormMessage } from '@/app/ui/field';
import { SubmitButton } from '@/app/ui/submit-button';
import { updateFeedAllowListAction } from './actions';

/** The senders and network addresses the lab feed accepts, one per line. */
export function AllowListForm({ senders, addresses }: { senders: string; addresses: string }) {
  const [state, action] = useActionState(updateFeedAllowListAction, IDLE);
  const errors = state.errors ?? {};
  const values = state.values;
  return (
    <form action={action} className="card stack" aria-label="Lab feed allow-lists" noValidate>
      <div className="field">
        <label htmlFor="hl7-senders">Laboratory systems allowed to send results</label>
        <textarea id="hl7-senders" name="senders" rows={4} defaultValue={values?.senders ?? senders} aria-invalid={errors.senders ? true : undefined} aria-describedby="hl7-senders-hint" />
        <p className="hint" id="hl7-senders-hint">One per line: sending application|sending facility, as the lab&apos;s messages name them (MSH-3|MSH-4), e.g. LABSYS|CENTRAL LAB; * matches any value.</p>
        {errors.senders ? <p className="field-error">{errors.senders.join(' ')}</p> : null}
      </div>
      <div className="field">
        <label htmlFor="hl7-addresses">Network addresses allowed to connect</label>
        <textarea id="hl7-addresses" name="addresses" rows={3} defaultValue={values?.addresses ?? addresses} aria-invalid={errors.addresses ? true : undefined} aria-describedby="hl7-addresses-hint" />
        <p className="hint" id="hl7-addresses-hint">One per line: the interface engine&apos;s address (10.20.0.15, fe80::1); 127.0.0.1 is this machine; * allows any (only behind a firewall that does the same).</p>
        {errors.addresses ? <p className="field-error">{errors.addresses.join(' ')}</p> : null}
      </div>
      <FormMessage status={state.status} message={state.message} />
      <SubmitButton>Save allow-lists</SubmitButton>
    </form>
  );
}
