from onward.insights.measures import BY_KEY
from onward.insights.templatetags.insights import how_link


def test_a_figure_links_to_its_measure_with_the_way_back_and_words_for_screen_readers():
    html = how_link(BY_KEY["releases"], "1,234", "/measures/?org=NWI&period=2026-Q3", "<b>Women</b>")
    assert 'href="/measures/how-computed/releases/?back=%2Fmeasures%2F%3Forg%3DNWI%26period%3D2026-Q3"' in html
    assert ">1,234<" in html
    assert "Releases, &lt;b&gt;Women&lt;/b&gt;: how this is computed" in html
    assert "<b>" not in html
