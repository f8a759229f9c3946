import { resolveModuleNames } from '../../src/policy/module-classes';

describe('resolveModuleNames', () => {
  it.each([
    ['opensearch', ['opensearch']],
    ['query+search', ['query+search']],
    ['ApiOpenSearch', ['opensearch']],
    ['\\ApiOpenSearch', ['opensearch']],
    ['ApiQuerySearch', ['query+search']],
    ['ApiQueryBacklinks', ['query+backlinks', 'query+embeddedin', 'query+imageusage']],
    ['ApiNoSuchModule', undefined],
    ['Query', undefined],
    ['query+', undefined],
  ])('reads %p as %p', (entry, names) => {
    expect(resolveModuleNames(entry)).toEqual(names);
  });
});
