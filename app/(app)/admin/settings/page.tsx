import type { Metadata } from 'next';
import { Link } from '@/app/ui/link';
import { requirePagePermission } from '@/lib/dal/session';
import { getSignalSettings } from '@/lib/dal/signals';
import { DEFAULT_SIGNAL_SETTINGS } from '@/lib/domain/signals';
import { SignalSettingsForm } from './settings-form';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const actor = await requirePagePermission('settings:manage');
  return (
    <>
      <h1>Signal thresholds</h1>
      <p className="muted">Defaults follow the clinical reference. Every change is audited and recomputes all patients&apos; signals. See <Link href="/signals/how">How signals work</Link>.</p>
      <div className="card"><SignalSettingsForm current={getSignalSettings(actor)} defaults={{ ...DEFAULT_SIGNAL_SETTINGS }} /></div>
    </>
  );
}
