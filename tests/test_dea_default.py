"""DEA-C01 is das's default exam (#13): what a user sees by default, and with the DAS-C01 choice."""

from __future__ import annotations

import json
import re
import sqlite3

from conftest import invoke


def exams(home) -> list[tuple]:
    conn = sqlite3.connect(home / "progress.sqlite3")
    try:
        return conn.execute("SELECT id, profile, status, time_limit FROM exams ORDER BY id").fetchall()
    finally:
        conn.close()


def test_das_exam_is_dea_c01_by_default_and_das_c01_when_asked(das_home):
    default = invoke("exam", "--plain", stdin="s\ny\n")
    assert default.code == 0, default.err
    assert re.search(r"DEA-C01 practice exam · 2:(09:5\d|10:00) left · answered 0/65", default.out)  # 130 min, 65
    assert "FAIL (estimated scaled score 100 of 1000; passing 720)" in default.out
    assert "DAS-C01" not in default.out
    das = invoke("exam", "--profile", "das-c01", "--plain", stdin="s\ny\n")
    assert das.code == 0, das.err
    assert re.search(r"DAS-C01 practice exam · (2:59:5\d|3:00:00) left · answered 0/65", das.out)  # 180 min, 65
    assert "FAIL (estimated scaled score 100 of 1000; passing 750)" in das.out
    assert exams(das_home) == [(1, "dea-c01", "submitted", 130 * 60), (2, "das-c01", "submitted", 180 * 60)]
    upper = invoke("exam", "--profile", "DAS-C01", "--questions", "1", "--plain", stdin="s\ny\n")
    assert upper.code == 0 and "DAS-C01 practice exam" in upper.out, upper.err


def test_a_paused_das_c01_exam_resumes_as_das_c01_and_a_fresh_exam_is_dea_c01(das_home):
    paused = invoke("exam", "--profile", "das-c01", "--questions", "2", "--seed", "3", "--plain", stdin="q\n")
    assert paused.code == 0, paused.err
    asked = invoke("exam", "--plain")  # no --profile: the paused exam is named as what it is
    assert asked.code == 2
    assert re.match(r"das: error: exam 1 \(DAS-C01\) is paused: 0/2 answered, 0:0(5:5\d|6:00) left", asked.err), asked.err
    resumed = invoke("exam", "--resume", "--plain", stdin="s\ny\n")
    assert resumed.code == 0, resumed.err
    assert "Resuming exam 1 (DAS-C01): 0/2 answered" in resumed.err
    assert "DAS-C01 practice exam" in resumed.out and "passing 750)" in resumed.out
    fresh = invoke("exam", "--questions", "2", "--plain", stdin="q\n")
    assert fresh.code == 0, fresh.err
    assert re.search(r"DEA-C01 practice exam · 0:0(3:5\d|4:00) left", fresh.out)  # 130 x 2 / 65 minutes
    assert exams(das_home) == [(1, "das-c01", "submitted", 6 * 60), (2, "dea-c01", "in_progress", 4 * 60)]
    # abandoning a paused DAS-C01 exam starts the default one, and the summary still names DAS-C01
    invoke("exam", "--abandon", "--plain", stdin="q\n")  # drop the DEA-C01 one: a DAS-C01 one is paused next
    invoke("exam", "--abandon", "--profile", "das-c01", "--questions", "1", "--plain", stdin="q\n")
    again = invoke("exam", "--abandon", "--questions", "1", "--plain", stdin="q\n")
    assert again.code == 0, again.err
    assert "Abandoned exam 4 (DAS-C01): 0/1 answered" in again.err and "Starting exam 5." in again.err
    assert "DEA-C01 practice exam" in again.out
    assert [row[1:3] for row in exams(das_home)][3:] == [("das-c01", "abandoned"), ("dea-c01", "in_progress")]


