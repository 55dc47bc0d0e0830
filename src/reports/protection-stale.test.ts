// Tests for staleMethods (decision 0090): registered ≥ N days, no use in N days, absence of use known.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { RegistrationOrResetEvent, SignInFact } from './activity-model.js';
import type { GraphObject } from './model.js';
import type { MethodName } from './method-names.js';
import type { StaleInput } from './protection-stale.js';
import { staleMethods } from './protection-stale.js';
import { M } from './test-fixtures.js';

// asOf − 90 days = 2025-04-01T00:00:00Z (the cutoff).
const AS_OF = '2025-06-30T00:00:00Z';
const OLD = '2025-01-01T00:00:00Z';
const RECENT = '2025-06-01T00:00:00Z';

const key = (over: GraphObject = {}): GraphObject => ({ ...M.securityKey, createdDateTime: OLD, ...over });
const signIn = (createdDateTime: string, method: string, succeeded = true): SignInFact => ({
  id: `s-${createdDateTime}`,
  userId: 'u1',
  createdDateTime,
  isInteractive: true,
  isSuccess: succeeded,
  requirement: 'multiFactor',
  methods: [
    { method: 'password', succeeded: true, primary: true },
    { method, succeeded, primary: false },
  ],
});
const reset = (eventDateTime: string, authMethod: string, isSuccess = true): RegistrationOrResetEvent => ({
  id: `r-${eventDateTime}`,
  feature: 'reset',
  user: { id: 'u1', userPrincipalName: 'u1@contoso.com', displayName: 'User One' },
  eventDateTime,
  authMethod,
  isSuccess,
  failureReason: '',
  sourceIds: [],
});

function input(over: Partial<StaleInput> & Pick<StaleInput, 'registered' | 'methods'>): StaleInput {
  return { asOf: AS_OF, signIns: [], activityCompleteFrom: null, ...over };
}
const names = (i: StaleInput): MethodName[] => staleMethods(i).map((s) => s.method);

test('key created 180 days ago, Graph says last used 150 days ago → stale, with both dates', () => {
  const got = staleMethods(input({ registered: ['fido2SecurityKey'], methods: [key({ lastUsedDateTime: '2025-02-01T00:00:00Z' })] }));
  assert.deepEqual(got, [{ method: 'fido2SecurityKey', registeredDateTime: OLD, lastUsedDateTime: '2025-02-01T00:00:00Z' }]);
});

test('key last used 29 days ago → not stale', () => {
  assert.deepEqual(names(input({ registered: ['fido2SecurityKey'], methods: [key({ lastUsedDateTime: RECENT })] })), []);
});

test('last use exactly at the cutoff is not a use within the 90 days → stale', () => {
  assert.deepEqual(names(input({ registered: ['fido2SecurityKey'], methods: [key({ lastUsedDateTime: '2025-04-01T00:00:00Z' })] })), ['fido2SecurityKey']);
});

test('registered 29 days ago and never used → not stale (too new to judge)', () => {
  const i = input({ registered: ['fido2SecurityKey'], methods: [key({ createdDateTime: RECENT })], activityCompleteFrom: OLD });
  assert.deepEqual(names(i), []);
});

test('registered exactly at the cutoff, never used, activity spans the window → stale with lastUsedDateTime null', () => {
  const got = staleMethods(input({ registered: ['fido2SecurityKey'], methods: [key({ createdDateTime: '2025-04-01T00:00:00Z' })], activityCompleteFrom: OLD }));
  assert.deepEqual(got, [{ method: 'fido2SecurityKey', registeredDateTime: '2025-04-01T00:00:00Z', lastUsedDateTime: null }]);
});

test('old key, no lastUsedDateTime, activity held only for 30 days → not stale (absence of use not known)', () => {
  assert.deepEqual(names(input({ registered: ['fido2SecurityKey'], methods: [key()], activityCompleteFrom: RECENT })), []);
});

test('old key, no lastUsedDateTime, no activity at all → not stale', () => {
  assert.deepEqual(names(input({ registered: ['fido2SecurityKey'], methods: [key()] })), []);
});

test('a passkey step in a sign-in is a use of a key registered as fido2SecurityKey (logs carry no AAGUID)', () => {
  const i = input({
    registered: ['fido2SecurityKey'],
    methods: [key()],
    activityCompleteFrom: OLD,
    signIns: [signIn('2025-06-10T00:00:00Z', 'passKeyDeviceBound')],
  });
  assert.deepEqual(names(i), []);
});

test('phone without createdDateTime or firstSeen → never stale', () => {
  assert.deepEqual(names(input({ registered: ['mobilePhone'], methods: [M.mobile], activityCompleteFrom: OLD })), []);
});

test('phone first seen 7 months ago, activity spans the window, no SMS → stale', () => {
  const firstSeen = new Map<MethodName, string>([['mobilePhone', '2024-12-01T00:00:00Z']]);
  const got = staleMethods(input({ registered: ['mobilePhone'], methods: [M.mobile], activityCompleteFrom: OLD, firstSeen }));
  assert.deepEqual(got, [{ method: 'mobilePhone', registeredDateTime: '2024-12-01T00:00:00Z', lastUsedDateTime: null }]);
});

test('phone used by SMS 20 days ago → not stale; a failed SMS step is no use → stale', () => {
  const firstSeen = new Map<MethodName, string>([['mobilePhone', '2024-12-01T00:00:00Z']]);
  const base = { registered: ['mobilePhone'] as MethodName[], methods: [M.mobile], activityCompleteFrom: OLD, firstSeen };
  assert.deepEqual(names(input({ ...base, signIns: [signIn('2025-06-10T00:00:00Z', 'sms')] })), []);
  assert.deepEqual(names(input({ ...base, signIns: [signIn('2025-06-10T00:00:00Z', 'sms', false)] })), ['mobilePhone']);
});

