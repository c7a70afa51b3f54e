/** GitHub's page/per_page parameters, clamped as GitHub clamps them. */
export function pageParams(query: URLSearchParams, defaultPerPage = 30) {
  const perPage = Math.min(
    100,
    Math.max(1, Number(query.get('per_page')) || defaultPerPage),
  );
  const page = Math.max(1, Number(query.get('page')) || 1);
  return { page, perPage, skip: (page - 1) * perPage };
}

/** The Link header (first/prev/next/last) for a page of `total` items. */
export function linkHeader(
  url: URL,
  page: number,
  perPage: number,
  total: number,
): Record<string, string> {
  const last = Math.max(1, Math.ceil(total / perPage));
  const link = (p: number, rel: string) => {
    const target = new URL(url);
    target.searchParams.set('per_page', String(perPage));
    target.searchParams.set('page', String(p));
    return `<${target}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(page - 1, 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return links.length ? { link: links.join(', ') } : {};
}
