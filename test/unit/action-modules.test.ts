import {
  ActionModuleRule,
  readActionCall,
  sessionModuleIn,
  splitMultiValue,
} from '../../src/policy/action-modules';

const call = (query: string) => readActionCall(new Map(new URLSearchParams(query)));
const narrow = new ActionModuleRule(['opensearch', 'query+search']);
const wide = new ActionModuleRule(['query', 'parse']);

describe('readActionCall', () => {
  it.each([
    ['action=opensearch&search=x', ['opensearch']],
    ['', ['help']],
    ['action=query&list=search|allusers', ['query', 'query+search', 'query+allusers']],
    ['action=query&list=\u001fsearch\u001fallusers', ['query', 'query+search', 'query+allusers']],
    ['action=query&generator=search&prop=revisions', ['query', 'query+revisions', 'query+search']],
    ['action=query&meta=tokens', ['query', 'query+tokens']],
  ])('reads %p as %p', (query, modules) => {
    expect([...call(query).modules].sort()).toEqual([...modules].sort());
  });
});

describe('splitMultiValue', () => {
  it.each([
    ['a|b', ['a', 'b']],
    ['\u001fa|b\u001fc', ['a|b', 'c']],
    ['', []],
  ])('splits %p into %p', (value, parts) => {
    expect(splitMultiValue(value)).toEqual(parts);
  });
});

describe('ActionModuleRule', () => {
  it.each([
    [narrow, 'action=opensearch&search=x', undefined],
    [narrow, 'action=query&list=search&srsearch=x', undefined],
    [narrow, 'action=query&generator=search&gsrsearch=x', undefined],
    [narrow, 'action=edit&title=A', 'edit'],
    [narrow, 'action=query&list=search|allusers', 'query+allusers'],
    [narrow, 'action=query&generator=search&prop=revisions', 'query+revisions'],
    [narrow, 'action=query&titles=A', 'query'],
    [narrow, 'action=query&list=search&export=1', 'query'],
    [narrow, 'action=query&list=search&srsearch=x&revids=1|2|3', 'query'],
    [narrow, 'action=query&list=search&srsearch=x&pageids=1', 'query'],
    [narrow, 'action=query&list=search&srsearch=x&titles=Secret', 'query'],
    [new ActionModuleRule(['query+info']), 'action=query&prop=info&titles=A', undefined],
    [
      new ActionModuleRule(['query+info']),
      'action=query&prop=info|revisions&titles=A',
      'query+revisions',
    ],
    [narrow, 'action=query&meta=tokens', 'query+tokens'],
    [narrow, '', 'help'],
    [wide, 'action=query&prop=revisions&meta=tokens', undefined],
    [wide, 'action=query&titles=A&export=1', undefined],
    [wide, 'action=opensearch', 'opensearch'],
  ])('%#: refuses %p at %p', (rule, query, refused) => {
    expect(rule.refusedModule(call(query))).toBe(refused);
  });
});

describe('sessionModuleIn', () => {
  it.each([
    ['action=login&lgname=x', 'login'],
    ['action=clientlogin', 'clientlogin'],
    ['action=logout', 'logout'],
    ['action=createaccount', 'createaccount'],
    ['action=resetpassword', 'resetpassword'],
    ['action=query&meta=tokens&type=login', 'query+tokens type=login'],
    ['action=query&meta=tokens&type=csrf|createaccount', 'query+tokens type=createaccount'],
    ['action=query&meta=tokens&type=*', 'query+tokens type=*'],
    ['action=query&meta=tokens', undefined],
    ['action=query&meta=tokens&type=csrf', undefined],
    ['action=opensearch', undefined],
  ])('finds in %p: %p', (query, module) => {
    expect(sessionModuleIn(call(query))).toBe(module);
  });
});
