"""Helpers behind `check`'s contradiction warnings and the role wording (the fixture cases are in test_errors)."""

import datetime as dt

from generator.consistency import is_document_link, link_language
from generator.render import dates_in_words


def test_un_document_links_in_another_language_are_found():
    assert link_language("https://un.org/securitycouncil/zh/s/res/2321%282016%29") == "zh"
    assert link_language("https://www.un.org/securitycouncil/fr/s/res/2375-%282017%29") == "fr"
    assert link_language("https://docs.un.org/ru/S/RES/2270(2016)") == "ru"
    assert link_language("https://www.un.org/securitycouncil/s/res/2270-%282016%29") is None
    assert link_language("https://docs.un.org/en/S/RES/2270(2016)") is None
    assert link_language("https://press.un.org/en/2016/sc12267.doc.htm") is None
    # Press releases and UN News stories: `check` flags these too, as pages rather than documents.
    assert link_language("https://press.un.org/fr/2013/SGSM14809.doc.htm") == "fr"
    assert link_language("https://news.un.org/ru/story/2006/05/1086571") == "ru"
    assert link_language("https://news.un.org/en/story/2009/06/303332") is None


def test_only_document_pages_count_as_document_links():
    assert is_document_link("https://docs.un.org/en/S/RES/2270(2016)")
    assert is_document_link("https://www.un.org/securitycouncil/fr/s/res/2375-%282017%29")
    assert not is_document_link("https://press.un.org/fr/2013/SGSM14809.doc.htm")
    assert not is_document_link("https://news.un.org/en/story/2009/06/303332")


def test_attested_dates_read_as_words():
    d = dt.date
    assert dates_in_words([d(2016, 3, 2)]) == "2 March 2016"
    assert dates_in_words([d(2016, 2, 25), d(2016, 3, 2)]) == "25 February and 2 March 2016"
    assert dates_in_words([d(2016, 5, 1), d(2016, 5, 2), d(2016, 5, 3)]) == "1, 2 and 3 May 2016"
    assert dates_in_words([d(2013, 3, 5), d(2016, 3, 2)]) == "5 March 2013 and 2 March 2016"


def test_the_language_rule_comes_from_the_config():
    from generator.config import LanguageCheck

    eu = LanguageCheck(document_hosts=["eur-lex.europa.eu"], document_path="^$", other_languages=["de", "fr"],
                       query_initials=[])
    assert is_document_link("https://eur-lex.europa.eu/legal-content/DE/TXT/?uri=CELEX:32014R0833", eu)
    assert link_language("https://eur-lex.europa.eu/legal-content/DE/TXT/?uri=CELEX:32014R0833", eu) == "de"
    assert link_language("https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:32014R0833", eu) is None
    assert not is_document_link("https://docs.un.org/en/S/RES/2270(2016)", eu)


def test_no_language_rule_means_no_warning(tmp_path):
    from generator.pipeline import check
    from tests.conftest import make_content

    content = make_content(tmp_path)
    china = content / "actors" / "china.yaml"
    china.write_text(china.read_text(encoding="utf-8").replace(
        "https://www.un.org/en/about-us/member-states", "https://docs.un.org/zh/S/RES/2270(2016)"), encoding="utf-8")
    assert "docs.un.org/zh" in china.read_text(encoding="utf-8")
    warned = [p.message for p in check(content).content.warnings]
    assert any("opens the 'zh' page" in m for m in warned), warned
    (tmp_path / "briefing.yml").write_text("sources:\n  language_check: null\n", encoding="utf-8")
    assert not [p.message for p in check(content).content.warnings if "opens the" in p.message]
