import { seedDemoAccounts } from './demo-accounts';
import { seedDemoCohort } from './demo-cohort';

/** The whole demo data set, written through the product's own DAL (so it is audited). */
export async function seedDemo(): Promise<void> {
  const ids = await seedDemoAccounts();
  seedDemoCohort(ids);
}
