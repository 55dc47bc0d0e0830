// Phone and e-mail method objects. Numbers are fictional: NANP 555-0100…0199 and Ofcom's
// 07700 900xxx drama range. Phone method ids are Graph's fixed ids per phone type (entra-rules §5).

import { AREA_CODES, PERSONAL_MAIL_DOMAINS } from './org-data.js';
import type { Rng } from './prng.js';
import type { JsonObject } from './wire.js';

const PHONE = '#microsoft.graph.phoneAuthenticationMethod';
export const PHONE_METHOD_IDS = {
  mobile: '3179e48a-750b-4051-897c-87b9720928f7',
  alternateMobile: 'b6332ec1-7057-4abe-9331-3d72feddfe41',
  office: 'e37fc753-ff3b-4958-9484-eaa9425c82bc',
} as const;
/** Graph's fixed id of the e-mail method. */
export const EMAIL_METHOD_ID = '3ddfcfc8-9383-446f-83cc-3ab9be4be18f';

function twoDigits(rng: Rng): string {
  return String(rng.int(100)).padStart(2, '0');
}

/** A fictional number in Graph's "+CC number" format. */
export function fictionalNumber(rng: Rng, usageLocation: string): string {
  if (usageLocation === 'GB') return `+44 7700900${String(rng.int(1000)).padStart(3, '0')}`;
  return `+1 ${rng.pick(AREA_CODES)}55501${twoDigits(rng)}`;
}

export interface PhonePlan {
  readonly mobile: boolean;
  readonly alternateMobile: boolean;
  readonly office: boolean;
  readonly smsSignIn: boolean;
}

export function phoneMethods(rng: Rng, usageLocation: string, plan: PhonePlan): JsonObject[] {
  const methods: JsonObject[] = [];
  if (plan.mobile) {
    // SMS sign-in is allowed by policy only for frontline staff; a shared number is refused for it.
    const smsSignInState = plan.smsSignIn ? (rng.chance(0.05) ? 'phoneNumberNotUnique' : 'ready') : 'notAllowedByPolicy';
    methods.push({ '@odata.type': PHONE, id: PHONE_METHOD_IDS.mobile, phoneNumber: fictionalNumber(rng, usageLocation), phoneType: 'mobile', smsSignInState });
  }
  if (plan.alternateMobile) {
    methods.push({
      '@odata.type': PHONE,
      id: PHONE_METHOD_IDS.alternateMobile,
      phoneNumber: fictionalNumber(rng, usageLocation),
      phoneType: 'alternateMobile',
      smsSignInState: 'notSupported',
    });
  }
  if (plan.office) {
    const extension = rng.chance(0.5) ? `x${rng.between(1000, 9999)}` : '';
    methods.push({
      '@odata.type': PHONE,
      id: PHONE_METHOD_IDS.office,
      phoneNumber: `${fictionalNumber(rng, usageLocation)}${extension}`,
      phoneType: 'office',
      smsSignInState: 'notSupported',
    });
  }
  return methods;
}

/** The SSPR e-mail: a personal address, on a reserved domain so nothing is ever sent. */
export function emailMethod(rng: Rng, localPart: string): JsonObject {
  return {
    '@odata.type': '#microsoft.graph.emailAuthenticationMethod',
    id: EMAIL_METHOD_ID,
    emailAddress: `${localPart}@${rng.pick(PERSONAL_MAIL_DOMAINS)}`,
  };
}
