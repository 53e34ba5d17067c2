"""What provincial staff run on the server."""
from __future__ import annotations

from tests.harness import Officer, texts


def test_district_codes_are_printed_and_one_can_be_rotated(app, codes):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["districts", "codes"])
    assert result.exit_code == 0
    assert codes["nong-yai"] in result.output and "อำเภอหนองใหญ่" in result.output
    assert len([line for line in result.output.splitlines() if "อำเภอ" in line]) == 11
    result = runner.invoke(args=["districts", "codes", "--rotate", "nong-yai"])
    assert result.exit_code == 0 and codes["nong-yai"] not in result.output
    result = runner.invoke(args=["districts", "codes", "--rotate", "atlantis"])
    assert result.exit_code != 0 and "no district 'atlantis'" in result.output


def test_admins_from_the_cli_and_from_config(app, config):
    runner = app.test_cli_runner()
    admin = "U" + "b" * 32
    assert runner.invoke(args=["admins", "add", admin]).exit_code == 0
    assert admin in runner.invoke(args=["admins", "list"]).output
    assert runner.invoke(args=["admins", "add", "not-a-user"]).exit_code != 0
    assert runner.invoke(args=["admins", "remove", admin]).exit_code == 0
    assert admin not in runner.invoke(args=["admins", "list"]).output


def test_a_code_printed_by_the_cli_registers_an_officer(app, bot):
    output = app.test_cli_runner().invoke(args=["districts", "codes"]).output
    line = next(line for line in output.splitlines() if "อำเภอเกาะสีชัง" in line)
    code = line.split()[2]
    officer = Officer(bot)
    assert "อำเภอเกาะสีชัง" in texts(officer.says(f"ลงทะเบียน {code}"))
