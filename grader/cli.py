"""``grader``: validate the bank, generate and solve assignments, check and grade submissions.

Exit codes: 0 success; 1 a check found wrong answers; 2 bad input (spec, folder, arguments).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from grader import __version__
from grader.errors import BadInput, SpecError

DEFAULT_STUDENT = "default"
# Quiet, and only our plugin: faster start-up, and no third-party plugin can change the grading.
PYTEST_ARGS = ["-q", "--tb=no", "-rN", "--no-header", "-p", "no:cacheprovider", "--disable-plugin-autoload"]


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except SpecError as exc:
        print(exc, file=sys.stderr)
        print(f"{len(exc.problems)} error(s); nothing was written.", file=sys.stderr)
        return 2
    except (FileNotFoundError, FileExistsError, NotADirectoryError, BadInput) as exc:
        print(f"grader: {exc}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="grader", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"grader {__version__}")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="load every spec and try many variants of each problem")
    p.add_argument("problems", type=Path, nargs="+", help="the problem bank folder (several: loaded as one, later ones override by id)")
    p.add_argument("--variants", type=int, default=100, help="variants tried per problem (default 100)")
    p.set_defaults(run=_validate)

    for name, helptext, run in (
        ("generate", "write a student's assignment folder", _generate),
        ("solve", "write a fully correct submission (answer key) for a student's variant", _solve),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("assignment", type=Path, help="assignment file, e.g. problems/assignments/default.yaml")
        p.add_argument("--out", type=Path, required=True, help="folder to write")
        who = p.add_mutually_exclusive_group()
        who.add_argument("--student", default=DEFAULT_STUDENT, help="student id (default: %(default)s)")
        if name == "generate":
            who.add_argument("--roster", type=Path, help="CSV with an id column: a folder, a zip and a key per student")
        p.add_argument("--force", action="store_true", help="replace the folder if it exists")
        _bank_option(p)
        p.set_defaults(run=run)

    p = sub.add_parser("check", help="grade the assignment folder you are in (students)")
    p.add_argument("folder", type=Path, nargs="?", default=Path("."))
    p.add_argument("-k", dest="select", metavar="EXPR", help="only problems whose id matches, e.g. -k 'softmax or matmul'")
    p.add_argument("--ci", action="store_true",
                   help="also write junit.xml and a Markdown summary ($GITHUB_STEP_SUMMARY, else summary.md) in the folder")
    p.set_defaults(run=_check)

    p = sub.add_parser("grade", help="grade submissions against the bank into a gradebook (instructors)")
    p.add_argument("assignment", type=Path)
    p.add_argument("submissions", type=Path, nargs="+", help="submission folders, zips or notebooks, or folders of them")
    p.add_argument("--out", type=Path, required=True, help="folder for the gradebook and the exports")
    p.add_argument("-j", "--jobs", type=_positive, default=1, help="worker processes (default 1)")
    _bank_option(p)
    p.add_argument("--rebuild", action="store_true", help="move the gradebook and its exports aside (e.g. a damaged one) and grade everything afresh")
    p.add_argument("--regrade", action="store_true", help="grade again even what is already in the gradebook")
    p.add_argument("-k", dest="select", default="", metavar="EXPR", help="only problems whose id matches")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--roster", type=Path, help="CSV with id (and name, email, lms_id, aliases): who each submission belongs to")
    isolation = p.add_mutually_exclusive_group()
    isolation.add_argument("--isolation", choices=["bwrap", "uid"], help="how to isolate student code (default: the strongest available)")
    isolation.add_argument("--no-isolation", action="store_true", help="run student code unprotected (said so in the summary)")
    p.add_argument("--unrestricted-python", action="store_true",
                   help="run student code as plain Python, not RestrictedPython (to test the OS isolation alone)")
    p.add_argument("--gradescope-results", type=Path, metavar="PATH",
                   help="also write the (single) submission's results.json here, hidden tests marked after_published")
    p.set_defaults(run=_grade)

    p = sub.add_parser("override", help="set one problem's score of one submission by hand, with a comment (kept across regrading)")
    p.add_argument("assignment", type=Path)
    p.add_argument("--out", type=Path, required=True, help="the folder of the gradebook")
    p.add_argument("--submission", required=True, help="the submission's name (its folder or zip name)")
    p.add_argument("--problem", required=True)
    p.add_argument("--score", type=float, required=True)
    p.add_argument("--comment", required=True, help="why: shown with the problem's feedback")
    p.add_argument("--by", default=os.environ.get("USER", "instructor"), help="who (default: $USER)")
    _bank_option(p)
    p.set_defaults(run=_override)

    p = sub.add_parser("report", help="re-export everything from the gradebook without regrading (CSV, LMS file, feedback, dashboard)")
    p.add_argument("assignment", type=Path)
    p.add_argument("--out", type=Path, required=True, help="the folder of the gradebook")
    p.add_argument("--roster", type=Path, help="CSV with id (and name, email, lms_id, aliases) for the LMS columns")
    _bank_option(p)
    p.set_defaults(run=_report)

    p = sub.add_parser("gradescope", help="build a Gradescope autograder bundle")
    p.add_argument("assignment", type=Path)
    _bank_option(p)
    p.add_argument("--out", type=Path, required=True, help="the zip to write, e.g. autograder.zip")
    p.set_defaults(run=_gradescope)
    return parser


def _bank_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--bank", dest="banks", type=Path, action="append", default=[], metavar="DIR",
                        help="a problem bank to draw on (repeatable; later banks override earlier ones by id; default: the bank "
                             "whose assignments/ holds the assignment, else the bundled problems/)")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _validate(args) -> int:
    from grader.report.summary import bank_summary
    from grader.spec.bank import load_bank

    bank = load_bank(list(args.problems), trials=args.variants, run_code=True)
    print(bank_summary(bank, args.variants))
    return 0


def _generate(args, *, with_key: bool = False) -> int:
    from grader.render.folder import render_folder, write_folder
    from grader.spec.bank import load_assignment

    assignment = load_assignment(args.assignment, args.banks)
    if getattr(args, "roster", None):
        from grader.render.folder import render_roster
        from grader.roster import read_roster

        students = read_roster(args.roster)
        write_folder(render_roster(assignment, students), args.out, force=args.force)
        print(f"wrote {args.out}: students/ (a folder and a zip each), keys/ (answer keys) for {len(students)} students")
        return 0
    write_folder(render_folder(assignment, args.student, with_key=with_key), args.out, force=args.force)
    print(f"wrote {args.out} ({'answer key' if with_key else 'assignment'} of student {args.student})")
    return 0


def _solve(args) -> int:
    return _generate(args, with_key=True)


def _check(args) -> int:
    from grader.submission import META

    folder = args.folder.resolve()
    if not (folder / META).is_file():
        raise FileNotFoundError(f"{folder} is not an assignment folder ({META} is missing)")
    if not (args.select or args.ci):
        from grader.folder_check import check_folder

        return check_folder(folder)
    import pytest

    extra = ["-k", args.select] if args.select else []
    if args.ci:
        summary = os.environ.get("GITHUB_STEP_SUMMARY") or str(folder / "summary.md")
        extra += [f"--junitxml={folder / 'junit.xml'}", "-o", "junit_suite_name=grader", f"--grader-markdown={summary}"]
    code = pytest.main([str(folder), f"--rootdir={folder}", "-p", "grader.pytest_plugin", *PYTEST_ARGS, *extra])
    if code == pytest.ExitCode.NO_TESTS_COLLECTED:
        print(f"grader: no problem matches -k {args.select!r}" if args.select else "grader: the assignment has no problems", file=sys.stderr)
        return 2
    return {pytest.ExitCode.OK: 0, pytest.ExitCode.TESTS_FAILED: 1}.get(pytest.ExitCode(code), 2)


def _grade(args) -> int:
    from grader.batch.identity import roster_index
    from grader.batch.run import grade_batch
    from grader.report.terminal import render_table
    from grader.roster import read_roster
    from grader.sandbox.isolation import Isolation

    isolation = Isolation.NONE if args.no_isolation else Isolation(args.isolation) if args.isolation else None
    roster = roster_index(read_roster(args.roster)) if args.roster else None
    report = grade_batch(args.assignment, args.submissions, args.out, workers=args.jobs, regrade=args.regrade,
                         select=args.select, progress=not args.no_progress, isolation=isolation, roster=roster,
                         restricted=not args.unrestricted_python, rebuild=args.rebuild, banks=args.banks)
    if len(report.graded) <= 3:
        for graded in report.graded:
            print(render_table(f"{graded.name} (student {graded.student})", graded.results), end="")
    for graded in report.graded:
        for flag in [*graded.flags, *(f"{r.problem_id}: {r.flag}" for r in graded.results if r.flag)]:
            print(f"review {graded.name}: {flag}")
    print((args.out / "summary.md").read_text(encoding="utf-8"))
    print(f"graded {len(report.graded)}, unchanged and skipped {len(report.skipped)}; "
          f"gradebook {args.out / 'gradebook.sqlite'}, CSV {args.out / 'grades.csv'}, results.json under {args.out / 'results'}")
    if args.gradescope_results:
        _write_gradescope(args, report)
    for line in submission_problems(report.graded, report.late):
        print(line)
    for name, why in report.failed.items():
        print(f"grader failure on {name} (not recorded; a re-run retries it): {why}", file=sys.stderr)
    if report.interrupted:
        print(f"interrupted: the {len(report.graded)} submissions graded are saved; run the same command again to resume", file=sys.stderr)
        return 1
    return 1 if report.failed else 0


#: What a submission's feedback or flags say, grouped for the instructor's screen.
PROBLEM_GROUPS = (("could not be opened (corrupt or oversized zip, a link)", lambda g: g.error),
                  ("answers.yaml missing", lambda g: any(r.feedback == "answers.yaml is missing" for r in g.results)),
                  ("no solution.py or notebook", lambda g: any(r.feedback.startswith("not answered (no solution.py") for r in g.results)),
                  ("handed in another student's folder", lambda g: any("another student's folder" in f for f in g.flags)),
                  ("not on the roster", lambda g: any("not on the roster" in f for f in g.flags)))


def submission_problems(graded, late: list[str]) -> list[str]:
    """Problems with the batch's submissions, grouped and counted (empty when there are none)."""
    lines = []
    groups = [*PROBLEM_GROUPS, ("late", lambda g: g.name in late)]
    for label, test in groups:
        names = sorted(g.name for g in graded if test(g))
        if names:
            lines.append(f"  {label} ({len(names)}): {', '.join(names[:10])}{' …' if len(names) > 10 else ''}")
    return ["problems with submissions:", *lines] if lines else []


