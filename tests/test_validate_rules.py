"""Every DIK rule fires on its fixture case and stays quiet on good input (cases.yaml)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from conftest import PROJECT, TODAY

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "rules"))
import rulecases  # noqa: E402

from registri.register import load_register  # noqa: E402
from registri.rules import RULES  # noqa: E402
from registri.validation import check, run  # noqa: E402

DAY = dt.date.fromisoformat(TODAY)
CASES = rulecases.cases()


def codes_for(case: dict, tmp_path: Path) -> set[str]:
    root = rulecases.make_register(tmp_path / "register")
    rulecases.build_case(root, case)
    return {f.code for f in check(load_register(root), DAY)}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_rule_case(case: dict, tmp_path: Path) -> None:
    assert codes_for(case, tmp_path) == set(case["expect"])


def test_every_rule_has_a_firing_case() -> None:
    fired = {code for case in CASES for code in case["expect"]}
    missing = sorted(rule.code for rule in RULES if rule.code not in fired)
    assert not missing, f"rules without a failing fixture: {missing}"


def test_every_rule_has_a_quiet_case() -> None:
    """Quiet: good input for everything (`quiet: all`), plus a named near-miss for the subtle rules."""
    quiet: set[str] = set()
    for case in (c for c in CASES if not c["expect"]):
        named = case.get("quiet") or []
        quiet.update([named] if isinstance(named, str) else named)
    assert "all" in quiet
    near_misses = {"DIK004", "DIK007", "DIK009", "DIK014", "DIK016", "DIK017", "DIK019", "DIK020", "DIK022",
                   "DIK023", "DIK024", "DIK027", "DIK030", "DIK032", "DIK039"}
    assert near_misses <= quiet


def test_sample_register_is_clean() -> None:
    register = load_register(PROJECT)
    result = run(register, DAY)
    assert len(register.records) >= 12
    assert result.findings == () and result.waived == ()


def test_finding_points_at_the_field_line(tmp_path: Path) -> None:
    root = rulecases.make_register(tmp_path / "register")
    case = {"set": {"klasifikasi.jangka_waktu.berakhir": dt.date(2028, 6, 16)}}
    (file,) = rulecases.build_case(root, case)
    (finding,) = check(load_register(root), DAY)
    line = next(n for n, text in enumerate(file.read_text("utf-8").splitlines(), 1) if "berakhir:" in text)
    assert (finding.code, finding.line, finding.field) == ("DIK015", line, "klasifikasi.jangka_waktu.berakhir")
    assert finding.record == "DIK-2026-901" and "2028-06-15" in finding.message


def test_office_limit_overrides_the_pasal17_table(tmp_path: Path) -> None:
    config = tmp_path / "registri.yaml"
    config.write_text((PROJECT / "registri.yaml").read_text("utf-8").replace("  17a: 30", "  17a: 30\n  17b: 1"), "utf-8")
    root = rulecases.make_register(tmp_path / "register", config)
    rulecases.build_case(root, {})
    findings = check(load_register(root), DAY)
    assert [(f.code, "1 tahun" in f.message) for f in findings] == [("DIK016", True)]


def test_duplicate_id_found_from_file_names_when_validating_one_file(tmp_path: Path) -> None:
    """The hook validates only the changed file; the other record is known by its file name alone."""
    root = rulecases.make_register(tmp_path / "register")
    rulecases.build_case(root, {"path": "records/2025/DIK-2026-901.yaml"})
    (mine,) = rulecases.build_case(root, {})
    register = load_register(root, [mine])
    assert len(register.records) == 1
    findings = check(register, DAY, [mine])
    assert [(f.code, f.path) for f in findings] == [("DIK004", "records/2026/DIK-2026-901.yaml")]
    assert "records/2025/DIK-2026-901.yaml" in findings[0].message


def test_waived_warning_is_reported_as_waived(tmp_path: Path) -> None:
    case = next(c for c in CASES if c["name"] == "waiving a warning with a reason")
    root = rulecases.make_register(tmp_path / "register")
    rulecases.build_case(root, case)
    result = run(load_register(root), DAY)
    assert result.findings == ()
    assert [f.code for f in result.waived] == ["DIK029"]


def test_waiver_of_another_tools_warning_is_known(tmp_path: Path) -> None:
    """A waiver naming a registered code of another module (scan, audit) is not 'unknown'."""
    from registri.catalog import all_rules

    other = next((r for r in all_rules().values() if not r.code.startswith("DIK") and r.waivable), None)
    if other is None:
        pytest.skip("no other module declares a waivable rule yet")
    root = rulecases.make_register(tmp_path / "register")
    rulecases.build_case(root, {"set": {"abaikan_aturan": [{"kode": other.code, "alasan": "Nomor surat, bukan data pribadi pegawai."}]}})
    assert check(load_register(root), DAY) == []


def test_rule_codes_are_unique_and_sequential() -> None:
    codes = [rule.code for rule in RULES]
    assert codes == [f"DIK{n:03d}" for n in range(1, len(codes) + 1)]
    assert all(rule.title and rule.meaning and rule.fix for rule in RULES)


def test_only_warnings_among_the_validation_rules_can_be_waived() -> None:
    """Errors of validation must be fixed, never waived (the brief's rule for `validate`)."""
    waivable = [rule for rule in RULES if rule.waivable]
    assert waivable, "some warnings are meant to be waivable"
    assert all(rule.level.value == "warning" for rule in waivable)


def test_a_waiver_of_a_validation_error_is_itself_an_error(tmp_path: Path) -> None:
    root = rulecases.make_register(tmp_path / "register")
    rulecases.build_case(root, {"set": {"klasifikasi.keamanan": "biasa",
                                        "abaikan_aturan": [{"kode": "DIK026", "alasan": "Kami anggap biasa saja karena sudah lama."}]}})
    codes = sorted(f.code for f in check(load_register(root), DAY))
    assert codes == ["DIK026", "DIK039"]
