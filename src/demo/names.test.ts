// Tests for the name lists and the index → unique name mapping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NAME_PAIR_COUNT, NameSpace, nameBlocks, toAscii } from './name-space.js';
import { hashString } from './prng.js';

test('toAscii folds accents and the letters NFD leaves alone', () => {
  assert.equal(toAscii('Łukasz'), 'lukasz');
  assert.equal(toAscii('Søren'), 'soren');
  assert.equal(toAscii('Zoë'), 'zoe');
  assert.equal(toAscii('José'), 'jose');
  assert.equal(toAscii('Weiß'), 'weiss');
  assert.equal(toAscii('Þóra'), 'thora');
  assert.equal(toAscii('Sigurður'), 'sigurdur');
  assert.equal(toAscii('Đặng'), 'dang');
  assert.equal(toAscii('Yılmaz'), 'yilmaz');
  assert.equal(toAscii("O'Brien"), 'obrien');
  assert.equal(toAscii('van den Berg'), 'vandenberg');
});

test('the lists obey the rules the unique mapping relies on', () => {
  const familyOwner = new Map<string, string>();
  for (const block of nameBlocks()) {
    for (const parts of [block.given, block.family]) {
      const ascii = parts.map((p) => p.ascii);
      assert.equal(new Set(ascii).size, ascii.length, `${block.id}: duplicate ASCII name in ${ascii.join(',')}`);
      for (const a of ascii) assert.match(a, /^[a-z][a-z-]*[a-z]$/, `${block.id}: ${a}`);
    }
    for (const f of block.family) {
      const owner = familyOwner.get(f.ascii);
      assert.equal(owner, undefined, `family name ${f.ascii} in both ${owner ?? ''} and ${block.id}`);
      familyOwner.set(f.ascii, block.id);
    }
  }
});

test('the lists include the non-ASCII names the UI must cope with', () => {
  const all = nameBlocks().flatMap((b) => [...b.given, ...b.family].map((p) => p.display));
  for (const name of ['José', 'Zoë', 'Łukasz', 'Søren', '李']) assert.ok(all.includes(name), name);
});

test('local parts are unique across several wraps of the name space', () => {
  const names = new NameSpace(hashString('names'));
  const seen = new Set<string>();
  const total = NAME_PAIR_COUNT * 3 + 17;
  for (let i = 0; i < total; i++) {
    const local = names.nameFor(i).localPart;
    assert.ok(!seen.has(local), `duplicate ${local} at ${i}`);
    seen.add(local);
  }
  assert.match(names.nameFor(NAME_PAIR_COUNT).localPart, /2$/);
});

test('a small tenant draws from many cultures, not one block', () => {
  const names = new NameSpace(hashString('spread'));
  const cultures = new Set<string>();
  for (let i = 0; i < 500; i++) cultures.add(names.nameFor(i).culture.id);
  assert.ok(cultures.size >= 8, `only ${[...cultures].join(',')}`);
});
