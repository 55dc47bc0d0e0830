// defineEntity refuses contradictory descriptors; the helpers answer from the descriptor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defineEntity, isEvolvableMember, propertyOf, usableMembers, type PropertyCapability } from './capabilities.js';
import { registrationAuthMethod, registrationDetails } from '../test-support/test-entities.js';

const entity = (p: PropertyCapability): unknown => defineEntity({ typeName: 'ns.t', properties: [p] });

test('defineEntity refuses contradictions', () => {
  assert.throws(() => entity({ name: 'a', type: 'boolean', nullable: false, filter: ['gt'], orderby: false }), {
    message: 'ns.t.a: gt not possible on boolean',
  });
  assert.throws(() => entity({ name: 'a', type: 'stringCollection', nullable: false, filter: ['eq'], orderby: false }), {
    message: 'ns.t.a: eq not possible on stringCollection',
  });
  assert.throws(() => entity({ name: 'a', type: 'enum', nullable: false, filter: ['eq'], orderby: false }), {
    message: 'ns.t.a: enum is required exactly for enum types',
  });
  assert.throws(() => entity({ name: 'a', type: 'stringCollection', nullable: false, filter: ['any'], orderby: false, caseInsensitive: true }), {
    message: 'ns.t.a: caseInsensitive is for strings',
  });
  assert.throws(() => entity({ name: 'a', type: 'stringCollection', nullable: false, filter: ['any'], orderby: true }), {
    message: "ns.t.a: collections can't be ordered",
  });
  assert.throws(() => entity({ name: 'a', type: 'string', nullable: false, filter: [], elementFilter: ['eq'], orderby: false }), {
    message: 'ns.t.a: elementFilter is for collections',
  });
  assert.throws(
    () =>
      defineEntity({
        typeName: 'ns.t',
        properties: [
          { name: 'a', type: 'string', nullable: false, filter: [], orderby: false },
          { name: 'a', type: 'string', nullable: false, filter: [], orderby: false },
        ],
      }),
    { message: "ns.t: property 'a' is declared twice" },
  );
});

test('defineEntity freezes deeply', () => {
  assert.ok(Object.isFrozen(registrationDetails));
  assert.ok(Object.isFrozen(registrationDetails.properties));
  const userType = propertyOf(registrationDetails, 'userType');
  assert.ok(userType !== undefined && Object.isFrozen(userType.enum?.members));
});

test('propertyOf is exact', () => {
  assert.equal(propertyOf(registrationDetails, 'isAdmin')?.type, 'boolean');
  assert.equal(propertyOf(registrationDetails, 'isadmin'), undefined);
});

test('evolvable members are those after unknownFutureValue (graph-api §2.7)', () => {
  assert.equal(isEvolvableMember(registrationAuthMethod, 'externalAuthMethod'), true);
  assert.equal(isEvolvableMember(registrationAuthMethod, 'unknownFutureValue'), false);
  assert.equal(isEvolvableMember(registrationAuthMethod, 'email'), false);
  assert.equal(usableMembers(registrationAuthMethod, false).at(-1), 'unknownFutureValue');
  assert.equal(usableMembers(registrationAuthMethod, true).at(-1), 'externalAuthMethod');
});