test('a sign-in after asOf is not counted', () => {
  const firstSeen = new Map<MethodName, string>([['mobilePhone', '2024-12-01T00:00:00Z']]);
  const i = input({ registered: ['mobilePhone'], methods: [M.mobile], activityCompleteFrom: OLD, firstSeen, signIns: [signIn('2025-07-01T00:00:00Z', 'sms')] });
  assert.deepEqual(names(i), ['mobilePhone']);
});

test('Authenticator app: codes used, notifications not → only push is stale', () => {
  const app = { ...M.authenticator, createdDateTime: OLD };
  const i = input({
    registered: ['microsoftAuthenticatorPush', 'softwareOneTimePasscode'],
    methods: [app],
    activityCompleteFrom: OLD,
    signIns: [signIn('2025-06-10T00:00:00Z', 'oneTimePasscode')],
  });
  assert.deepEqual(names(i), ['microsoftAuthenticatorPush']);
});

test('email used in a successful self-service reset → not stale; a failed reset is no use', () => {
  const base = {
    registered: ['email'] as MethodName[],
    methods: [{ ...M.email, createdDateTime: OLD }],
    activityCompleteFrom: OLD,
  };
  assert.deepEqual(names(input({ ...base, resets: [reset('2025-06-10T00:00:00Z', 'email')] })), []);
  assert.deepEqual(names(input({ ...base, resets: [reset('2025-06-10T00:00:00Z', 'email', false)] })), ['email']);
});

test('a second key registered recently makes the name too new to judge', () => {
  const i = input({ registered: ['fido2SecurityKey'], methods: [key(), key({ id: 'f2', createdDateTime: RECENT })], activityCompleteFrom: OLD });
  assert.deepEqual(names(i), []);
});

test('N is a parameter: last used 60 days ago is stale at 30 days, not at 90', () => {
  const i = input({ registered: ['fido2SecurityKey'], methods: [key({ lastUsedDateTime: '2025-05-01T00:00:00Z' })] });
  assert.deepEqual(names(i), []);
  assert.deepEqual(names({ ...i, days: 30 }), ['fido2SecurityKey']);
});

test('only registered names are reported, in methodsRegistered order', () => {
  const firstSeen = new Map<MethodName, string>([
    ['securityQuestion', OLD],
    ['mobilePhone', OLD],
  ]);
  const i = input({
    registered: ['securityQuestion', 'fido2SecurityKey', 'mobilePhone'],
    methods: [key(), M.mobile, M.whfb],
    activityCompleteFrom: OLD,
    firstSeen,
  });
  assert.deepEqual(names(i), ['mobilePhone', 'securityQuestion', 'fido2SecurityKey']);
});

// ---- properties ----

const day = (n: number) => new Date(Date.parse(AS_OF) - n * 86_400_000).toISOString();
const FIDO_AND_PHONE: readonly MethodName[] = ['mobilePhone', 'fido2SecurityKey'];
const firstSeenAt = (d: number | null) => (d === null ? undefined : new Map(FIDO_AND_PHONE.map((m) => [m, day(d)] as const)));
const arbInput = fc
  .record({
    created: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
    lastUsed: fc.option(fc.integer({ min: -5, max: 400 }), { nil: null }),
    firstSeen: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
    coverage: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
    signIns: fc.array(fc.tuple(fc.integer({ min: -5, max: 400 }), fc.constantFrom('sms', 'fido2SecurityKey', 'password'), fc.boolean()), { maxLength: 4 }),
  })
  .map((r): StaleInput =>
    input({
      registered: FIDO_AND_PHONE,
      methods: [
        M.mobile,
        {
          ...M.securityKey,
          ...(r.created === null ? {} : { createdDateTime: day(r.created) }),
          ...(r.lastUsed === null ? {} : { lastUsedDateTime: day(r.lastUsed) }),
        },
      ],
      firstSeen: firstSeenAt(r.firstSeen),
      activityCompleteFrom: r.coverage === null ? null : day(r.coverage),
      signIns: r.signIns.map(([d, m, ok]) => signIn(day(d), m, ok)),
    }),
  );

test('property: a stale method is registered, not used after the cutoff, and registered at or before it', () => {
  fc.assert(
    fc.property(arbInput, (i) => {
      const cutoff = Date.parse(AS_OF) - 90 * 86_400_000;
      for (const s of staleMethods(i)) {
        assert.ok(FIDO_AND_PHONE.includes(s.method));
        assert.ok(Date.parse(s.registeredDateTime) <= cutoff);
        if (s.lastUsedDateTime !== null) assert.ok(Date.parse(s.lastUsedDateTime) <= cutoff);
      }
    }),
  );
});

test('property: another sign-in never adds a stale method; older activity coverage never removes one', () => {
  fc.assert(
    fc.property(arbInput, fc.integer({ min: -5, max: 400 }), fc.constantFrom('sms', 'fido2SecurityKey'), (i, d, m) => {
      const before = new Set(names(i));
      for (const n of names({ ...i, signIns: [...i.signIns, signIn(day(d), m)] })) assert.ok(before.has(n), `${n} became stale`);
      for (const n of before) assert.ok(names({ ...i, activityCompleteFrom: day(500) }).includes(n), `${n} stopped being stale`);
    }),
  );
});
