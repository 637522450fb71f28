import type { Metadata } from 'next';
import { Link } from '@/app/ui/link';
import { requirePagePermission } from '@/lib/dal/session';
import { getSignalSettings } from '@/lib/dal/signals';
import { DEFAULT_SIGNAL_SETTINGS } from '@/lib/domain/signals';
import { readTwoFactorPolicy } from '@/lib/dal/two-factor-policy';
import { SignalSettingsForm } from './settings-form';
import { TwoFactorPolicyForm } from './two-factor-form';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const actor = await requirePagePermission('settings:manage');
  return (
    <>
      <h1>Signal thresholds</h1>
      <p className="muted">Defaults follow the clinical reference. Every change is audited and recomputes all patients&apos; signals. See <Link href="/signals/how">How signals work</Link>.</p>
      <div className="card"><SignalSettingsForm current={getSignalSettings(actor)} defaults={{ ...DEFAULT_SIGNAL_SETTINGS }} /></div>
      <h2>Two-factor sign-in</h2>
      <div className="card"><TwoFactorPolicyForm current={readTwoFactorPolicy().scope} /></div>
    </>
  );
}
