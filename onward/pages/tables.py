"""The MoJ sortable table and GOV.UK pagination, done on the server for paged lists."""

from django.core.paginator import Paginator


def sortable_headers(query, columns, *, sort, order):
    """Column headers that link to themselves sorted, with `aria-sort` on the current one.

    `columns` is [(key, label), ...]; clicking the current column flips its order.
    """
    headers = []
    for key, label in columns:
        current = sort == key
        link = query.copy()
        link["sort"], link["order"] = key, "desc" if current and order != "desc" else "asc"
        headers.append(
            {
                "label": label,
                "aria_sort": ("descending" if order == "desc" else "ascending") if current else "none",
                "href": f"?{link.urlencode()}",
            }
        )
    return headers


def paged(request, items, per_page, *, count=None):
    """A page of `items` and what the pagination partial needs (`count` saves a query when known)."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "page": page,
        "page_numbers": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "query_without_page": query.urlencode(),
    }, query
