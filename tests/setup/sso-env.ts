/**
 * A single sign-on configuration for tests that read it from the environment (no
 * provider is contacted): the hospital's issuer, Titerline's client, and group rules.
 */
export function ssoTestEnv(rules = 'titerline-physicians=physician, titerline-nurses=nurse', issuer = 'https://login.clinic.example/realms/titerline') {
  return {
    TITERLINE_OIDC_ISSUER: issuer,
    TITERLINE_OIDC_CLIENT_ID: 'titerline',
    TITERLINE_OIDC_CLIENT_SECRET: 'secret',
    TITERLINE_OIDC_ROLE_RULES: rules,
  };
}
