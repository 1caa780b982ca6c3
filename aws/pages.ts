/**
 * Every item of a paginated AWS list call: the SDK's NextToken loop, written
 * once for the organization, preflight and drift reads.
 */
export async function allPages<Page extends { NextToken?: string }, Item>(
  fetchPage: (token: string | undefined) => Promise<Page>,
  itemsOf: (page: Page) => readonly (Item | undefined)[],
): Promise<Item[]> {
  const items: Item[] = [];
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    for (const item of itemsOf(page)) if (item !== undefined) items.push(item);
    token = page.NextToken;
  } while (token);
  return items;
}
