// GET /beta/users/{id}/authentication/signInPreferences → the snapshot's signInPreferences.
import { ENDPOINTS, endpointFor } from './endpoints.js';
import { expectObject, optionalBoolean, optionalString, root } from './read-fields.js';
import { at, fail } from './body-error.js';

export interface SignInPreferencesPart {
  readonly userPreferredMethodForSecondaryAuthentication: string | null;
  readonly isSystemPreferredAuthenticationMethodEnabled: boolean | null;
}

/** Graph's values: push, oath, voiceMobile, voiceAlternateMobile, voiceOffice, sms, unknownFutureValue (S40). */
const MODE = /^[A-Za-z]+$/;

/** The flat signInPreferences object; a `{"signInPreferences":{…}}` wrapper (GET …/authentication) is accepted. */
export function readSignInPreferences(userId: string, body: unknown): SignInPreferencesPart {
  const where = root(endpointFor(ENDPOINTS.signInPreferences, userId));
  const outer = expectObject(body, where, 'a signInPreferences object');
  const wrapped = Object.prototype.hasOwnProperty.call(outer, 'signInPreferences');
  const w = wrapped ? at(where, 'signInPreferences') : where;
  const o = wrapped ? expectObject(outer['signInPreferences'], w, 'a signInPreferences object') : outer;
  const preferred = optionalString(o, 'userPreferredMethodForSecondaryAuthentication', w);
  if (preferred !== null && preferred !== '' && !MODE.test(preferred)) {
    fail(
      at(w, 'userPreferredMethodForSecondaryAuthentication'),
      `expected a userDefaultAuthenticationMethodType member such as "push", got ${JSON.stringify(preferred)}`,
    );
  }
  return {
    userPreferredMethodForSecondaryAuthentication: preferred === '' ? null : preferred,
    isSystemPreferredAuthenticationMethodEnabled: optionalBoolean(o, 'isSystemPreferredAuthenticationMethodEnabled', w),
  };
}
