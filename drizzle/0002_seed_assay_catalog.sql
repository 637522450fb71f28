-- Starter assay catalog (docs/domain.md section 2): administrators edit or deactivate
-- these; results snapshot the limits they were read with, so later edits never
-- rewrite old results.
INSERT INTO `assays` (`name`, `analyte`, `method`, `kit`, `lab`, `unit`, `qualitative_only`, `cutoff`, `positive_from`, `strong_above`, `loinc`, `active`, `created_at`, `updated_at`) VALUES
  ('Mi-2α line blot', 'mi2-alpha', 'line-blot', 'Myositis line immunoassay', 'Reference lab A', 'units', 0, 5, 11, 50, '88732-3', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('Mi-2β line blot', 'mi2-beta', 'line-blot', 'Myositis line immunoassay', 'Reference lab A', 'units', 0, 5, 11, 50, '88733-1', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('Mi-2β immunoblot', 'mi2-beta', 'line-blot', 'Signal-intensity immunoblot', 'Reference lab B', 'SIU', 0, 10, 11, NULL, '88733-1', 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('Mi-2 ELISA', 'mi2', 'elisa', 'Quantitative ELISA', 'Hospital lab', 'AU/mL', 0, 20, NULL, 80, NULL, 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'),
  ('Mi-2 immunoprecipitation', 'mi2', 'immunoprecipitation', 'Protein IP', 'Research lab', 'n/a', 1, NULL, NULL, NULL, NULL, 1, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
