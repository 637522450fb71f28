import { Link } from '@/app/ui/link';

/** Previous / page n of m / next, with hrefs built by the page (it knows its filters). */
export function Pager({ page, pages, href }: { page: number; pages: number; href: (page: number) => string }) {
  return (
    <nav className="pager" aria-label="Pages">
      {page > 1 ? <Link href={href(page - 1)}>Previous</Link> : null}
      <span>Page {page} of {pages}</span>
      {page < pages ? <Link href={href(page + 1)}>Next</Link> : null}
    </nav>
  );
}
