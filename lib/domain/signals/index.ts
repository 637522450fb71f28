/** Decision-support signals (docs/domain.md section 7). */
export { computeSignals } from './compute';
export { sortSignals } from './sort';
export { describeRules, SIGNAL_TITLES, type SignalRuleDescription } from './rules';
export {
  DEFAULT_SIGNAL_SETTINGS,
  SIGNAL_SETTING_RANGES,
  validateSignalSettings,
  type SettingsIssue,
  type SettingsValidation,
} from './settings';
export { SIGNAL_LEVEL } from './levels';
export { ANTI_MDA5_RERISE_2017, ASSAY_AGREEMENT, PINAL_FERNANDEZ_2019 } from './evidence';
export * from './types';
