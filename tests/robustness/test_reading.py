"""Catalogue, reading: no document is refused for looking odd, and no line of valid input is lost."""

from __future__ import annotations

import json
from pathlib import Path

from tests.robustness.conftest import GOOD, article, assert_built, check, graph_of, jsonl, kg

FRENCH = ("Les rebelles ont pris le contrôle de la ville après des combats violents, selon des sources locales "
          "et des témoins sur place, qui ont fait état de nombreuses victimes parmi les civils de la région.")


def test_reading_telegraphic_wire_flash_is_built_without_a_warning(tmp_path: Path, out: Path) -> None:
    (tmp_path / "flash.jsonl").write_text(jsonl(article("flash", "Chad shelled rebel positions near Maiduguri.")))
    run = kg("build", tmp_path / "flash.jsonl", "-o", out)
    check(run, 0)
    assert "E020" not in run.err
    assert_built(graph_of(out), "flash")


def test_reading_doubtful_language_is_built_with_a_warning(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.jsonl").write_text(jsonl(article("fr-1", FRENCH), article("juba-1")))
    run = kg("build", tmp_path / "a.jsonl", "-o", out)
    check(run, 0, r"^warning E020: .*a\.jsonl:1: the text may not be English")
    assert_built(graph_of(out), "fr-1", "juba-1")


def test_reading_jsonl_keeps_unicode_line_separators_inside_strings(tmp_path: Path, out: Path) -> None:
    texts = {"sep-1": GOOD["juba-1"].replace(", a", ",\u2028a"), "sep-2": GOOD["marawi-1"].replace(" on", "\u2029on"),
             "sep-3": GOOD["kidal-1"].replace(" near", "\u0085near")}
    (tmp_path / "a.jsonl").write_text(jsonl(*(article(k, v) for k, v in texts.items())), encoding="utf-8")
    run = kg("build", tmp_path / "a.jsonl", "-o", out)
    check(run, 0)
    assert "skipped" not in run.err
    assert_built(graph_of(out), *texts)


def test_reading_jsonl_with_windows_line_ends(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.jsonl").write_bytes(jsonl(article("juba-1"), article("marawi-1")).replace("\n", "\r\n").encode())
    check(kg("build", tmp_path / "a.jsonl", "-o", out), 0)
    assert_built(graph_of(out), "juba-1", "marawi-1")


def test_reading_deeply_nested_jsonl_line_is_reported_and_the_rest_built(tmp_path: Path, out: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "a.jsonl").write_text(jsonl(article("juba-1")) + deep + "\n" + jsonl(article("marawi-1")))
    run = kg("build", tmp_path / "a.jsonl", "-o", out)
    check(run, 0, r"^skipped .*a\.jsonl:2: E005: .*line 2: malformed JSON: nested too deeply")
    assert_built(graph_of(out), "juba-1", "marawi-1")


def test_reading_deeply_nested_json_file_is_reported_and_the_rest_built(tmp_path: Path, out: Path) -> None:
    (tmp_path / "deep.json").write_text('{"text": ' + "[" * 100_000 + "]" * 100_000 + "}")
    (tmp_path / "good.json").write_text(json.dumps(article("juba-1")))
    run = kg("build", tmp_path, "-o", out)
    check(run, 0, r"^skipped .*deep\.json: E004: .*nested too deeply")
    assert_built(graph_of(out), "juba-1")


def test_reading_impossible_date_is_reported_with_file_and_line(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.jsonl").write_text(jsonl(article("juba-1"), article("marawi-1", published="2023-02-30")))
    run = kg("build", tmp_path / "a.jsonl", "-o", out)
    check(run, 0, r"^skipped .*a\.jsonl:2: E015: invalid date '2023-02-30'")
    assert_built(graph_of(out), "juba-1")


def test_reading_number_where_a_date_belongs_is_reported(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.jsonl").write_text(jsonl(article("juba-1", published=20230201), article("marawi-1")))
    run = kg("build", tmp_path / "a.jsonl", "-o", out)
    check(run, 0, r"^skipped .*a\.jsonl:1: E015: invalid date 20230201")
    assert_built(graph_of(out), "marawi-1")


def test_reading_utf16_with_a_byte_order_mark_is_decoded(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.json").write_bytes(json.dumps(article("juba-1")).encode("utf-16"))
    check(kg("build", tmp_path / "a.json", "-o", out), 0)
    assert_built(graph_of(out), "juba-1")


def test_reading_utf16_without_a_byte_order_mark_is_decoded(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.txt").write_bytes(GOOD["marawi-1"].encode("utf-16-le"))
    (tmp_path / "b.jsonl").write_bytes(jsonl(article("juba-1")).encode("utf-16-be"))
    check(kg("build", tmp_path, "-o", out), 0)
    dataset = graph_of(out)
    assert_built(dataset, "juba-1")
    assert len(list(dataset.graphs())) >= 3  # the .txt document too, under its text id


def test_reading_utf8_with_a_byte_order_mark_is_read(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(article("juba-1")).encode())
    check(kg("build", tmp_path / "a.json", "-o", out), 0)
    assert_built(graph_of(out), "juba-1")


def test_reading_latin1_file_is_reported_and_the_rest_built(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.txt").write_bytes("Les rebelles ont pris la ville de Gao, a déclaré l'armée.".encode("latin-1"))
    (tmp_path / "b.json").write_text(json.dumps(article("juba-1")))
    run = kg("build", tmp_path, "-o", out)
    check(run, 0, r"^skipped .*a\.txt: E003: .*not UTF-8")
    assert_built(graph_of(out), "juba-1")


def test_reading_binary_file_is_reported(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    (tmp_path / "b.json").write_text(json.dumps(article("juba-1")))
    check(kg("build", tmp_path, "-o", out), 0, r"^skipped .*a\.txt: E003: ")
    assert_built(graph_of(out), "juba-1")


def test_reading_empty_file_is_reported(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.json").write_text("")
    (tmp_path / "b.json").write_text(json.dumps(article("juba-1")))
    check(kg("build", tmp_path, "-o", out), 0, r"^skipped .*a\.json: E002: .*empty")
    assert_built(graph_of(out), "juba-1")


def test_reading_blank_text_is_reported(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.jsonl").write_text(jsonl(article("juba-1"), {"id": "x", "text": " \n "}))
    check(kg("build", tmp_path / "a.jsonl", "-o", out), 0, r"^skipped .*a\.jsonl:2: E006: ")
    assert_built(graph_of(out), "juba-1")


def test_reading_object_without_text_is_reported(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.jsonl").write_text(jsonl({"id": "x", "body": "no text key"}, article("juba-1")))
    check(kg("build", tmp_path / "a.jsonl", "-o", out), 0, r"^skipped .*a\.jsonl:1: E007: ")
    assert_built(graph_of(out), "juba-1")


def test_reading_malformed_jsonl_line_is_reported_with_its_number(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.jsonl").write_text(jsonl(article("juba-1")) + '{"id": "x", "text": \n' + jsonl(article("marawi-1")))
    check(kg("build", tmp_path / "a.jsonl", "-o", out), 0, r"^skipped .*a\.jsonl:2: E005: .*line 2")
    assert_built(graph_of(out), "juba-1", "marawi-1")


def test_reading_json_array_with_one_bad_item(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps([article("juba-1"), 42, article("marawi-1")]))
    check(kg("build", tmp_path / "a.json", "-o", out), 0, r"^skipped .*a\.json\[1\]: E007: ")
    assert_built(graph_of(out), "juba-1", "marawi-1")


def test_reading_missing_input_is_reported_and_the_rest_built(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(article("juba-1")))
    check(kg("build", tmp_path / "a.json", tmp_path / "nope.json", "-o", out), 0, r"^skipped .*nope\.json: E001: ")
    assert_built(graph_of(out), "juba-1")


def test_reading_unsupported_file_type_is_reported(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.json").write_text(json.dumps(article("juba-1")))
    (tmp_path / "b.csv").write_text("id,text\n")
    check(kg("build", tmp_path / "a.json", tmp_path / "b.csv", "-o", out), 0, r"^skipped .*b\.csv: E008: ")
    assert_built(graph_of(out), "juba-1")


def test_reading_id_of_the_wrong_kind_is_reported(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.jsonl").write_text(jsonl({"id": {"n": 1}, "text": GOOD["juba-1"]}, article("marawi-1")))
    check(kg("build", tmp_path / "a.jsonl", "-o", out), 0, r"^skipped .*a\.jsonl:1: E024: .*not dict")
    assert_built(graph_of(out), "marawi-1")


def test_reading_numeric_id_is_kept_as_text(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.jsonl").write_text(jsonl({"id": 17, "text": GOOD["juba-1"]}))
    check(kg("build", tmp_path / "a.jsonl", "-o", out), 0)
    assert_built(graph_of(out), "17")


def test_reading_lone_surrogate_in_text_is_built(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.jsonl").write_text('{"id": "s-1", "text": "' + GOOD["juba-1"] + ' \\ud800"}\n')
    check(kg("build", tmp_path / "a.jsonl", "-o", out), 0)
    assert_built(graph_of(out), "s-1")


def test_reading_control_characters_in_text_are_built(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.jsonl").write_text(jsonl(article("c-1", GOOD["juba-1"] + "\u0000\u0007\u001b[31m")))
    check(kg("build", tmp_path / "a.jsonl", "-o", out), 0)
    assert_built(graph_of(out), "c-1")


def test_reading_standard_input_text_with_a_date(out: Path) -> None:
    run = kg("build", "-", "--published", "2024-03-01", "-o", out, stdin=GOOD["juba-1"])
    check(run, 0)
    assert len(graph_of(out)) > 3


def test_reading_standard_input_jsonl(out: Path) -> None:
    check(kg("build", "-", "-o", out, stdin=jsonl(article("juba-1"), article("marawi-1"))), 0)
    assert_built(graph_of(out), "juba-1", "marawi-1")


def test_reading_nothing_buildable_fails_with_the_reason(tmp_path: Path, out: Path) -> None:
    (tmp_path / "a.json").write_text("{")
    check(kg("build", tmp_path / "a.json", "-o", out), 1, r"^error E004: .*a\.json: malformed JSON")
    assert not out.exists()


def test_reading_empty_folder_fails_with_the_reason(tmp_path: Path, out: Path) -> None:
    (tmp_path / "empty").mkdir()
    check(kg("build", tmp_path / "empty", "-o", out), 1, r"^error E019: .*no input documents")
    assert not out.exists()
