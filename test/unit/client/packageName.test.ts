import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findPackageName } from '../../../client/src/language/packageName';

test('reads the package declaration with namespace, nested path and version', () => {
  assert.equal(findPackageName('package wasi:http@0.2.0;\ninterface x {}'), 'wasi:http@0.2.0');
  assert.equal(findPackageName('/// docs\npackage  example : demo ;'), 'example:demo');
  assert.equal(findPackageName('package a:b/c@1.0.0-rc.1+build;'), 'a:b/c@1.0.0-rc.1+build');
  assert.equal(findPackageName('package %interface:demo;'), '%interface:demo');
});

test('ignores commented-out declarations, nested comments and files without one', () => {
  assert.equal(findPackageName('// package old:one;\npackage new:two;'), 'new:two');
  assert.equal(findPackageName('/* outer /* package x:y; */ still comment */ package real:pkg;'), 'real:pkg');
  assert.equal(findPackageName('interface only {}'), undefined);
  assert.equal(findPackageName('package broken'), undefined);
  assert.equal(findPackageName(''), undefined);
});

test('a nested package block is found when there is no top-level declaration', () => {
  assert.equal(findPackageName('package outer:pkg { interface i {} }'), 'outer:pkg');
});
