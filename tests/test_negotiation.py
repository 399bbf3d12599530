import pytest

from app.negotiation import qualities


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, {}),
        ("", {}),
        ("gzip, deflate, br", {"gzip": 1.0, "deflate": 1.0, "br": 1.0}),
        ("gzip;q=0, identity", {"gzip": 0.0, "identity": 1.0}),
        ("zh-CN,zh;q=0.9,en;q=0.8", {"zh-cn": 1.0, "zh": 0.9, "en": 0.8}),
        ("en;q=abc, *;q=0.1", {"en": 0.0, "*": 0.1}),
        ("EN ; q=0.5", {"en": 0.5}),
    ],
)
def test_an_accept_header_reads_as_its_tokens_and_q_values(header, expected) -> None:
    assert qualities(header) == expected
