import { seedDemoAccounts } from './demo-accounts';

/** The whole demo data set, written through the product's own DAL (so it is audited). */
export async function seedDemo(): Promise<void> {
  await seedDemoAccounts();
}
