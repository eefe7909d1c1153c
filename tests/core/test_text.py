"""`motcua.core.text.fold`: diacritic-insensitive Vietnamese search keys."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.core.text import fold, fold_words


def test_fold_procedure_name():
    assert fold("Đăng ký kết hôn") == fold("dang ky ket hon") == "dang ki ket hon"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("đ", "d"),
        ("Đ", "d"),
        ("Đồng Đế", "dong de"),
        ("ĐĂNG KÝ", "dang ki"),
        ("Thừa Thiên Huế", "thua thien hue"),
        ("Hòa Bình", "hoa binh"),
        ("Hoà Bình", "hoa binh"),  # old-style tone placement
        ("Quảng Ngãi", "quang ngai"),
        ("Cấp bản sao trích lục hộ tịch", "cap ban sao trich luc ho tich"),
        ("ưƯơƠăĂâÂêÊôÔ", "uuooaaaaeeoo"),
        ("Mã số 0100109106", "ma so 0100109106"),
    ],
)
def test_fold_letters(raw, expected):
    assert fold(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  đăng   ký  ", "dang ki"),
        ("đăng\tký\nkết\r\nhôn", "dang ki ket hon"),
        ("đăng\u00a0ký", "dang ki"),  # no-break space
        ("đăng\u3000ký", "dang ki"),  # ideographic space
        ("   ", ""),
    ],
)
def test_fold_white_space(raw, expected):
    assert fold(raw) == expected


@pytest.mark.parametrize("text", ["Đăng ký kết hôn", "Nguyễn Thị Ánh Tuyết", "Hoà/Hòa", "Ỷ Lan"])
def test_fold_nfc_and_nfd_inputs_agree(text):
    nfc = unicodedata.normalize("NFC", text)
    nfd = unicodedata.normalize("NFD", text)
    assert nfc != nfd
    assert fold(nfc) == fold(nfd) == fold(unicodedata.normalize("NFKC", text))
    assert fold(nfd).isascii()


def test_fold_nfd_d_with_stroke():
    # đ has no decomposition, so NFD leaves it as is; fold must still map it
    assert unicodedata.normalize("NFD", "đ") == "đ"
    assert fold(unicodedata.normalize("NFD", "Đường")) == "duong"


@pytest.mark.parametrize("empty", ["", None])
def test_fold_empty(empty):
    assert fold(empty) == ""


def test_fold_words():
    assert fold_words("Đăng ký, kết hôn (có yếu tố nước ngoài)!") == [
        "dang",
        "ki",
        "ket",
        "hon",
        "co",
        "yeu",
        "to",
        "nuoc",
        "ngoai",
    ]
    assert fold_words("") == []


@given(st.text())
def test_fold_is_idempotent(x):
    assert fold(fold(x)) == fold(x)


@given(st.text())
def test_fold_output_shape(x):
    folded = fold(x)
    assert folded == folded.strip()
    assert "  " not in folded
    assert not any(unicodedata.category(ch) == "Mn" for ch in folded)
    assert "đ" not in folded
    assert "Đ" not in folded


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ ̣̀́̃̉"))
def test_fold_of_vietnamese_alphabet_is_ascii(x):
    assert fold(x).isascii()


@given(st.text())
def test_fold_ignores_normalisation_form(x):
    assert fold(unicodedata.normalize("NFC", x)) == fold(unicodedata.normalize("NFD", x))
