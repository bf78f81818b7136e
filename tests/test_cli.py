"""cli.py: parse, demo, train through the real entry point, exit codes and stdin."""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest

from segmenter.cli import main
from segmenter.output import output_schema


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "segmenter.cli", *args], input=stdin,
                          capture_output=True, timeout=600)


def test_parse_jsonl_keeps_input_order_and_records_bad_input(seed_paths, tmp_path, capsys):
    missing = tmp_path / "missing.txt"
    binary = tmp_path / "junk.bin"
    binary.write_bytes(b"\x00\x01binary\x00")
    code = main(["parse", str(seed_paths[2]), str(missing), str(binary), str(seed_paths[0])])
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert code == 1  # some document failed, the others are there
    assert [r["source"] for r in records] == [str(seed_paths[2]), str(missing), str(binary), str(seed_paths[0])]
    assert records[0]["error"] is None and records[0]["notes"][0]["topic"] == "segment_reporting"
    assert records[1]["error"]["type"] == "SourceNotFoundError"
    assert records[2]["error"]["type"] == "InputError"
    assert "missing.txt" in err and "Traceback" not in err
    for record in records:
        jsonschema.validate(record, output_schema())


def test_parse_json_to_file(seed_paths, tmp_path):
    out = tmp_path / "out.json"
    assert main(["parse", "--format", "json", "-o", str(out), str(seed_paths[1])]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data) == 1 and data[0]["notes"][0]["topic"] == "receivables"


def test_parse_reads_stdin(seed_paths):
    proc = run_cli("parse", "-", stdin=seed_paths[2].read_bytes())
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["source"] == "-"
    assert record["notes"][0]["number"] == "27"


def test_demo_prints_notes_topics_and_grids():
    proc = run_cli("demo")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode()
    assert text.count("topic=inventories") == 2
    assert "topic=receivables" in text and "topic=segment_reporting" in text
    assert "-874,897" in text and "-167,567,000" in text
    assert "@2025-06-30" in text and "2025-01-01..2025-06-30" in text


@pytest.mark.parametrize("command", [[], ["parse"], ["demo"], ["train"], ["evaluate"]])
def test_help_exists_for_every_command(command):
    proc = run_cli(*command, "--help")
    assert proc.returncode == 0
    assert b"usage: segmenter" in proc.stdout


