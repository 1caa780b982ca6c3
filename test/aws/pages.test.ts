/** aws/pages.ts: the one NextToken loop the organization, preflight and drift reads share. */
import { allPages } from '../../aws/pages';

interface Page {
  NextToken?: string;
  Items?: { Id?: string }[];
}

function pagesOf(pages: Page[]): { fetch: (token: string | undefined) => Promise<Page>; tokens: (string | undefined)[] } {
  const tokens: (string | undefined)[] = [];
  return {
    tokens,
    fetch: async (token) => {
      tokens.push(token);
      const index = token === undefined ? 0 : Number(token);
      return pages[index];
    },
  };
}

describe('allPages', () => {
  it('GIVEN three pages WHEN read THEN every item comes back in order and each NextToken is passed on', async () => {
    const source = pagesOf([
      { Items: [{ Id: 'a' }, { Id: 'b' }], NextToken: '1' },
      { Items: [{ Id: 'c' }], NextToken: '2' },
      { Items: [{ Id: 'd' }] },
    ]);
    expect(await allPages(source.fetch, (page) => (page.Items ?? []).map((item) => item.Id))).toEqual(['a', 'b', 'c', 'd']);
    expect(source.tokens).toEqual([undefined, '1', '2']);
  });

  it('GIVEN items without the field WHEN read THEN they are skipped, never returned as undefined', async () => {
    const source = pagesOf([{ Items: [{ Id: 'a' }, {}, { Id: 'b' }] }]);
    expect(await allPages(source.fetch, (page) => (page.Items ?? []).map((item) => item.Id))).toEqual(['a', 'b']);
  });

  it('GIVEN an empty NextToken WHEN read THEN the loop stops (no endless paging)', async () => {
    const source = pagesOf([{ Items: [], NextToken: '' }]);
    expect(await allPages(source.fetch, (page) => (page.Items ?? []).map((item) => item.Id))).toEqual([]);
    expect(source.tokens).toEqual([undefined]);
  });

  it('GIVEN a failing page WHEN read THEN the error reaches the caller (the check reports it)', async () => {
    const failing = async (token: string | undefined): Promise<Page> => {
      if (token === '1') throw new Error('ThrottlingException');
      return { Items: [{ Id: 'a' }], NextToken: '1' };
    };
    await expect(allPages(failing, (page) => (page.Items ?? []).map((item) => item.Id))).rejects.toThrow('ThrottlingException');
  });
});
