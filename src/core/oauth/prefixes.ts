/**
 * What each OAuth string starts with, so a bearer credential says what it is: the request
 * authentication looks an access token up only when it has the access-token prefix.
 */
export const oauthPrefixes = {
  clientId: 'ftc_',
  clientSecret: 'ftcs_',
  code: 'ftoc_',
  access: 'ftoa_',
  refresh: 'ftor_',
  session: 'ftos_',
} as const;
