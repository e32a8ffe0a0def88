"""The one pagination (core/_pagination.html): Designsystemet's ds-pagination markup, the
current page marked, far pages folded into an ellipsis, the list's filters kept."""

import re

from django.core.paginator import Paginator
from django.template.loader import render_to_string


def render(number: int, **context) -> str:
    page = Paginator(list(range(200)), 10).page(number)
    return render_to_string("core/_pagination.html", {"page": page, "label": "Sider", **context})


def numbers(html: str) -> list[str]:
    number = r'<a[^>]*><span class="visually-hidden">Side </span>(\d+)</a>'
    return re.findall(rf"<li>(?:{number})?</li>", html)


def test_the_current_page_is_marked_and_far_pages_fold_into_an_ellipsis():
    html = render(5)
    assert numbers(html) == ["1", "", "4", "5", "6", "", "20"]
    assert re.search(r'aria-current="true" href="\?side=5"', html)


def test_the_first_page_keeps_a_hidden_previous_so_the_arrows_stay_first_and_last():
    html = render(1)
    hidden = '<span class="ds-button" data-variant="tertiary" aria-hidden="true">'
    assert f"{hidden}Forrige side</span>" in html
    assert 'rel="next" href="?side=2"' in html


def test_links_keep_the_filters_the_parameter_and_the_anchor():
    html = render(2, query="ansvar=kommunen", param="aktiviteter", anchor="#liste")
    assert 'rel="prev" href="?ansvar=kommunen&amp;aktiviteter=1#liste"' in html


def test_a_single_page_draws_no_navigation():
    page = Paginator([1, 2], 10).page(1)
    assert "<nav" not in render_to_string("core/_pagination.html", {"page": page})