def test_help_says_dea_c01_is_the_default_and_how_to_pick_das_c01():
    exam = invoke("exam", "--help")
    assert exam.code == 0
    text = " ".join(exam.out.replace("│", " ").split())
    assert "DEA-C01 by default; --profile das-c01 for the retired DAS-C01." in text
    assert "dea-c01 (the default;" in text and "or das-c01 (Data Analytics - Specialty, retired April 2024" in text
    root = " ".join(invoke("--help").out.replace("│", " ").split())
    assert "Associate (DEA-C01), the default exam" in root and "das exam --profile das-c01" in root


def test_quiz_feedback_and_summary_put_dea_c01_first():
    result = invoke("quiz", "kinesis", "--count", "1", "--seed", "5", "--plain", stdin="a\n")
    assert result.code == 0, result.err
    assert re.search(r"· [a-z]+ \(DEA-C01\)( · task [0-9., ]+)? · [a-z]+ \(DAS-C01\)\]", result.out), result.out
    summary = result.out[result.out.index("Score:"):]
    assert summary.index("By topic") < summary.index("By DEA-C01 domain") < summary.index("By DAS-C01 domain")


def test_drill_summary_puts_dea_c01_first():
    result = invoke("drill", "wcu", "--count", "1", "--seed", "1", "--plain", stdin="a\n")
    assert result.code == 0, result.err
    assert "· store (DEA-C01) · storage (DAS-C01)]" in result.out
    assert "By DEA-C01 domain\n" in result.out
    assert result.out.index("By DEA-C01 domain") < result.out.index("By DAS-C01 domain")


def test_stats_tables_and_json_put_dea_c01_first():
    invoke("drill", "wcu", "--count", "1", "--seed", "1", "--plain", stdin="a\n")
    table = invoke("stats")
    assert table.code == 0, table.err
    titles = [line.strip() for line in table.out.splitlines() if line.startswith("By ")]
    assert titles == ["By DEA-C01 domain", "By DEA-C01 task statement (exam guide v1.1)", "By DAS-C01 domain",
                      "By topic"]
    data = json.loads(invoke("stats", "--json").out)
    keys = list(data)
    assert keys.index("dea_c01_domains") < keys.index("dea_c01_tasks") < keys.index("das_c01_domains")
    assert {r["name"] for r in data["dea_c01_domains"] if r["answers"]} == {"store"}
    assert {r["name"] for r in data["das_c01_domains"] if r["answers"]} == {"storage"}


def test_notes_list_dea_c01_first_whatever_order_the_file_gives():
    athena = invoke("explain", "athena", "--no-pager")  # content/notes/athena.yaml: exams: [das-c01, dea-c01]
    assert athena.code == 0 and athena.out.splitlines()[0] == "Amazon Athena  [DEA-C01]  [DAS-C01]", athena.out[:200]
    assert json.loads(invoke("explain", "athena", "--json").out)["exams"] == ["dea-c01", "das-c01"]
    exam = invoke("explain", "exam", "--no-pager").out
    dea = exam.index("AWS Certified Data Engineer - Associate (DEA-C01, active)")
    das = exam.index("AWS Certified Data Analytics - Specialty (DAS-C01, retired)")
    assert dea < das
    assert [p["id"] for p in json.loads(invoke("explain", "exam", "--json").out)["profiles"]] == ["dea-c01", "das-c01"]


def test_export_tags_name_dea_c01_first():
    out = invoke("export", "csv", "-", "firehose").out
    row = next(line for line in out.splitlines() if line.startswith('"') and "das::question" in line)
    tags = row.rsplit("\t", 1)[1].strip('"').split()
    exams = [t.split("::")[0] for t in tags if t.startswith(("DEA-C01::", "DAS-C01::"))]
    assert exams and exams == sorted(exams, key=lambda e: e != "DEA-C01") and exams[-1] == "DAS-C01", tags


def test_domain_error_names_dea_c01_domains_first():
    result = invoke("quiz", "--domain", "nope", "--plain")
    assert result.code == 2
    assert result.err == ("das: error: --domain must be a DEA-C01 domain (ingestion, store, operations, governance) "
                          "or a DAS-C01 domain (collection, storage, processing, analysis, security), got 'nope'\n")
