/** Decision-support signals (docs/clinical/signals.md). */
export { computeSignals } from './compute';
export { sortSignals } from './sort';
export { describeRules, SIGNAL_TITLES, type SignalRuleDescription } from './rules';
export {
  COVERAGE_DRUGS,
  COVERAGE_RANGE,
  DEFAULT_SIGNAL_SETTINGS,
  numericSettingKeys,
  SIGNAL_SETTING_RANGES,
  upgradeStoredSettings,
  validateSignalSettings,
  type SettingsIssue,
  type SettingsValidation,
} from './settings';
export { SIGNAL_LEVEL } from './levels';
export { ANTI_MDA5_RERISE_2017, ASSAY_AGREEMENT, LOCAL_DEFAULT, PINAL_FERNANDEZ_2019 } from './evidence';
export * from './types';
