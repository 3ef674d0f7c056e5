"""Every ASEAN script is found, through the real node and the public API."""

from __future__ import annotations

import pytest

from .conftest import make_page

DOCS = {
    "th": "ธนาคารให้สินเชื่อแก่ผู้ประกอบการวิสาหกิจขนาดกลางและขนาดย่อมเพื่อขยายธุรกิจ",
    "lo": "ທະນາຄານໃຫ້ເງິນກູ້ແກ່ວິສາຫະກິດຂະໜາດນ້ອຍແລະກາງເພື່ອຂະຫຍາຍທຸລະກິດ",
    "km": "ធនាគារផ្តល់ឥណទានដល់សហគ្រាសធុនតូចនិងមធ្យម",
    "my": "ဘဏ်သည်အသေးစားနှင့်အလတ်စားလုပ်ငန်းများအားချေးငွေထုတ်ပေးသည်",
    "vi": "Ngân hàng cho doanh nghiệp nhỏ và vừa vay vốn để mở rộng sản xuất",
    "zh-hans": "为中小企业提供贷款担保",
}
WORDS = {"th": "ธนาคาร", "lo": "ທະນາຄານ", "km": "ឥណទាន", "my": "ချေးငွေ"}


@pytest.fixture
def multilingual(site, rebuilt):
    for language, text in DOCS.items():
        make_page(
            kind="financing_scheme",
            country="TH",
            external_id=f"th-doc-{language}",
            title={"en": f"Scheme in {language}", language: text[:30]},
            summary={"en": "A scheme", language: text},
        )
    make_page(
        kind="incubator",
        country="MY",
        external_id="my-english-only",
        title={"en": "Cradle accelerator"},
        summary={"en": "Seed funding for technology start-ups"},
    )
    rebuilt()


def ids(client, **params) -> set[str]:
    response = client.get("/api/v1/search/", params)
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["th", "lo", "km", "my"])
def test_a_word_inside_an_unspaced_sentence_is_found(client, multilingual, language):
    assert f"th-doc-{language}" in ids(client, q=WORDS[language], lang=language)


@pytest.mark.django_db
def test_vietnamese_is_found_with_and_without_diacritics(client, multilingual):
    assert "th-doc-vi" in ids(client, q="vay vốn", lang="vi")
    assert "th-doc-vi" in ids(client, q="vay von", lang="vi")
    assert "th-doc-vi" in ids(client, q="doanh nghiep nho", lang="vi")


@pytest.mark.django_db
def test_chinese_is_found_by_word_and_by_character(client, multilingual):
    assert "th-doc-zh-hans" in ids(client, q="中小企业", lang="zh-hans")
    assert "th-doc-zh-hans" in ids(client, q="贷", lang="zh-hans")


@pytest.mark.django_db
def test_an_english_only_page_is_found_while_browsing_in_thai(client, multilingual):
    response = client.get("/api/v1/search/", {"q": "accelerator", "lang": "th"})
    [item] = [r for r in response.json()["results"] if r["id"] == "my-english-only"]
    assert item["language"] == "en"
    assert item["title"] == "Cradle accelerator"
    assert item["url"] == "/th/malaysia/my-english-only/"


@pytest.mark.django_db
def test_a_thai_result_is_shown_in_thai_with_the_word_marked(client, multilingual):
    response = client.get("/api/v1/search/", {"q": "ธนาคาร", "lang": "th"})
    [item] = [r for r in response.json()["results"] if r["id"] == "th-doc-th"]
    assert item["language"] == "th"
    assert "<mark>ธนาคาร</mark>" in item["highlight"]


@pytest.mark.django_db
def test_suggestions_complete_a_thai_prefix(client, multilingual):
    response = client.get("/api/v1/search/suggest/", {"q": "ธนา", "lang": "th"})
    assert response.status_code == 200
    assert "th-doc-th" in {s["id"] for s in response.json()["suggestions"]}