def test_train_writes_bundle_card_and_scores(tmp_path):
    from pathlib import Path

    # A real slice of the training data (both splits) keeps this test quick;
    # the full training run is `segmenter train`.
    source = Path(__file__).parent.parent / "training_data"
    data = tmp_path / "data"
    data.mkdir()
    (data / "seeds.jsonl").write_bytes((source / "seeds.jsonl").read_bytes())
    lines = (source / "notes.jsonl").read_text(encoding="utf-8").splitlines()
    picked = [line for line in lines if '"split": "train"' in line][:60] + [line for line in lines if '"split": "test"' in line][:30]
    (data / "notes.jsonl").write_text("\n".join(picked) + "\n", encoding="utf-8")
    rows = (source / "row_periods.jsonl").read_text(encoding="utf-8").splitlines()
    (data / "row_periods.jsonl").write_text("\n".join(rows[::20]) + "\n", encoding="utf-8")
    assert main(["train", "--data", str(data), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "block_classifier.joblib").is_file()
    card = (tmp_path / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "Held-out scores" in card
    scores = json.loads((tmp_path / "scores.json").read_text(encoding="utf-8"))
    assert scores["held_out"]["accuracy"] > 0.8
    assert not set(scores["train_companies"]) & set(scores["test_companies"])
    assert scores["period_types"]["held_out_accuracy"] > 0.7
    assert "Period type of a table row" in card


def test_train_without_row_periods_names_the_missing_file(tmp_path, capsys):
    from pathlib import Path

    data = tmp_path / "data"
    data.mkdir()
    (data / "seeds.jsonl").write_bytes((Path(__file__).parent.parent / "training_data" / "seeds.jsonl").read_bytes())
    assert main(["train", "--data", str(data), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "row_periods.jsonl" in err and str(data) in err
    assert not (tmp_path / "out" / "block_classifier.joblib").exists()


def test_parse_parquet_from_folder_glob_archive_and_list(seed_paths, tmp_path, capsys):
    pd = pytest.importorskip("pandas", reason="reading the tables back uses pandas")
    pytest.importorskip("pyarrow", reason="Parquet output needs pyarrow")
    import io
    import tarfile
    from pathlib import Path

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "seed1.txt").write_bytes(seed_paths[1].read_bytes())
    archive = tmp_path / "seeds.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        data = seed_paths[2].read_bytes()
        info = tarfile.TarInfo("notes/seed2.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01binary\x00")
    listing = tmp_path / "list.txt"
    listing.write_text(f"{seed_paths[0]}\n{junk}\n", encoding="utf-8")
    corpus_glob = str(Path(__file__).parent / "fixtures" / "corpus" / "AM*.txt")
    out = tmp_path / "out"
    code = main(["parse", "--workers", "1", "--format", "parquet", "-o", str(out), "--part-size", "2",
                 str(folder), corpus_glob, str(archive), "--from-list", str(listing)])
    _, err = capsys.readouterr()
    assert code == 1
    names = list(pd.read_parquet(out / "documents")["document"])
    corpus = sorted(str(p) for p in (Path(__file__).parent / "fixtures" / "corpus").glob("AM*.txt"))
    assert names == [str(folder / "seed1.txt"), *corpus, f"{archive}!notes/seed2.txt", str(seed_paths[0]), str(junk)]
    errors = pd.read_parquet(out / "errors")
    assert list(errors["document"]) == [str(junk)] and list(errors["error_type"]) == ["InputError"]
    notes = pd.read_parquet(out / "notes")
    assert "segment_reporting" in set(notes[notes["document"] == f"{archive}!notes/seed2.txt"]["topic"])
    assert "1 errors" in err and "MB/s" in err

    # Rerun with --resume: every part is found done and the files do not change.
    before = {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    code = main(["parse", "--workers", "1", "--format", "parquet", "-o", str(out), "--part-size", "2", "--resume",
                 str(folder), corpus_glob, str(archive), "--from-list", str(listing)])
    _, err = capsys.readouterr()
    assert code == 1 and f"{len(names)} already done" in err
    assert {p: p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == before


def test_parse_refuses_unusable_output_options(seed_paths, tmp_path, capsys):
    assert main(["parse", "--format", "parquet", str(seed_paths[0])]) == 2
    assert main(["parse", "--resume", str(seed_paths[0])]) == 2  # nothing to resume on stdout
    assert main(["parse", "--resume", "--format", "json", "-o", str(tmp_path / "x.json"), str(seed_paths[0])]) == 2
    (tmp_path / "out" / "documents").mkdir(parents=True)
    assert main(["parse", "--format", "parquet", "-o", str(tmp_path / "out"), str(seed_paths[0])]) == 2
    assert main(["parse"]) == 2
    err = capsys.readouterr().err
    assert "needs -o DIR" in err and "--resume" in err and "already holds output" in err


def test_parse_to_a_device_writes_plain_json_lines(seed_paths, capsys):
    import os

    assert main(["parse", "--quiet", "-o", os.devnull, str(seed_paths[0])]) == 0
    assert not os.path.exists(os.devnull + ".done")  # no ledger beside a device
    assert main(["parse", "--resume", "-o", os.devnull, str(seed_paths[0])]) == 2
    assert "regular file" in capsys.readouterr().err


def test_an_output_that_cannot_be_written_is_a_clear_error(seed_paths, tmp_path, capsys):
    (tmp_path / "a-file").write_text("not a folder")
    target = tmp_path / "a-file" / "out.jsonl"
    assert main(["parse", "--quiet", "-o", str(target), str(seed_paths[0])]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and "a-file" in err and "Traceback" not in err


def test_parse_list_from_stdin_with_quiet(seed_paths, monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{seed_paths[1]}\n{seed_paths[2]}\n"))
    assert main(["parse", "--workers", "1", "--quiet", "--from-list", "-"]) == 0
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["source"] for r in records] == [str(seed_paths[1]), str(seed_paths[2])]
    assert err == ""
