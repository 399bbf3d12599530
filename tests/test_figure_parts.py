"""Figure parts: a figure that counts part of another's total, only where the text says so."""

from __future__ import annotations

import re

from tests.conftest import rows, squeeze


def test_a_part_and_its_whole_are_stated_in_one_sentence_and_fit(seed_db, source_texts) -> None:
    pairs = rows(
        seed_db,
        """SELECT f.part_id, f.whole_id, p.value AS pv, w.value AS wv, p.unit AS pu, w.unit AS wu,
                                    s.file, p.excerpt AS pe, w.excerpt AS we
                             FROM figurepart f JOIN figure p ON p.id = f.part_id JOIN figure w ON w.id = f.whole_id
                             JOIN source s ON s.slug = p.source_slug AND s.slug = w.source_slug""",
    )
    assert {(r["part_id"], r["whole_id"]) for r in pairs} == {(32, 52), (34, 31), (52, 30)}
    for r in pairs:
        assert r["pu"] == r["wu"] and r["pv"] <= r["wv"]
        sentences = re.split("[。！？]", source_texts[r["file"]])
        assert any(squeeze(r["pe"]) in s and squeeze(r["we"]) in s for s in sentences), (r["part_id"], r["whole_id"])
