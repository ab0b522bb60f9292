"""`lmplanner suggest`: one argument, or one post per line from stdin. In this process through
`lmplanner.cli.main`, except the stdin test, which feeds a real process's standard input."""

from __future__ import annotations

import json

from tests.cli.cli_support import CliResult, run_cli, run_process


def suggest(*args: str) -> CliResult:
    return run_cli("suggest", *args)


def test_one_text_as_json() -> None:
    result = suggest("--json", "How to set up two-factor login in five minutes")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["role"] == "manager"
    assert 0.5 < answer["confidence"] <= 1.0
    assert answer["cues"] and all(isinstance(c, str) for c in answer["cues"])


def test_lines_from_stdin_one_answer_each() -> None:
    lines = [
        "Flash sale: 30% off every plan until Sunday",
        "Why we believe the next decade of retail belongs to small shops",
        "Nuestro nuevo producto ya está disponible en todas las tiendas",
    ]
    result = run_process("suggest", "--json", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["role"] for a in answers[:2]] == ["manager", "leader"]
    assert len(answers) == 3
    assert answers[2]["confidence"] <= 0.55  # not English: no confident guess


def test_readable_output() -> None:
    result = suggest("Our story: the customer who taught us to delete features")
    assert result.returncode == 0
    role, confidence, cues = result.stdout.strip().split("\t")
    assert role == "leader" and float(confidence) > 0.5 and cues