def _report(args) -> int:
    from grader.batch.export import export_all
    from grader.batch.gradebook import Gradebook
    from grader.batch.identity import roster_index
    from grader.batch.run import GRADEBOOK
    from grader.roster import read_roster
    from grader.spec.bank import load_assignment

    assignment = load_assignment(args.assignment, args.banks)
    roster = roster_index(read_roster(args.roster)) if args.roster else None
    if not (args.out / GRADEBOOK).is_file():
        raise FileNotFoundError(f"no gradebook in {args.out}: grade first")
    book = Gradebook(args.out / GRADEBOOK)
    try:
        dashboard = export_all(book, assignment, args.out, book.isolation(), roster)
    finally:
        book.close()
    print(f"wrote grades.csv, lms.csv, summary.md, results/, feedback/ and the dashboard: {dashboard}")
    return 0


def _override(args) -> int:
    from grader.batch.export import export_all
    from grader.batch.gradebook import Gradebook
    from grader.batch.run import GRADEBOOK
    from grader.spec.bank import load_assignment

    assignment = load_assignment(args.assignment, args.banks)
    if not (args.out / GRADEBOOK).is_file():
        raise FileNotFoundError(f"no gradebook in {args.out}: grade first")
    book = Gradebook(args.out / GRADEBOOK)
    try:
        book.override(args.submission, args.problem, args.score, args.comment, args.by)
    except (KeyError, ValueError) as exc:
        print(f"grader: {exc.args[0]}", file=sys.stderr)
        return 2
    finally:
        book.close()
    book = Gradebook(args.out / GRADEBOOK)
    try:
        export_all(book, assignment, args.out, book.isolation())
    finally:
        book.close()
    print(f"{args.submission} · {args.problem}: {args.score:g} (by {args.by}: {args.comment}); exports rewritten in {args.out}")
    return 0


def _write_gradescope(args, report) -> None:
    from grader.batch.export import variant_line
    from grader.report.gradescope import write_results_json
    from grader.spec.bank import load_assignment

    if len(report.graded) != 1:
        raise FileNotFoundError(f"--gradescope-results needs exactly one submission, found {len(report.graded)}")
    graded = report.graded[0]
    assignment = load_assignment(args.assignment, args.banks)
    hidden = frozenset(p.id for p, _ in assignment.items if p.code_function is not None)
    output = " ".join([variant_line(graded.student, assignment), *graded.flags])
    write_results_json(args.gradescope_results, graded.results, graded.seconds, output=output, after_published=hidden)


def _gradescope(args) -> int:
    from grader.gradescope import build_bundle

    names = build_bundle(args.assignment, args.out, args.banks)
    print(f"wrote {args.out}: setup.sh, run_autograder, the grader package and {sum(n.startswith('banks/') for n in names)} spec files")
    return 0
